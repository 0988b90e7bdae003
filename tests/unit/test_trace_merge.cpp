// The annotated trace's merge: static edges and observed ones become one list with a status each,
// functions carry both sides' figures, and a child process's observations add to the target's.
#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "tracer/trace_file.hpp"

using namespace codetrace;
using nlohmann::json;

namespace {

GraphEdge static_edge(const std::string& caller, const std::string& callee, int line) {
  GraphEdge e;
  e.caller = caller;
  e.callee = callee;
  e.sites.push_back(CallSiteRef{"shop/cart.py", line, 4});
  return e;
}

ObservedFunction function(const std::string& id, int line, std::uint64_t calls, std::uint32_t pid = 100) {
  ObservedFunction f;
  f.id = id;
  f.file = "shop/cart.py";
  f.line = line;
  f.in_scope = true;
  f.calls = calls;
  f.pids = {pid};
  return f;
}

ObservedEdge observed_edge(const std::string& caller, const std::string& callee, int line, std::uint64_t count,
                           std::uint32_t pid = 100) {
  ObservedEdge e;
  e.caller = caller;
  e.callee = callee;
  e.lines[line] = count;
  e.count = count;
  e.pids = {pid};
  return e;
}

json merged(const Observed& observed, const CallGraph& graph) {
  TraceMeta meta;
  meta.root = "/src";
  meta.python_version = "3.11.2";
  meta.outcome.backend = "setprofile";
  std::ostringstream out;
  write_trace_json(meta, observed, &graph, out);
  return json::parse(out.str());
}

const json& edge(const json& trace, const std::string& caller, const std::string& callee) {
  for (const json& e : trace.at("edges"))
    if (e.at("caller") == caller && e.at("callee") == callee) return e;
  FAIL("no edge " << caller << " -> " << callee);
  throw;
}

}  // namespace

TEST_CASE("merge: an edge is both, static only or observed only, with each side's sites", "[merge]") {
  CallGraph graph;
  graph.nodes = {GraphNode{"shop.cart.total", NodeKindInGraph::Function, "shop/cart.py", 10, 20},
                 GraphNode{"shop.cart.tax", NodeKindInGraph::Function, "shop/cart.py", 22, 25},
                 GraphNode{"shop.cart.discount", NodeKindInGraph::Function, "shop/cart.py", 27, 30},
                 GraphNode{"shop.cart.audit", NodeKindInGraph::Function, "shop/cart.py", 32, 35}};
  graph.edges = {static_edge("shop.cart.total", "shop.cart.discount", 14), static_edge("shop.cart.total", "shop.cart.tax", 12)};
  Observed observed;
  for (const ObservedFunction& f : {function("shop.cart.total", 10, 1), function("shop.cart.tax", 22, 3), function("shop.cart.audit", 32, 1)})
    observed.functions[f.id] = f;
  for (const ObservedEdge& e : {observed_edge("shop.cart.total", "shop.cart.tax", 12, 3), observed_edge("shop.cart.total", "shop.cart.audit", 16, 1)})
    observed.edges[{e.caller, e.callee}] = e;
  observed.processes.push_back(ObservedProcess{100, 0, "run", "", "", true, "setprofile"});
  json trace = merged(observed, graph);

  const json& both = edge(trace, "shop.cart.total", "shop.cart.tax");
  CHECK(both.at("status") == "both");
  CHECK(both.at("observed") == 3);
  CHECK(both.at("static_sites").at(0).at("line") == 12);
  CHECK(both.at("observed_sites").at(0) == json{{"line", 12}, {"count", 3}});
  const json& unseen = edge(trace, "shop.cart.total", "shop.cart.discount");
  CHECK(unseen.at("status") == "static_only");
  CHECK(unseen.at("observed") == 0);
  const json& missed = edge(trace, "shop.cart.total", "shop.cart.audit");
  CHECK(missed.at("status") == "observed_only");
  CHECK(missed.at("static") == false);
  CHECK(trace.at("edges").size() == 3);

  bool found = false;
  for (const json& f : trace.at("functions"))
    if (f.at("id") == "shop.cart.tax") {
      found = true;
      CHECK(f.at("static") == true);
      CHECK(f.at("static_callers") == 1);
      CHECK(f.at("observed").at("calls") == 3);
      CHECK(f.at("end_line") == 25);  // from the static node
    }
  CHECK(found);
  CHECK(trace.at("meta").at("process_list").size() == 1);
  CHECK_FALSE(trace.at("meta").at("process_list").at(0).contains("hook_backend"));
}

TEST_CASE("merge: a child process's calls, times and pids add to the target's", "[merge]") {
  Observed target, child;
  target.functions["m.f"] = function("m.f", 1, 2, 100);
  target.edges[{"m.main", "m.f"}] = observed_edge("m.main", "m.f", 5, 2, 100);
  target.processes.push_back(ObservedProcess{100, 0, "run", "", "", true, "setprofile"});
  child.functions["m.f"] = function("m.f", 1, 3, 200);
  child.functions["m.g"] = function("m.g", 9, 1, 200);
  child.edges[{"m.main", "m.f"}] = observed_edge("m.main", "m.f", 7, 3, 200);
  child.processes.push_back(ObservedProcess{200, 100, "fork", "", "", true, "eval-frame"});
  merge_child_process(target, child);
  CHECK(target.functions.at("m.f").calls == 5);
  CHECK(target.functions.at("m.f").pids == std::set<std::uint32_t>{100, 200});
  CHECK(target.functions.at("m.g").calls == 1);
  const ObservedEdge& e = target.edges.at({"m.main", "m.f"});
  CHECK(e.count == 5);
  CHECK(e.lines == std::map<int, std::uint64_t>{{5, 2}, {7, 3}});
  CHECK(e.pids == std::set<std::uint32_t>{100, 200});
  REQUIRE(target.processes.size() == 2);
  CHECK(target.processes[1].pid == 200);

  CallGraph none;
  json trace = merged(target, none);
  const json& child_entry = trace.at("meta").at("process_list").at(1);
  CHECK(child_entry.at("started_by") == "fork");
  CHECK(child_entry.at("hook_backend") == "eval-frame");  // recorded by another backend than the run's
}
