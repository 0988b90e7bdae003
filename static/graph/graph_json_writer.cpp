// The call graph as one JSON document: meta, nodes, edges (with every call site), unresolved
// calls (with the reason) and stats.
#include <nlohmann/json.hpp>

#include "build_info.hpp"
#include "static/graph/graph_writers.hpp"

namespace codetrace {

bool is_graph_format(const std::string& format) {
  return format == "json" || format == "calls" || format == "csv" || format == "dot";
}

void write_graph_json(const CallGraph& g, const GraphMeta& meta, std::ostream& out) {
  using Json = nlohmann::ordered_json;
  auto site_json = [](const CallSiteRef& s) { return Json{{"file", s.file}, {"line", s.line}, {"col", s.col}}; };
  Json nodes = Json::array();
  size_t externals = 0;
  for (const GraphNode& n : g.nodes) {
    Json j{{"id", n.id}, {"kind", graph_node_kind_name(n.kind)}};
    if (n.kind == NodeKindInGraph::External) ++externals;
    else j.update(Json{{"file", n.file}, {"line", n.line}, {"end_line", n.end_line}});
    nodes.push_back(std::move(j));
  }
  Json edges = Json::array();
  for (const GraphEdge& e : g.edges) {
    Json sites = Json::array();
    for (const CallSiteRef& s : e.sites) sites.push_back(site_json(s));
    edges.push_back(Json{{"caller", e.caller}, {"callee", e.callee}, {"sites", sites}});
  }
  Json unresolved = Json::array();
  for (const UnresolvedCall& u : g.unresolved)
    unresolved.push_back(Json{{"caller", u.caller}, {"site", site_json(u.site)}, {"expression", u.expression}, {"reason", u.reason}});
  Json doc;
  doc["meta"] = Json{{"tool", "codetrace"}, {"version", build_info::version}, {"repo", meta.repo},
                     {"commit", meta.commit ? Json(*meta.commit) : Json(nullptr)}};
  doc["nodes"] = nodes;
  doc["edges"] = edges;
  doc["unresolved"] = unresolved;
  doc["stats"] = Json{{"nodes", g.nodes.size()},
                      {"external_nodes", externals},
                      {"edges", g.edges.size()},
                      {"call_sites", g.call_sites},
                      {"unresolved_call_sites", g.unresolved.size()}};
  out << doc.dump(1, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace codetrace
