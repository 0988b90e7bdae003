#pragma once
// One embedded interpreter for every test that needs Python, started on first use.
#include "static/python/interpreter.hpp"

namespace codetrace::testing {

inline void ensure_python() {
  static Interpreter interpreter({/*isolated=*/true});
}

}  // namespace codetrace::testing

#include <string>

#include "static/comment_scanner.hpp"
#include "static/module_model.hpp"
#include "static/python/ast_converter.hpp"

namespace codetrace::testing {

// Parses `source` as file `path` of module `module_name` and builds its model.
inline ModuleModel model_of(const std::string& source, const std::string& path = "m.py",
                            const std::string& module_name = "m") {
  ensure_python();
  static AstConverter converter;
  ParseOutcome parsed = converter.parse(source, path);
  if (!parsed.tree) throw std::runtime_error("test source does not parse: " + parsed.error.message);
  ModuleModel m = build_module_model(*parsed.tree, source, scan_comments(source), path, module_name);
  m.source = source;  // as the pipeline keeps it: the Q&A contexts quote it
  return m;
}

inline const Symbol& symbol(const ModuleModel& m, const std::string& qualname) {
  for (const Symbol& s : m.symbols)
    if (s.qualname == qualname) return s;
  throw std::runtime_error("no symbol " + qualname);
}

}  // namespace codetrace::testing
