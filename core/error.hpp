#pragma once
// Errors in two tiers: expected failures travel as values (see FileIssue, std::optional returns);
// deep failures throw codetrace::Error, caught once in run_cli and printed as `codetrace: error: ...`.
#include <stdexcept>
#include <string>

namespace codetrace {

// The documented exit codes of the `codetrace` program (docs/cli.md).
enum ExitCode : int {
  kExitOk = 0,      // the job was done (possibly with per-file problems, listed in the summary)
  kExitFailed = 1,  // the job could not be done: missing input, nothing produced, I/O failure
  kExitUsage = 2,   // the command line was wrong
  kExitChecksFailed = 3,  // validate: a check failed
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A problem with one input file; the run reports it and goes on.
struct FileIssue {
  std::string path;  // relative to the analysed root
  int line = 0;      // 1-based; 0 when the problem is not tied to a line
  std::string reason;
};

}  // namespace codetrace
