#pragma once
// The symbol table as a dataset: one JSON record per module, class, function and method with
// everything the model knows about it - signature, decorators, docstring (raw and parsed, with
// its detected style), attached comments, raise sites - and its source code. The field names
// follow what code-dataset tools already read (CodeSearchNet: func_name, code, docstring,
// url-style line spans; The Vault: docstring_params). Schema: docs/symbols-format.md.
#include <optional>
#include <ostream>
#include <string>

#include "static/module_model.hpp"

namespace codetrace {

struct SymbolRecordContext {
  std::string repo;
  std::optional<std::string> commit;
  bool include_private = false;
};

// Writes the records of one module (its `source` must be set) in source order.
void write_symbol_records(const ModuleModel& module, const SymbolRecordContext& context, std::ostream& out);

}  // namespace codetrace
