// Graphviz: one cluster per module, external callees grey and dashed, edge labels with the
// number of call sites. Render with `dot -Tsvg graph.dot -o graph.svg`.
#include <map>
#include <vector>

#include "static/graph/graph_writers.hpp"

namespace codetrace {

std::string dot_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

void write_graph_dot(const CallGraph& g, std::ostream& out) {
  out << "digraph calls {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n";
  std::map<std::string, std::vector<const GraphNode*>> by_file;
  for (const GraphNode& n : g.nodes) by_file[n.file].push_back(&n);
  int cluster = 0;
  for (const auto& [file, nodes] : by_file) {
    if (file.empty()) {
      for (const GraphNode* n : nodes)
        out << "  " << dot_quoted(n->id) << " [style=dashed, color=grey50, fontcolor=grey35];\n";
      continue;
    }
    out << "  subgraph cluster_" << cluster++ << " {\n    label=" << dot_quoted(file) << ";\n    color=grey80;\n";
    for (const GraphNode* n : nodes) {
      const char* shape = n->kind == NodeKindInGraph::Module ? "folder" : n->kind == NodeKindInGraph::Class ? "component" : "box";
      out << "    " << dot_quoted(n->id) << " [shape=" << shape << "];\n";
    }
    out << "  }\n";
  }
  for (const GraphEdge& e : g.edges) {
    out << "  " << dot_quoted(e.caller) << " -> " << dot_quoted(e.callee);
    std::vector<std::string> attributes;
    if (e.sites.size() > 1) attributes.push_back("label=\"" + std::to_string(e.sites.size()) + "\"");
    if (e.guess) attributes.push_back("style=dotted, color=orange3");  // --heuristic
    if (!attributes.empty()) {
      out << " [";
      for (size_t i = 0; i < attributes.size(); ++i) out << (i ? ", " : "") << attributes[i];
      out << "]";
    }
    out << ";\n";
  }
  out << "}\n";
}

}  // namespace codetrace
