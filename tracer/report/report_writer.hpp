#pragma once
// `codetrace report`: the merged trace drawn for people. One self-contained HTML page (styles,
// script and data inlined; no network): static-only, observed and observed-only edges told
// apart, a panel per function with its file and lines, source, docstring, Q&A, observed calls,
// times and values, search, module filters, modules folded for large graphs. Or the same
// colouring as Graphviz DOT.
#include <nlohmann/json.hpp>

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace codetrace {

// What the source under the traced root says of each definition (optional: without the root
// the panel shows what the trace holds).
struct ReportSymbol {
  std::string module, kind, signature, doc, source;
  std::vector<std::pair<std::string, std::string>> qa;  // (question, answer)
};
struct ReportSource {
  std::map<std::string, ReportSymbol> symbols;     // by qualified name
  std::map<std::string, std::string> module_of;    // file (relative) -> dotted module name
};

// `trace` is an annotated trace as read_trace_document (core/trace_document) returns it.
void write_report_html(const nlohmann::json& trace, const ReportSource* source, std::ostream& out);
void write_report_dot(const nlohmann::json& trace, const ReportSource* source, std::ostream& out);

}  // namespace codetrace
