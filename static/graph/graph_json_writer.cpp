// The call graph as one JSON document: meta, nodes, edges (with every call site), unresolved
// calls (with the reason) and stats. One node, edge or unresolved call per line, so the file
// stays readable and greppable; written directly, without building a JSON tree in memory.
#include "build_info.hpp"
#include "core/json_line.hpp"
#include "static/graph/graph_writers.hpp"

namespace codetrace {
namespace {

std::string site_json(const CallSiteRef& s) {
  JsonLine j;
  j.field("file", s.file.str()).field("line", s.line).field("col", s.col);
  return j.finish();
}

// Writes `items` as the lines of a JSON array; `render` gives each item's JSON.
template <typename Items, typename Render>
void write_array(std::ostream& out, const char* key, const Items& items, Render render, bool last = false) {
  out << " \"" << key << "\": [";
  bool first = true;
  for (const auto& item : items) {
    out << (first ? "\n  " : ",\n  ") << render(item);
    first = false;
  }
  out << (first ? "]" : "\n ]") << (last ? "\n" : ",\n");
}

}  // namespace

bool is_graph_format(const std::string& format) {
  return format == "json" || format == "calls" || format == "csv" || format == "dot";
}

void write_graph_json(const CallGraph& g, const GraphMeta& meta, std::ostream& out) {
  JsonLine m;
  m.field("tool", "codetrace").field("version", build_info::version).field("repo", meta.repo);
  if (meta.commit) m.field("commit", *meta.commit);
  else m.null_field("commit");
  out << "{\n \"meta\": " << m.finish() << ",\n";
  size_t externals = 0;
  write_array(out, "nodes", g.nodes, [&](const GraphNode& n) {
    JsonLine j;
    j.field("id", n.id).field("kind", graph_node_kind_name(n.kind));
    if (n.kind == NodeKindInGraph::External) ++externals;
    else j.field("file", n.file).field("line", n.line).field("end_line", n.end_line);
    return j.finish();
  });
  write_array(out, "edges", g.edges, [](const GraphEdge& e) {
    std::string sites = "[";
    for (size_t i = 0; i < e.sites.size(); ++i) sites += (i ? "," : "") + site_json(e.sites[i]);
    JsonLine j;
    j.field("caller", e.caller).field("callee", e.callee).raw_field("sites", sites + "]");
    if (e.guess) j.raw_field("guess", "true");
    if (e.protocol) j.raw_field("protocol", "true");
    if (e.annotation) j.field("via", "annotation");
    return j.finish();
  });
  write_array(out, "unresolved", g.unresolved, [](const UnresolvedCall& u) {
    JsonLine j;
    j.field("caller", u.caller).raw_field("site", site_json(u.site)).field("expression", u.expression).field("reason", u.reason);
    return j.finish();
  });
  JsonLine stats;
  stats.field("nodes", static_cast<long long>(g.nodes.size()))
      .field("external_nodes", static_cast<long long>(externals))
      .field("edges", static_cast<long long>(g.edges.size()))
      .field("call_sites", static_cast<long long>(g.call_sites))
      .field("unresolved_call_sites", static_cast<long long>(g.unresolved.size()));
  out << " \"stats\": " << stats.finish() << "\n}\n";
}

}  // namespace codetrace
