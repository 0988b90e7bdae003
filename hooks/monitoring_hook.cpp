// sys.monitoring (PEP 669, Python 3.12+) with C callbacks: PY_START and PY_RESUME/PY_THROW
// push a shadow frame, PY_RETURN/PY_YIELD/PY_UNWIND pop it. Every thread is covered by one
// registration. The call site is read from the interpreter's frame chain (3.12/3.13); CALL
// events are registered only for --c-calls or where that chain cannot be read, and are switched
// off (DISABLE, per instruction) where they cannot lead to a Python frame (builtins) and in code
// outside the scope, whose call sites are not reported.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "hooks/python_frames.hpp"
#include "hooks/hook.hpp"
#include "static/python/py_ref.hpp"
#include "tracer/call_recorder.hpp"

namespace codetrace {

#if PY_VERSION_HEX >= 0x030C0000
namespace {

constexpr int kToolId = 2;  // sys.monitoring.PROFILER_ID
CallRecorder* g_recorder = nullptr;
PyObject* g_disable = nullptr;  // sys.monitoring.DISABLE (kept alive for the process)

PyCodeObject* code_arg(PyObject* const* args, Py_ssize_t nargs) {
  return nargs >= 1 && PyCode_Check(args[0]) ? reinterpret_cast<PyCodeObject*>(args[0]) : nullptr;
}

PyObject* on_start(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (PyCodeObject* code = code_arg(args, nargs)) g_recorder->start(code, false);
  Py_RETURN_NONE;
}

PyObject* on_resume(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (PyCodeObject* code = code_arg(args, nargs)) g_recorder->start(code, true);
  Py_RETURN_NONE;
}

PyObject* on_return(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  g_recorder->leave(nargs >= 3 ? args[2] : nullptr);
  Py_RETURN_NONE;
}

PyObject* on_unwind(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (PyCodeObject* code = code_arg(args, nargs)) g_recorder->unwind(code, nargs >= 3 ? args[2] : nullptr);
  Py_RETURN_NONE;
}

PyObject* on_call(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  PyCodeObject* code = code_arg(args, nargs);
  if (!code || nargs < 3) Py_RETURN_NONE;
  PyObject* callable = args[2];
  if (!g_recorder->code_in_scope(code)) return Py_NewRef(g_disable);
  if (PyCFunction_Check(callable) || Py_IS_TYPE(callable, &PyMethodDescr_Type)) {
    if (!g_recorder->c_calls()) return Py_NewRef(g_disable);  // no Python frame can follow
    g_recorder->c_call_site(callable, static_cast<int>(PyLong_AsLong(args[1])));
    Py_RETURN_NONE;
  }
  // The call site of a Python callee: from this event only where the frame chain cannot give it.
  if constexpr (!frames::kFrameChain) g_recorder->call_site(static_cast<int>(PyLong_AsLong(args[1])));
  Py_RETURN_NONE;
}

PyMethodDef kCallbacks[] = {
    {"codetrace_py_start", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(on_start)), METH_FASTCALL, nullptr},
    {"codetrace_py_resume", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(on_resume)), METH_FASTCALL, nullptr},
    {"codetrace_py_return", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(on_return)), METH_FASTCALL, nullptr},
    {"codetrace_py_unwind", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(on_unwind)), METH_FASTCALL, nullptr},
    {"codetrace_call", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(on_call)), METH_FASTCALL, nullptr},
};

class MonitoringHook : public Hook {
 public:
  explicit MonitoringHook(CallRecorder& recorder) { g_recorder = &recorder; }
  const char* backend() const override { return "sys.monitoring"; }
  void install() override {
    PyRef sys(PyImport_ImportModule("sys"));
    PyRef monitoring(sys ? PyObject_GetAttrString(sys.get(), "monitoring") : nullptr);
    PyRef events(monitoring ? PyObject_GetAttrString(monitoring.get(), "events") : nullptr);
    if (!events) fail("sys.monitoring is not available");
    g_disable = PyObject_GetAttrString(monitoring.get(), "DISABLE");
    PyRef claimed(PyObject_CallMethod(monitoring.get(), "use_tool_id", "is", kToolId, "codetrace"));
    if (!claimed) fail("sys.monitoring's profiler tool id is taken by another tool");
    const struct {
      const char* event;
      PyMethodDef* callback;
    } table[] = {{"PY_START", &kCallbacks[0]},  {"PY_RESUME", &kCallbacks[1]}, {"PY_THROW", &kCallbacks[1]},
                 {"PY_RETURN", &kCallbacks[2]}, {"PY_YIELD", &kCallbacks[2]},  {"PY_UNWIND", &kCallbacks[3]},
                 {"CALL", &kCallbacks[4]}};
    long mask = 0;
    for (const auto& entry : table) {
      // CALL events are needed for call sites only where the frame chain cannot be read, and
      // for --c-calls.
      if (std::string(entry.event) == "CALL" && frames::kFrameChain && !g_recorder->c_calls()) continue;
      PyRef bit(PyObject_GetAttrString(events.get(), entry.event));
      PyRef function(PyCFunction_New(entry.callback, nullptr));
      if (!bit || !function) fail(std::string("no sys.monitoring event ") + entry.event);
      PyRef done(PyObject_CallMethod(monitoring.get(), "register_callback", "iOO", kToolId, bit.get(), function.get()));
      if (!done) fail(std::string("cannot register the ") + entry.event + " callback");
      mask |= PyLong_AsLong(bit.get());
    }
    PyRef set(PyObject_CallMethod(monitoring.get(), "set_events", "il", kToolId, mask));
    if (!set) fail("cannot switch the sys.monitoring events on");
  }

 private:
  [[noreturn]] static void fail(const std::string& message) {
    PyErr_Clear();
    throw Error(message);
  }
};

}  // namespace
#endif

// The one place a backend is chosen (see hook.hpp).
std::unique_ptr<Hook> make_profile_hook(CallRecorder& recorder);
std::unique_ptr<Hook> make_eval_frame_hook(CallRecorder& recorder);

std::unique_ptr<Hook> make_hook(CallRecorder& recorder, HookChoice choice) {
  [[maybe_unused]] bool profile = choice == HookChoice::Profile;
#if PY_VERSION_HEX >= 0x030C0000
  if (!profile) return std::make_unique<MonitoringHook>(recorder);
#elif PY_VERSION_HEX >= 0x030B0000
  if (!profile && !recorder.c_calls()) return make_eval_frame_hook(recorder);
#endif
  return make_profile_hook(recorder);
}

}  // namespace codetrace
