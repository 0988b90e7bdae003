#include "static/graph/static_call_graph.hpp"

#include <algorithm>
#include <iostream>
#include <set>
#include <string>

#include "core/background_release.hpp"
#include "core/process.hpp"
#include "core/text.hpp"
#include "static/graph/facts_collector.hpp"
#include "static/graph/resolver.hpp"
#include "static/python/interpreter.hpp"

namespace codetrace {

CallGraph static_call_graph(const RepoSource& source, const AnalysisOptions& options, bool heuristic, AnalysisSummary& summary,
                            std::size_t jobs) {
  if (jobs == 0) jobs = std::min<std::size_t>(usable_cores(), 4);
  std::vector<CallFacts> modules;
  std::set<std::string> builtins;
  {
    Interpreter python({/*isolated=*/true});
    builtins = builtin_names();
    AnalysisOptions graph_only = options;
    graph_only.models = false;  // the graph needs no symbols, docstrings or comments
    modules = collect_call_facts(source, graph_only, jobs, summary);
  }
  for (const CallFacts& m : modules)
    if (m.too_deep)
      std::cerr << "codetrace: warning: " << printable(m.path) << ": " << m.too_deep
                << " expressions nested deeper than the stack allows were left out of the call graph\n";
  CallGraph graph = build_call_graph(modules, builtins, heuristic);
  release_in_background(std::move(modules));  // freed while the caller writes the graph
  return graph;
}

}  // namespace codetrace
