// `codetrace report`: reads a trace, re-reads the traced root when it is there (source excerpts,
// docstrings, signatures, Q&A), and writes the page or the DOT graph (tracer/report).
#include <sys/stat.h>

#include <algorithm>
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

// The files the trace names under its root, and only those: a trace's root may be as wide as "/".
std::vector<std::string> traced_files(const nlohmann::json& trace) {
  std::vector<std::string> files;
  if (!trace.contains("functions") || !trace["functions"].is_array()) return files;
  for (const nlohmann::json& f : trace["functions"]) {
    if (!f.is_object() || !f.contains("file") || !f["file"].is_string()) continue;
    std::string file = f["file"];
    if (!file.empty() && file[0] != '/' && file[0] != '<') files.push_back(file);
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

ReportSource read_source(const std::string& root, const std::vector<std::string>& files) {
  SourceConfig input = whole_tree(root);
  RepoSource source = resolve_source(input);
  AnalysisOptions options = analysis_options(input);
  options.walk.only = files;
  ReportSource out;
  if (files.empty()) return out;
  QaContext context{source.repo, source.commit, nullptr};
  Interpreter python({/*isolated=*/true});
  analyse_tree(source, options, [&](size_t, ModuleModel&& module, const SyntaxTree&) {
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
  if (!root.empty() && stat(root.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) source = std::make_unique<ReportSource>(read_source(root, traced_files(trace)));
  else if (!config.root.empty()) throw Error("the root " + config.root + " does not exist");
  OutputFile output(config.output);
  try {
    if (config.format == "dot") write_report_dot(trace, source.get(), output.stream());
    else write_report_html(trace, source.get(), output.stream());
  } catch (const nlohmann::json::exception& e) {  // a field of the wrong type
    throw Error(config.trace + " is not a trace codetrace can read: " + e.what());
  }
  output.commit();
  std::cerr << "codetrace report: " << (config.format == "dot" ? "Graphviz graph" : "report") << " written to " << output.describe()
            << (source ? "" : " (without source excerpts: the traced root is not there; give --root)") << "\n";
  return kExitOk;
}

}  // namespace codetrace
