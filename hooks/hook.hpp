#pragma once
// Hook: how the interpreter tells the CallRecorder that Python frames start and end. One
// interface, backends chosen in one place (make_hook): the C-level profile hook
// (PyEval_SetProfile, on every thread) for Python <= 3.11, and sys.monitoring with C callbacks
// for 3.12+ (CODETRACE_HOOK=setprofile selects the profile hook there too).
#include <memory>

namespace codetrace {

class CallRecorder;

class Hook {
 public:
  virtual ~Hook() = default;
  virtual const char* backend() const = 0;  // "setprofile", "eval-frame", "sys.monitoring"
  virtual void install() = 0;               // GIL held; throws Error when it cannot
};

std::unique_ptr<Hook> make_hook(CallRecorder& recorder);

}  // namespace codetrace
