#pragma once
// Hook: how the interpreter tells the CallRecorder that Python frames start and end. One
// interface, backends chosen in one place (make_hook): sys.monitoring with C callbacks on
// 3.12+; the PEP 523 frame evaluator on 3.11 (unless --c-calls asks for the C calls only the
// profile hook sees); the C-level profile hook (PyEval_SetProfile, on every thread) elsewhere,
// or wherever HookChoice::Profile asks for it (CODETRACE_HOOK=setprofile, read by the CLI).
#include <memory>

namespace codetrace {

class CallRecorder;

class Hook {
 public:
  virtual ~Hook() = default;
  virtual const char* backend() const = 0;  // "setprofile", "eval-frame", "sys.monitoring"
  virtual void install() = 0;               // GIL held; throws Error when it cannot
};

enum class HookChoice : unsigned char {
  Default,  // the best backend for this Python
  Profile,  // the profile hook on every version (all backends pass the same tests)
};

std::unique_ptr<Hook> make_hook(CallRecorder& recorder, HookChoice choice);

}  // namespace codetrace
