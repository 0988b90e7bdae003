// `codetrace validate`: re-parses --root once (definitions and a fresh static graph, from the same
// parse), then checks every file and reports (core/validate). Exit 3 when a check fails.
#include <limits.h>
#include <stdlib.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command_support.hpp"
#include "static/qa/qa_generator.hpp"
#include "cli/run_cli.hpp"
#include "core/file_read.hpp"
#include "core/validate/validate.hpp"
#include "static/analysis_pipeline.hpp"
#include "static/graph/call_facts.hpp"
#include "static/graph/resolver.hpp"
#include "static/python/interpreter.hpp"
#include "tracer/trace_file.hpp"

namespace codetrace {
namespace {

int count_lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n + (!text.empty() && text.back() != '\n');
}

SourceIndex index_source(const std::string& root) {
  char resolved[PATH_MAX];
  if (!realpath(root.c_str(), resolved)) throw Error("the root " + root + " does not exist");
  SourceConfig input = whole_tree(resolved);
  RepoSource source = resolve_source(input);
  SourceIndex index;
  index.root = resolved;
  std::vector<CallFacts> facts;
  std::set<std::string> builtins;
  AnalysisSummary summary;
  {
    Interpreter python({/*isolated=*/true});
    builtins = builtin_names();
    summary = analyse_tree(source, analysis_options(input), [&](size_t, ModuleModel&& module, const SyntaxTree& tree) {
      IndexedFile& file = index.files[module.path];
      file.parsed = true;
      file.lines = count_lines(module.source);
      for (const Symbol& s : module.symbols)  // the definition `qa` names (its first, overload stubs aside)
        if (!is_overload_stub(s)) file.symbols.emplace(s.qualname, IndexedSymbol{symbol_kind_name(s.kind), s.start_line, s.end_line, s.def_line});
      facts.push_back(extract_call_facts(tree, module));
    });
  }
  for (const FileIssue& issue : summary.issues) {
    IndexedFile& file = index.files[issue.path];
    file.problem = (issue.line ? "line " + std::to_string(issue.line) + ": " : std::string()) + issue.reason;
    // The file could not be analysed: it may be a FIFO, huge, or a link out of the root.
    std::string error;
    std::optional<std::string> text = read_regular_file(index.root + "/" + issue.path, error, ReadOptions{kMaxSourceBytes, false});
    file.lines = text ? count_lines(*text) : 0;
  }
  std::string version = Interpreter::runtime_version();
  index.python_version = version.substr(0, version.find('.', version.find('.') + 1));
  CallGraph graph = build_call_graph(facts, builtins);
  int minor = std::atoi(index.python_version.substr(index.python_version.find('.') + 1).c_str());
  if (minor >= 12) graph = inline_comprehensions(graph);
  for (const GraphEdge& e : graph.edges) index.static_edges.emplace(e.caller, e.callee);
  return index;
}

}  // namespace

int run_validate(const ValidateConfig& config) {
  std::unique_ptr<SourceIndex> index;
  if (!config.root.empty()) index = std::make_unique<SourceIndex>(index_source(config.root));
  ValidateOptions options{config.files, config.model, config.fix_dir};
  ValidationReport report = validate_files(options, index.get());
  OutputFile output(config.output);
  if (config.json) write_json_report(report, output.stream());
  else write_text_report(report, output.stream());
  output.commit();
  for (const FileReport& f : report.files)
    if (!f.error.empty()) {
      std::cerr << "codetrace: error: " << f.error << "\n";
      return kExitFailed;
    }
  return report.ok() ? kExitOk : kExitChecksFailed;
}

}  // namespace codetrace
