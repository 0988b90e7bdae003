// The per-function form: one JSON line per caller with its callees in the order of their first
// call site: {"function": "shop.main.<module>", "calls": ["shop.io.load_data", ...]}, plus
// "guesses" with --heuristic.
#include <algorithm>
#include <map>
#include <tuple>

#include "core/json_line.hpp"
#include "static/graph/graph_writers.hpp"

namespace codetrace {

void write_graph_calls(const CallGraph& g, std::ostream& out) {
  std::map<std::string, std::vector<const GraphEdge*>> by_caller;
  for (const GraphEdge& e : g.edges) by_caller[e.caller].push_back(&e);
  for (const GraphNode& n : g.nodes) {
    if (n.kind == NodeKindInGraph::External) continue;
    std::vector<const GraphEdge*>& edges = by_caller[n.id];
    std::sort(edges.begin(), edges.end(), [](const GraphEdge* a, const GraphEdge* b) {
      const CallSiteRef &x = a->sites.front(), &y = b->sites.front();
      return std::tie(x.line, x.col, a->callee) < std::tie(y.line, y.col, b->callee);
    });
    std::string calls = "[", guesses = "[";
    for (const GraphEdge* e : edges) {
      std::string& list = e->guess ? guesses : calls;
      if (list.size() > 1) list += ',';
      append_json_string(list, e->callee);
    }
    JsonLine line;
    line.field("function", n.id).raw_field("calls", calls + "]");
    if (guesses.size() > 1) line.raw_field("guesses", guesses + "]");  // --heuristic
    out << line.finish() << '\n';
  }
}

}  // namespace codetrace
