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

// A helper program that stays running and answers requests, one line each: codetrace writes a
// line to its standard input and reads a line from its standard output. Its standard error goes
// to /dev/null. When the object goes away, the program's input is closed (it should end) and it
// is killed if it has not ended a second later.
class LineChild {
 public:
  // Starts argv[0] (looked up on PATH); `running()` says whether that worked.
  LineChild(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env);
  ~LineChild();
  LineChild(const LineChild&) = delete;
  LineChild& operator=(const LineChild&) = delete;

  bool running() const { return pid_ > 0; }
  const std::string& start_error() const { return start_error_; }
  // False when the program is gone (its input closed).
  bool write_line(const std::string& line);
  // The next line without its newline; false when none came within `timeout_seconds` or the
  // program ended first.
  bool read_line(std::string& line, double timeout_seconds);
  void kill();  // at once, with SIGKILL

 private:
  int pid_ = -1;
  int in_ = -1, out_ = -1;  // our ends: its standard input, its standard output
  std::string buffer_;
  std::string start_error_;
};

// In a child just forked from `parent`: ends this process (SIGKILL) when the parent dies, however
// it dies, so that a killed codetrace leaves no batch step or traced target running. If the
// parent is already gone, ends at once.
void die_with_parent(int parent);

// The cores this process may run on (its CPU affinity, as `taskset` or a container's cpuset set
// it), at least 1.
unsigned usable_cores();

}  // namespace codetrace
