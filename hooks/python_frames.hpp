#pragma once
// The one place where CPython versions differ for the tracer: how to get a frame's code object,
// instruction offset and globals, a code object's qualified name and its scratch slot (co_extra).
// Everything here is cheap and allocation-free unless noted.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include <cstdint>

namespace codetrace::frames {

// Borrowed: the frame keeps its code object alive while it runs.
inline PyCodeObject* code_of(PyFrameObject* frame) {
#if PY_VERSION_HEX >= 0x030B0000
  PyCodeObject* code = PyFrame_GetCode(frame);  // new reference in 3.11+
  Py_DECREF(code);
  return code;
#else
  return frame->f_code;
#endif
}

// The offset of the instruction running now (bytes; -1 before the first one on 3.10 and older).
inline int lasti_of(PyFrameObject* frame) {
#if PY_VERSION_HEX >= 0x030B0000
  return PyFrame_GetLasti(frame);
#elif PY_VERSION_HEX >= 0x030A0000
  return frame->f_lasti < 0 ? -1 : frame->f_lasti * 2;
#else
  return frame->f_lasti;
#endif
}

// The frame that called `frame` (the next Python frame down its thread's stack, C calls passed
// over), as an address to compare, never to use; 0 at the bottom. It is a frame object the hook
// has seen (it was called under the hook) except for frames older than the hook, which 3.11+
// materialises here.
inline std::uintptr_t back_of(PyFrameObject* frame) {
  PyFrameObject* back = PyFrame_GetBack(frame);  // new reference (3.9+)
  Py_XDECREF(back);                              // the frame below outlives this call: the address stays valid
  return reinterpret_cast<std::uintptr_t>(back);
}

// Borrowed reference to the frame's globals (not on the hot path).
inline PyObject* globals_of(PyFrameObject* frame) {
#if PY_VERSION_HEX >= 0x030B0000
  PyObject* globals = PyFrame_GetGlobals(frame);  // new reference
  Py_DECREF(globals);
  return globals;
#else
  return frame->f_globals;
#endif
}

// "Cart.total", "outer.<locals>.inner"; the bare name before 3.11.
inline PyObject* qualname_of(PyCodeObject* code) {
#if PY_VERSION_HEX >= 0x030B0000
  return code->co_qualname;
#else
  return code->co_name;
#endif
}

inline int code_extra_get(PyCodeObject* code, Py_ssize_t index, void** value) {
#if PY_VERSION_HEX >= 0x030C0000
  return PyUnstable_Code_GetExtra(reinterpret_cast<PyObject*>(code), index, value);
#else
  return _PyCode_GetExtra(reinterpret_cast<PyObject*>(code), index, value);
#endif
}

inline int code_extra_set(PyCodeObject* code, Py_ssize_t index, void* value) {
#if PY_VERSION_HEX >= 0x030C0000
  return PyUnstable_Code_SetExtra(reinterpret_cast<PyObject*>(code), index, value);
#else
  return _PyCode_SetExtra(reinterpret_cast<PyObject*>(code), index, value);
#endif
}

inline Py_ssize_t code_extra_index() {
#if PY_VERSION_HEX >= 0x030C0000
  return PyUnstable_Eval_RequestCodeExtraIndex(nullptr);
#else
  return _PyEval_RequestCodeExtraIndex(nullptr);
#endif
}

// New reference: the names of the code's local variables, arguments first.
inline PyObject* varnames_of(PyCodeObject* code) {
#if PY_VERSION_HEX >= 0x030B0000
  return PyCode_GetVarnames(code);
#else
  Py_XINCREF(code->co_varnames);
  return code->co_varnames;
#endif
}

// New reference: a mapping of the frame's local variables (not on the hot path).
inline PyObject* locals_of(PyFrameObject* frame) {
#if PY_VERSION_HEX >= 0x030B0000
  return PyFrame_GetLocals(frame);
#else
  if (PyFrame_FastToLocalsWithError(frame) < 0) return nullptr;
  Py_XINCREF(frame->f_locals);
  return frame->f_locals;
#endif
}

// The interpreter's frame chain, read directly: on 3.12/3.13 so that sys.monitoring needs no CALL
// event to learn a call site, on 3.11 for the PEP 523 frame evaluator (hooks/eval_frame_hook.cpp).
// The layouts are CPython's private _PyInterpreterFrame (Include/internal/pycore_frame.h): on
// 3.12/3.13 its first two fields are the code object (f_code / f_executable) and the previous
// frame, and the public unstable API gives the offset; on 3.11, Frame311 below. Other versions
// say kFrameChain = false and use CALL events.
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030E0000
inline constexpr bool kFrameChain = true;
#if PY_VERSION_HEX < 0x030C0000
struct Frame311 {
  PyObject* f_func;
  PyObject* f_globals;
  PyObject* f_builtins;
  PyObject* f_locals;
  PyCodeObject* f_code;
  PyObject* frame_obj;
  Frame311* previous;
  _Py_CODEUNIT* prev_instr;  // the instruction running now; one before the first in a new frame
  int stacktop;
  bool is_entry;
  char owner;
  PyObject* localsplus[1];  // the fast locals (arguments first), then the value stack
};
#endif
// The innermost frame of this thread; on 3.11 inside the frame evaluator, the caller of the frame
// about to run (the interpreter links a frame in when it starts running it).
inline void* current_interpreter_frame() {
#if PY_VERSION_HEX >= 0x030D0000
  PyThreadState* ts = PyThreadState_GetUnchecked();
  return ts ? ts->current_frame : nullptr;
#else
  PyThreadState* ts = _PyThreadState_UncheckedGet();
  return ts && ts->cframe ? ts->cframe->current_frame : nullptr;
#endif
}
#if PY_VERSION_HEX >= 0x030C0000
inline void* previous_frame(void* frame) { return static_cast<void* const*>(frame)[1]; }
inline const void* frame_code(void* frame) { return static_cast<void* const*>(frame)[0]; }
inline int frame_offset(void* frame) {
  return PyUnstable_InterpreterFrame_GetLasti(static_cast<struct _PyInterpreterFrame*>(frame));
}
#else
inline void* previous_frame(void* frame) { return static_cast<Frame311*>(frame)->previous; }
inline const void* frame_code(void* frame) { return static_cast<Frame311*>(frame)->f_code; }
// Bytes, as PyFrame_GetLasti; -1 for a frame that has not started.
inline int frame_offset(void* frame) {
  auto* f = static_cast<Frame311*>(frame);
  auto units = f->prev_instr - reinterpret_cast<_Py_CODEUNIT*>(f->f_code->co_code_adaptive);
  return units < 0 ? -1 : static_cast<int>(units * static_cast<long>(sizeof(_Py_CODEUNIT)));
}
#endif
#else
inline constexpr bool kFrameChain = false;
inline void* current_interpreter_frame() { return nullptr; }
inline void* previous_frame(void*) { return nullptr; }
inline const void* frame_code(void*) { return nullptr; }
inline int frame_offset(void*) { return -1; }
#endif

// The offset at which a generator or coroutine's frame first starts running: its first RESUME
// (3.11+, where creating one runs RETURN_GENERATOR first), or -1 (3.10 and older). A profile
// CALL event at any other offset is a resumption, not a call. Not on the hot path.
int generator_start_offset(PyCodeObject* code);

}  // namespace codetrace::frames
