#pragma once
// Python children the target starts with sys.executable (subprocess.run([sys.executable, ...]),
// multiprocessing's spawn and forkserver workers) are traced too. For the run, sys.executable is
// a link named python3 to codetrace itself, in a folder of the run that also holds the scope
// (codetrace-children.json). Started through that link, codetrace is that Python: it takes the
// same command line, runs it in an embedded interpreter under the hook, and records into a record
// of its own in the folder; its children are traced the same way. The run reads every record in
// the folder when the target is gone. Forked children need none of this (RecordFile::split_after_fork).
#include <cstdint>
#include <string>
#include <vector>

#include "hooks/hook.hpp"
#include "tracer/call_recorder.hpp"

namespace codetrace {

// What a traced child needs to know: the scope and the record's shape, as the run has them.
struct ChildTracingSpec {
  TraceScope scope;
  std::string program;               // the interpreter the children stand for (the target's, or a venv's)
  std::vector<std::string> inject;   // --inject
  std::uint64_t events = 0;          // record sizes, as the target's record
  bool full_events = false;
  std::uint32_t values = 0;
  HookChoice hook = HookChoice::Default;
};

class ChildTracing {
 public:
  // Makes the folder (`prefix` + a unique suffix), the spec and the link. Throws Error.
  ChildTracing(const std::string& prefix, const ChildTracingSpec& spec);
  ~ChildTracing();  // removes the folder and what is left in it
  ChildTracing(const ChildTracing&) = delete;
  ChildTracing& operator=(const ChildTracing&) = delete;
  const std::string& executable() const { return executable_; }  // the target's sys.executable
  std::vector<std::string> records() const;                       // what the children recorded, sorted

 private:
  void remove();
  std::string folder_, executable_;
};

// argv[0] is a link into such a folder: codetrace was started as a traced Python child.
bool is_child_interpreter(const char* argv0);
// Runs as that Python; never returns.
[[noreturn]] void run_child_interpreter(int argc, char** argv);

}  // namespace codetrace
