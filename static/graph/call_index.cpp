#include "static/graph/call_index.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace codetrace {

CallIndex index_call_graph(const CallGraph& graph) {
  // A comprehension's calls are its function's calls for the questions: "which functions does
  // net_total call" should name Item.subtotal, not net_total.<genexpr@63>.
  std::unordered_map<std::string, std::string> owner;
  for (const GraphNode& n : graph.nodes)
    if (n.kind == NodeKindInGraph::Comprehension) owner[n.id] = n.id.substr(0, n.id.rfind(".<"));
  auto fold = [&](std::string id) {
    for (auto it = owner.find(id); it != owner.end(); it = owner.find(id)) id = it->second;
    return id;
  };
  CallIndex index;
  std::map<std::pair<std::string, std::string>, CallRef> callees;  // (caller, callee) after folding
  for (const GraphEdge& e : graph.edges) {
    if (e.sites.empty() || e.guess || owner.count(e.callee)) continue;  // resolved calls only
    std::string caller = fold(e.caller);
    auto [it, fresh] = callees.emplace(std::make_pair(caller, e.callee), CallRef{e.callee, e.sites.front(), 0});
    CallRef& ref = it->second;
    if (!fresh && std::tie(e.sites.front().file, e.sites.front().line) < std::tie(ref.first_site.file, ref.first_site.line))
      ref.first_site = e.sites.front();
    ref.sites += e.sites.size();
  }
  for (const auto& [key, ref] : callees) {
    index.callees[key.first].push_back(ref);
    index.callers[key.second].push_back({key.first, ref.first_site, ref.sites});
  }
  auto by_site = [](const CallRef& a, const CallRef& b) {
    return std::tie(a.first_site.file, a.first_site.line, a.first_site.col, a.other) <
           std::tie(b.first_site.file, b.first_site.line, b.first_site.col, b.other);
  };
  for (auto& [id, refs] : index.callees) std::sort(refs.begin(), refs.end(), by_site);
  for (auto& [id, refs] : index.callers) std::sort(refs.begin(), refs.end(), by_site);
  for (const UnresolvedCall& u : graph.unresolved) ++index.unresolved[fold(u.caller)];
  return index;
}

}  // namespace codetrace
