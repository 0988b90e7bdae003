// `codetrace graph`: source -> per-module call facts (worker thread) -> resolution across
// modules -> one graph in the chosen format.
#include <algorithm>
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/run_cli.hpp"
#include "core/background_release.hpp"
#include "core/process.hpp"
#include "core/text.hpp"
#include "static/graph/call_facts.hpp"
#include "static/graph/facts_collector.hpp"
#include "static/graph/graph_writers.hpp"
#include "static/graph/resolver.hpp"
#include "static/python/interpreter.hpp"

namespace codetrace {

CallGraph static_call_graph(const RepoSource& source, const SourceConfig& input, bool heuristic, AnalysisSummary& summary,
                            std::size_t jobs) {
  if (jobs == 0) jobs = std::min<std::size_t>(usable_cores(), 4);
  std::vector<CallFacts> modules;
  std::set<std::string> builtins;
  {
    Interpreter python({/*isolated=*/true});
    builtins = builtin_names();
    AnalysisOptions options = analysis_options(input);
    options.models = false;  // the graph needs no symbols, docstrings or comments
    modules = collect_call_facts(source, options, jobs, summary);
  }
  if (summary.files_found == 0) throw Error("no Python files found under " + input.source);
  for (const CallFacts& m : modules)
    if (m.too_deep)
      std::cerr << "codetrace: warning: " << printable(m.path) << ": " << m.too_deep
                << " expressions nested deeper than the stack allows were left out of the call graph\n";
  CallGraph graph = build_call_graph(modules, builtins, heuristic);
  release_in_background(std::move(modules));  // freed while the caller writes the graph
  return graph;
}

int run_graph(const GraphConfig& config) {
  RepoSource source = resolve_source(config.input);
  AnalysisSummary summary;
  CallGraph graph = static_call_graph(source, config.input, config.heuristic, summary, config.jobs);

  OutputFile output(config.output);
  if (config.format == "calls") write_graph_calls(graph, output.stream());
  else if (config.format == "csv") write_graph_csv(graph, output.stream());
  else if (config.format == "dot") write_graph_dot(graph, output.stream());
  else write_graph_json(graph, GraphMeta{source.repo, source.commit}, output.stream());
  output.commit();

  report_issues(summary, "graph");
  std::cerr << "; " << graph.nodes.size() << " nodes, " << graph.edges.size() << " edges; " << graph.call_sites
            << " call sites, " << graph.unresolved.size() << " unresolved; written to " << output.describe() << "\n";
  join_background_releases();
  return summary.files_analysed > 0 ? kExitOk : kExitFailed;
}

}  // namespace codetrace
