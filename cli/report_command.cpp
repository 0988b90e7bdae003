// `codetrace report`: reads a trace, re-reads the traced root when it is there (source excerpts,
// docstrings, signatures, Q&A), and writes the page or the DOT graph (tracer/report).
#include <sys/stat.h>

#include <iostream>
#include <sstream>

#include "cli/command_support.hpp"
#include "cli/run_cli.hpp"
#include "static/analysis_pipeline.hpp"
#include "static/python/interpreter.hpp"
#include "static/qa/qa_generator.hpp"
#include "tracer/report/report_writer.hpp"
#include "core/trace_document.hpp"

namespace codetrace {
namespace {

std::string lines_of(const std::string& text, int first, int last) {
  std::istringstream in(text);
  std::string line, out;
  for (int n = 1; std::getline(in, line) && n <= last; ++n)
    if (n >= first) out += line + "\n";
  return out;
}

ReportSource read_source(const std::string& root) {
  SourceConfig input = whole_tree(root);
  RepoSource source = resolve_source(input);
  ReportSource out;
  QaContext context{source.repo, source.commit, nullptr};
  Interpreter python({/*isolated=*/true});
  analyse_tree(source, analysis_options(input), [&](size_t, ModuleModel&& module, const SyntaxTree&) {
    out.module_of[module.path] = module.module_name;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> qa;
    for (const QaPair& p : generate_qa(module, context, QaOptions{true})) qa[p.symbol].emplace_back(p.question, p.answer);
    for (const Symbol& s : module.symbols) {
      ReportSymbol& r = out.symbols[s.qualname];
      r.module = module.module_name;
      r.kind = symbol_kind_name(s.kind);
      r.signature = s.kind == SymbolKind::Module ? "" : render_signature(s);
      r.doc = s.docstring;
      r.source = s.kind == SymbolKind::Module ? "" : lines_of(module.source, s.start_line, std::min(s.end_line, s.start_line + 80));
      r.qa = std::move(qa[s.qualname]);
    }
  });
  return out;
}

}  // namespace

int run_report(const ReportConfig& config) {
  nlohmann::json trace = read_trace_document(config.trace);
  std::string root = config.root;
  if (root.empty() && trace["meta"].contains("root") && trace["meta"]["root"].is_string()) root = trace["meta"]["root"];
  struct stat st {};
  std::unique_ptr<ReportSource> source;
  if (!root.empty() && stat(root.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) source = std::make_unique<ReportSource>(read_source(root));
  else if (!config.root.empty()) throw Error("the root " + config.root + " does not exist");
  OutputFile output(config.output);
  if (config.format == "dot") write_report_dot(trace, source.get(), output.stream());
  else write_report_html(trace, source.get(), output.stream());
  output.commit();
  std::cerr << "codetrace report: " << (config.format == "dot" ? "Graphviz graph" : "report") << " written to " << output.describe()
            << (source ? "" : " (without source excerpts: the traced root is not there; give --root)") << "\n";
  return kExitOk;
}

}  // namespace codetrace
