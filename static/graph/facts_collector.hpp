#pragma once
// Reads a whole tree into CallFacts, one per module, in file order: the input of the resolver.
//
// Parsing holds CPython's GIL, so one process parses one file at a time; it is most of the cost
// of `codetrace graph`. With jobs > 1, jobs - 1 helper processes (forked, sharing the running
// interpreter) parse files and send the facts back through a pipe (call_facts_codec), while
// this process parses too; each takes the next file from one FileClaims as it goes. A helper
// that fails (it dies, or its output is cut short) is made up for: the files it took are
// parsed here. The result is the
// same, byte for byte, whatever the number of jobs.
#include <cstddef>
#include <vector>

#include "static/analysis_pipeline.hpp"
#include "static/graph/call_facts.hpp"

namespace codetrace {

// For tests: a helper made to fail on purpose, to check that what it took is made up for.
struct HelperFault {
  bool die_after_first_module = false;  // each helper exits (status 3) once it has sent one module
};

// Requires a running Interpreter on the calling thread, and no other thread of this process
// running (helpers are forked).
std::vector<CallFacts> collect_call_facts(const RepoSource& source, const AnalysisOptions& options, std::size_t jobs,
                                          AnalysisSummary& summary, const HelperFault& fault = {});

// Fewer files than this are parsed in one process: a helper costs a fork and a walk.
inline constexpr std::size_t kMinFilesPerHelper = 32;  // so 2 jobs need 64 files

}  // namespace codetrace
