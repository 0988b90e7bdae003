#include "static/graph/call_index.hpp"

#include <algorithm>
#include <tuple>

namespace codetrace {

CallIndex index_call_graph(const CallGraph& graph) {
  CallIndex index;
  for (const GraphEdge& e : graph.edges) {
    if (e.sites.empty() || e.guess) continue;  // questions are answered from resolved calls only
    index.callees[e.caller].push_back({e.callee, e.sites.front(), e.sites.size()});
    index.callers[e.callee].push_back({e.caller, e.sites.front(), e.sites.size()});
  }
  auto by_site = [](const CallRef& a, const CallRef& b) {
    return std::tie(a.first_site.file, a.first_site.line, a.first_site.col, a.other) <
           std::tie(b.first_site.file, b.first_site.line, b.first_site.col, b.other);
  };
  for (auto& [id, refs] : index.callees) std::sort(refs.begin(), refs.end(), by_site);
  for (auto& [id, refs] : index.callers) std::sort(refs.begin(), refs.end(), by_site);
  for (const UnresolvedCall& u : graph.unresolved) ++index.unresolved[u.caller];
  return index;
}

}  // namespace codetrace
