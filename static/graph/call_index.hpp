#pragma once
// CallIndex: the call graph turned around for questions about one symbol: whom it calls, who
// calls it, with the call sites, and how many of its calls stayed unresolved.
#include <string>
#include <unordered_map>
#include <vector>

#include "static/graph/call_graph.hpp"

namespace codetrace {

struct CallRef {
  std::string other;       // the callee (in `callees`) or the caller (in `callers`)
  CallSiteRef first_site;  // the first call site
  size_t sites = 0;        // how many call sites
};

struct CallIndex {
  std::unordered_map<std::string, std::vector<CallRef>> callees;  // caller id -> in order of first site
  std::unordered_map<std::string, std::vector<CallRef>> callers;  // callee id -> by file and line
  std::unordered_map<std::string, size_t> unresolved;             // caller id -> unresolved call sites
};

CallIndex index_call_graph(const CallGraph& graph);

}  // namespace codetrace
