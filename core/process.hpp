#pragma once
// Runs a helper program (git) and captures what it prints. Never goes through a shell.
#include <string>
#include <vector>

namespace codetrace {

struct ProcessResult {
  int exit_code = -1;      // the child's exit status; 128+N when killed by signal N; -1 when it could not start
  bool timed_out = false;  // killed because it ran past the deadline
  std::string out;         // standard output
  std::string err;         // standard error
};

// Runs argv[0] (looked up on PATH) with the given arguments; stdin is /dev/null.
// `timeout_seconds` <= 0 means no limit. Environment additions are "NAME=value" strings.
ProcessResult run_process(const std::vector<std::string>& argv, double timeout_seconds = 0,
                          const std::vector<std::string>& extra_env = {});

// In a child just forked from `parent`: ends this process (SIGKILL) when the parent dies, however
// it dies, so that a killed codetrace leaves no batch step or traced target running. If the
// parent is already gone, ends at once.
void die_with_parent(int parent);

// The cores this process may run on (its CPU affinity, as `taskset` or a container's cpuset set
// it), at least 1.
unsigned usable_cores();

}  // namespace codetrace
