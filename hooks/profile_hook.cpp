// The C profile hook: the C side of sys.setprofile. Python calls it for every Python call and
// return (and C calls, ignored here) on the threads it is set for. It is installed on the main
// thread and, through threading.setprofile, on every thread the target starts (also on 3.12+:
// PyEval_SetProfileAllThreads reaches only the threads already running).
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include "core/error.hpp"
#include "hooks/hook.hpp"
#include "static/python/py_ref.hpp"
#include "tracer/call_recorder.hpp"

namespace codetrace {
namespace {

CallRecorder* g_recorder = nullptr;  // one hook per process

// Small and quiet: never raises, never touches the exception state (CallRecorder keeps it).
int profile_event(PyObject*, PyFrameObject* frame, int what, PyObject* arg) {
  switch (what) {
    case PyTrace_CALL: g_recorder->enter(frame); break;
    case PyTrace_RETURN: g_recorder->leave_frame(frame, arg, arg == nullptr); break;
    case PyTrace_C_CALL:
      if (g_recorder->c_calls()) g_recorder->c_call(arg);
      break;
    case PyTrace_C_RETURN:
    case PyTrace_C_EXCEPTION:
      if (g_recorder->c_calls()) g_recorder->leave();
      break;
    default: break;
  }
  return 0;
}

// threading.setprofile(thread_start): a new thread calls it (as a Python-level profile function)
// on its first event; it puts the C hook in its place and passes that first event on.
PyObject* thread_start(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  PyEval_SetProfile(profile_event, nullptr);
  if (nargs >= 2 && PyFrame_Check(args[0]) && PyUnicode_Check(args[1]) && PyUnicode_CompareWithASCIIString(args[1], "call") == 0)
    g_recorder->enter(reinterpret_cast<PyFrameObject*>(args[0]));
  Py_RETURN_NONE;
}
PyMethodDef thread_start_def = {"codetrace_thread_start", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(thread_start)),
                                METH_FASTCALL, nullptr};

class ProfileHook : public Hook {
 public:
  explicit ProfileHook(CallRecorder& recorder) { g_recorder = &recorder; }
  const char* backend() const override { return "setprofile"; }
  void install() override {
    PyRef threading(PyImport_ImportModule("threading"));
    PyRef starter(PyCFunction_New(&thread_start_def, nullptr));
    PyRef done(threading && starter ? PyObject_CallMethod(threading.get(), "setprofile", "O", starter.get()) : nullptr);
    if (!done) {
      PyErr_Clear();
      throw Error("cannot set the profile hook for new threads");
    }
    PyEval_SetProfile(profile_event, nullptr);
  }
};

}  // namespace

std::unique_ptr<Hook> make_profile_hook(CallRecorder& recorder) { return std::make_unique<ProfileHook>(recorder); }

}  // namespace codetrace
