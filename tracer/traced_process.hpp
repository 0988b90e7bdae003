#pragma once
// Runs the target in a child process under the tracer and waits for it, so that whatever way the
// target ends (exit, exception, signal, SIGKILL, os._exit, a timeout) the parent is still there
// to read the record file and write the trace.
#include <cstdint>
#include <string>
#include <vector>

#include "hooks/hook.hpp"
#include "tracer/call_recorder.hpp"
#include "tracer/record_file.hpp"

namespace codetrace {

struct TargetSpec {
  bool module = false;             // -m MODULE
  std::string target;              // script path or module name
  std::vector<std::string> args;   // sys.argv[1:]
  double timeout_s = 0;            // 0: none
  std::string venv;                // a virtual environment to run in ("" = none); checked by check_venv
  std::vector<std::string> inject; // --inject globs
  std::string children_executable; // sys.executable for the target's Python children ("": left as is)
  HookChoice hook = HookChoice::Default;
};

// The interpreter of a virtual environment, after checking that the environment was made by the
// same Python minor version as the embedded one. Throws Error naming the folder otherwise.
std::string check_venv(const std::string& folder);

struct TargetOutcome {
  int exit_code = 0;        // what `python target` would have exited with (128 + N for signal N)
  std::string ended;        // "exit", "exception" (unhandled), "signal", "timeout"
  std::string exception;    // "ValueError: boom" when an unhandled exception was reported
  int signal = 0;           // the signal that ended it, if any
  std::string signal_name;  // "SIGKILL", ...
  double duration_s = 0;
  std::string backend;      // the hook that recorded it
  std::uint64_t end_ticks = 0;  // the record's clock when the target was seen gone
};

// One embedded interpreter under the hook: the target's, or a Python child's the target started
// (tracer/child_interpreter). Never returns: exits with the interpreter's exit code.
struct EmbeddedRun {
  std::string program;              // the interpreter it stands for: its prefix and site-packages
  std::vector<std::string> argv;    // sys.argv (with -m: "-m" first, as python has it)
  bool parse_options = false;       // argv is a python command line, options and all (a child's)
  std::string module, filename;     // the target's -m MODULE or script (neither: from argv)
  std::vector<std::string> inject;
  std::string children_executable;  // sys.executable for its children ("": left as is)
  HookChoice hook = HookChoice::Default;
};
[[noreturn]] void run_embedded(const EmbeddedRun& run, const TraceScope& scope, RecordFile& record);

// Forks; the child starts the embedded Python like `python script args` (or `-m`), installs the
// hook and runs the target. `record` must be mapped already: the child writes into it.
TargetOutcome run_target(const TargetSpec& spec, const TraceScope& scope, RecordFile& record);

}  // namespace codetrace
