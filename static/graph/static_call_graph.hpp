#pragma once
// The static call graph of a tree in one call: the embedded interpreter, the parse (with helper
// processes, see facts_collector), the builtins' names, and resolution across modules. What
// `codetrace graph` writes and `codetrace run` merges with what ran.
#include <cstddef>

#include "static/analysis_pipeline.hpp"
#include "static/graph/call_graph.hpp"
#include "static/repo_source.hpp"

namespace codetrace {

// Fills `summary` (a tree with no Python file gives an empty graph and files_found 0: the
// caller says so in its own words). `jobs`: parsing processes; 0 for as many as usable cores,
// at most 4. Starts and ends its own interpreter: none may be running.
CallGraph static_call_graph(const RepoSource& source, const AnalysisOptions& options, bool heuristic, AnalysisSummary& summary,
                            std::size_t jobs = 1);

}  // namespace codetrace
