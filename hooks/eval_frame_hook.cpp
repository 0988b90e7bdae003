// The PEP 523 frame evaluator (Python 3.11): the interpreter hands every Python frame it is about
// to run - calls, generator and coroutine resumptions, module and class bodies, on every thread -
// to this function, which brackets CPython's own evaluator with a push and a pop of the shadow
// stack.
//
// Why not the profile hook on 3.11: any profile function puts the interpreter in tracing mode,
// which runs every instruction through a tracing dispatch that also undoes the specialising
// interpreter's work, and it makes a frame object for every call. That floor alone costs 2-3x
// the untraced run. A frame evaluator keeps the specialised instructions and needs no frame
// object; the price is that Python-to-Python calls are no longer inlined in the interpreter loop
// (each call recurses in C, as on 3.10). So the main thread's stack may grow further than the
// 8 MiB default, threads the target starts get 64 MiB stacks (reserved, used on demand), and a
// frame that would overflow a thread's C stack raises RecursionError in the target instead of
// crashing it. With --values the arguments are read from the frame's fast locals and the
// exception from the error indicator. The evaluator cannot see C functions, so --c-calls uses the
// profile hook (make_hook).
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <vector>

#include "hooks/hook.hpp"
#include "hooks/python_frames.hpp"
#include "static/python/py_ref.hpp"
#include "tracer/call_recorder.hpp"

namespace codetrace {

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
namespace {

CallRecorder* g_recorder = nullptr;

// CPython 3.11 (3.11.2, Debian 12's, among others) specialises `a[i]` on a class with a Python
// __getitem__ (BINARY_SUBSCR_GETITEM) without asking whether a frame evaluator is installed: from
// then on the __getitem__ frame is pushed inside the caller's evaluation, never reaches this hook,
// and its calls are lost. The specialiser takes only a __getitem__ whose function version fits in
// 16 bits; giving each __getitem__ function a version above that (from a range CPython's own
// counter, which starts at 1, never reaches) keeps `a[i]` on the generic path, which calls
// through the evaluator. A site can specialise on its very first run (3.11 quickens a code object
// after 8 runs or loop iterations, with its instructions' counters at zero), so the version must
// be set before any call: for the classes that exist when the hook is installed, for each class
// statement as its body returns (its namespace holds the method before the class exists), and
// for any other __getitem__ the first time this hook sees it run.
PyObject* g_getitem_name = nullptr;         // interned "__getitem__": co_name is compared by pointer
std::uint32_t g_next_version = 0x80000000u;  // CPython's versions stay far below this

inline void keep_unspecialised(PyObject* function) {
  if (!function || !PyFunction_Check(function)) return;
  auto* func = reinterpret_cast<PyFunctionObject*>(function);
  if (func->func_version <= 0xFFFF) func->func_version = g_next_version++;
}

inline void keep_subscript_unspecialised(frames::Frame311* f) {
  if (f->f_code->co_name == g_getitem_name) keep_unspecialised(f->f_func);
}

// A namespace's __getitem__ (a class body's, before the class is made from it).
void keep_namespace_unspecialised(PyObject* names) {
  if (names && PyDict_Check(names)) keep_unspecialised(PyDict_GetItem(names, g_getitem_name));  // borrowed; errors kept as they were
}

// Every class that exists now, through type.__subclasses__().
void keep_existing_classes_unspecialised() {
  std::vector<PyObject*> todo{reinterpret_cast<PyObject*>(&PyBaseObject_Type)};
  PyRef seen(PySet_New(nullptr));
  while (!todo.empty() && seen) {
    PyObject* type = todo.back();
    todo.pop_back();
    keep_namespace_unspecialised(reinterpret_cast<PyTypeObject*>(type)->tp_dict);
    PyRef subclasses(PyObject_CallMethod(type, "__subclasses__", nullptr));
    if (!subclasses || !PyList_Check(subclasses.get())) {
      PyErr_Clear();
      continue;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(subclasses.get()); ++i) {
      PyObject* sub = PyList_GET_ITEM(subclasses.get(), i);  // borrowed; kept alive by the set
      if (PySet_Contains(seen.get(), sub) == 0 && PySet_Add(seen.get(), sub) == 0) todo.push_back(sub);
    }
  }
  PyErr_Clear();
}

constexpr std::size_t kStackReserve = 256 * 1024;  // room kept for the frame's own evaluation

// The lowest address this thread's frames may reach: its stack's end plus the reserve.
thread_local const char* t_stack_floor __attribute__((tls_model("initial-exec"))) = nullptr;

const char* stack_floor() {
  pthread_attr_t attr;
  void* low = nullptr;
  std::size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
  }
  // Unknown bounds: never refuse a frame.
  return low && size > 2 * kStackReserve ? static_cast<const char*>(low) + kStackReserve : reinterpret_cast<const char*>(1);
}

PyObject* evaluate(PyThreadState* ts, struct _PyInterpreterFrame* frame, int throwflag) {
  char here;
  if (!t_stack_floor) t_stack_floor = stack_floor();
  if (&here < t_stack_floor) {  // this thread's C stack is nearly used up: unwind the frame instead
    PyErr_SetString(PyExc_RecursionError, "maximum recursion depth exceeded (C stack, under codetrace's frame evaluator)");
    return _PyEval_EvalFrameDefault(ts, frame, 1);
  }
  auto* f = reinterpret_cast<frames::Frame311*>(frame);
  keep_subscript_unspecialised(f);
  // A class body (no CO_NEWLOCALS; its locals are the namespace the class is made from).
  PyObject* names = (f->f_code->co_flags & CO_NEWLOCALS) ? nullptr : f->f_locals;
  Py_XINCREF(names);
  bool pushed = g_recorder->evaluate(f->f_code, f->f_globals, frames::frame_offset(f), f->localsplus, throwflag != 0);
  PyObject* result = _PyEval_EvalFrameDefault(ts, frame, throwflag);
  if (pushed) g_recorder->finished(result);
  if (names) {
    keep_namespace_unspecialised(names);
    Py_DECREF(names);
  }
  return result;
}

class EvalFrameHook : public Hook {
 public:
  explicit EvalFrameHook(CallRecorder& recorder) { g_recorder = &recorder; }
  const char* backend() const override { return "eval-frame"; }
  void install() override {
    // The main thread's stack grows on demand up to this limit (threads keep their fixed size).
    rlimit limit{};
    if (getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
      rlim_t wanted = std::min<rlim_t>(limit.rlim_max, rlim_t{1} << 30);
      if (wanted > limit.rlim_cur) {
        limit.rlim_cur = wanted;
        setrlimit(RLIMIT_STACK, &limit);
      }
    }
    // And so do new threads' stacks, unless the target sets threading.stack_size() itself.
    PyRef thread(PyImport_ImportModule("_thread"));
    PyRef done(thread ? PyObject_CallMethod(thread.get(), "stack_size", "n", Py_ssize_t{64} << 20) : nullptr);
    if (!done) PyErr_Clear();
    g_getitem_name = PyUnicode_InternFromString("__getitem__");  // kept for the process's life
    keep_existing_classes_unspecialised();
    _PyInterpreterState_SetEvalFrameFunc(PyInterpreterState_Get(), evaluate);
  }
};

}  // namespace

std::unique_ptr<Hook> make_eval_frame_hook(CallRecorder& recorder) { return std::make_unique<EvalFrameHook>(recorder); }
#else
std::unique_ptr<Hook> make_eval_frame_hook(CallRecorder&) { return nullptr; }
#endif

}  // namespace codetrace
