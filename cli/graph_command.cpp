// `codetrace graph`: the static call graph of a source (static/graph/static_call_graph) in the
// chosen format.
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/run_cli.hpp"
#include "core/background_release.hpp"
#include "static/graph/graph_writers.hpp"
#include "static/graph/static_call_graph.hpp"

namespace codetrace {

int run_graph(const GraphConfig& config) {
  RepoSource source = resolve_source(config.input);
  AnalysisSummary summary;
  CallGraph graph = static_call_graph(source, analysis_options(config.input), config.heuristic, summary, config.jobs);
  require_python_files(summary, config.input);

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
