#pragma once
// --values: argument and return values of sampled calls, as truncated reprs. Runs inside the
// hook, so it never raises into the target: a repr that fails is recorded as
// "<repr failed: TypeError>", one that takes longer than 100 ms is recorded and its type is not
// repr'd again ("<repr of T skipped: slow>"), and the hook ignores the calls repr makes.
// Arguments named like secrets, values that look like keys or tokens, and the secrets inside a
// value's repr (a dict's 'password', a DSN's password, an Authorization header, a JWT: see
// redact_secrets) become "<redacted>"; so does the result of a function that handles a secret.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include <functional>
#include <string>
#include <unordered_set>

namespace codetrace {

// While alive: the exception in flight is put aside and this thread's hook events are ignored,
// so the recorder can run Python code (repr, threading lookups) from inside the hook.
class QuietHook {
 public:
  QuietHook();
  ~QuietHook();
  QuietHook(const QuietHook&) = delete;
  QuietHook& operator=(const QuietHook&) = delete;

 private:
  PyObject *type_, *value_, *traceback_;
};

class ValueCapture {
 public:
  explicit ValueCapture(std::size_t max_length) : max_length_(max_length) {}
  // {"x": "1", "name": "'Ann'"}: the frame's arguments, by name, as one JSON object; `types`
  // (if given) gets their type names the same way: {"x": "int", "name": "str"}.
  std::string arguments(PyFrameObject* frame, PyCodeObject* code, std::string* types = nullptr);
  // The same from the fast locals of a frame about to run (the PEP 523 frame evaluator).
  std::string arguments(PyObject* const* fast, PyCodeObject* code, std::string* types = nullptr);
  // "2.0" as a JSON string, or for an exception {"raised": "ValueError: ..."}; `type` (if
  // given) gets the type's name as a JSON string. `secret`: the value is "<redacted>" (the
  // result of a function that handles a secret: see returns_secret).
  std::string value(PyObject* object, std::string* type = nullptr, bool secret = false);
  // True when what `code` returns may be a secret: the function is named like one
  // (get_password) or has a parameter or local variable named like one (`return password`).
  static bool returns_secret(PyCodeObject* code);
  std::string exception(PyObject* exception);
  std::string current_exception();  // the one in flight (left in flight)
  // {"name": "repr", ...} for a call of `func` with these arguments, bound by name.
  std::string bound_arguments(PyObject* func, PyObject* args, PyObject* kwargs, std::string* types = nullptr);
  static bool busy();  // true while a repr runs on this thread: the hook then ignores events

 private:
  std::string safe_repr(PyObject* object, const std::string& name, bool as_str = false);
  std::string arguments_from(PyCodeObject* code, std::string* types, const std::function<PyObject*(int, PyObject*)>& value_of);
  std::size_t max_length_;
  std::unordered_set<PyTypeObject*> slow_types_;
};


}  // namespace codetrace
