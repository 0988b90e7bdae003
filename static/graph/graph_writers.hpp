#pragma once
// Writers of the call graph, one format per file (docs/graph-format.md):
//   json  - nodes, edges with call sites, unresolved calls with reasons, stats (one document)
//   calls - one line per caller: {"function": "main", "calls": ["load_data", ...]} in call order
//   csv   - one row per call site: caller,callee,file,line,col
//   dot   - Graphviz, one cluster per file
#include <optional>
#include <ostream>
#include <string>

#include "static/graph/call_graph.hpp"

namespace codetrace {

struct GraphMeta {
  std::string repo;
  std::optional<std::string> commit;
};

void write_graph_json(const CallGraph& graph, const GraphMeta& meta, std::ostream& out);
void write_graph_calls(const CallGraph& graph, std::ostream& out);
void write_graph_csv(const CallGraph& graph, std::ostream& out);
void write_graph_dot(const CallGraph& graph, std::ostream& out);
// A Graphviz ID: quoted and escaped.
std::string dot_quoted(const std::string& text);
bool is_graph_format(const std::string& format);

}  // namespace codetrace
