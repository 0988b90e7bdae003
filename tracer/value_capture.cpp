#include "tracer/value_capture.hpp"

#include <cctype>

#include "core/json_line.hpp"
#include "core/secrets.hpp"
#include "hooks/python_frames.hpp"
#include "tracer/record_file.hpp"

namespace codetrace {
namespace {

thread_local bool t_busy __attribute__((tls_model("initial-exec"))) = false;  // read on every event


}  // namespace

QuietHook::QuietHook() {
  PyErr_Fetch(&type_, &value_, &traceback_);
  t_busy = true;
}

QuietHook::~QuietHook() {
  t_busy = false;
  PyErr_Clear();
  PyErr_Restore(type_, value_, traceback_);
}

bool ValueCapture::busy() { return t_busy; }

std::string ValueCapture::safe_repr(PyObject* object, const std::string& name, bool as_str) {
  if (!name.empty() && looks_secret_name(name)) return "<redacted>";
  PyTypeObject* type = Py_TYPE(object);
  if (slow_types_.count(type)) return std::string("<repr of ") + type->tp_name + " skipped: slow>";
  std::uint64_t start = monotonic_ns();
  PyObject* repr = as_str ? PyObject_Str(object) : PyObject_Repr(object);
  std::uint64_t took = monotonic_ns() - start;
  std::string text;
  if (!repr) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    text = std::string("<repr failed: ") + (t && PyType_Check(t) ? reinterpret_cast<PyTypeObject*>(t)->tp_name : "?") + ">";
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return text;
  }
  Py_ssize_t size = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(repr, &size);
  text = utf8 ? std::string(utf8, static_cast<size_t>(size)) : "<repr not text>";
  Py_DECREF(repr);
  if (took > 100000000ull) slow_types_.insert(type);  // record this one, skip the type from now on
  if (text.size() > 4 * max_length_ + 256) text.resize(4 * max_length_ + 256);  // bound the scan; cut again below
  if (looks_secret_value(text)) return "<redacted>";
  text = redact_secrets(text);
  if (text.size() > max_length_) {
    size_t cut = max_length_;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    text = text.substr(0, cut) + "...";
  }
  return text;
}

namespace {

// One more "name": "type" member of a JSON object being built (no-op without `types`).
void add_type(std::string* types, const char* name, PyObject* value) {
  if (!types) return;
  if (types->empty()) *types = "{";
  if (types->size() > 1) *types += ", ";
  append_json_string(*types, name);
  *types += ": ";
  append_json_string(*types, Py_TYPE(value)->tp_name);
}

void close_types(std::string* types) {
  if (!types) return;
  if (types->empty()) *types = "{";
  *types += "}";
}

}  // namespace

// The arguments, by name, from `value_of(index, name)` (a new reference, or null to leave one out).
std::string ValueCapture::arguments_from(PyCodeObject* code, std::string* types, const std::function<PyObject*(int, PyObject*)>& value_of) {
  QuietHook quiet;
  std::string out = "{";
  PyObject* names = frames::varnames_of(code);  // new reference
  if (names) {
    int count = code->co_argcount + code->co_kwonlyargcount + ((code->co_flags & CO_VARARGS) ? 1 : 0) +
                ((code->co_flags & CO_VARKEYWORDS) ? 1 : 0);
    for (int i = 0; i < count && i < PyTuple_GET_SIZE(names); ++i) {
      PyObject* key = PyTuple_GET_ITEM(names, i);
      const char* name = PyUnicode_AsUTF8(key);
      if (!name) continue;
      PyObject* value = value_of(i, key);
      if (!value) {
        PyErr_Clear();
        continue;
      }
      if (out.size() > 1) out += ", ";
      append_json_string(out, name);
      out += ": ";
      append_json_string(out, safe_repr(value, name));
      add_type(types, name, value);
      Py_DECREF(value);
    }
  }
  Py_XDECREF(names);
  close_types(types);
  return out + "}";
}

std::string ValueCapture::arguments(PyFrameObject* frame, PyCodeObject* code, std::string* types) {
  QuietHook quiet;
  PyObject* locals = frame ? frames::locals_of(frame) : nullptr;  // new reference
  if (!locals) {
    PyErr_Clear();
    close_types(types);
    return "{}";
  }
  std::string out = arguments_from(code, types, [&](int, PyObject* name) { return PyObject_GetItem(locals, name); });
  Py_DECREF(locals);
  return out;
}

std::string ValueCapture::arguments(PyObject* const* fast, PyCodeObject* code, std::string* types) {
  // A frame about to run: its arguments are its first fast locals. A generator's, when it first
  // runs, may already sit in cells.
  return arguments_from(code, types, [&](int i, PyObject*) -> PyObject* {
    PyObject* value = fast[i];
    if (value && PyCell_Check(value)) value = PyCell_GET(value);
    Py_XINCREF(value);
    return value;
  });
}

std::string ValueCapture::bound_arguments(PyObject* func, PyObject* args, PyObject* kwargs, std::string* types) {
  QuietHook quiet;
  std::string out = "{";
  PyObject* inspect = PyImport_ImportModule("inspect");
  PyObject* signature = inspect ? PyObject_CallMethod(inspect, "signature", "O", func) : nullptr;
  PyObject* bind = signature ? PyObject_GetAttrString(signature, "bind") : nullptr;
  PyObject* bound = bind ? PyObject_Call(bind, args, kwargs && PyDict_Check(kwargs) ? kwargs : nullptr) : nullptr;
  PyObject* defaults = bound ? PyObject_CallMethod(bound, "apply_defaults", nullptr) : nullptr;  // None
  Py_XDECREF(defaults);
  PyObject* arguments = bound ? PyObject_GetAttrString(bound, "arguments") : nullptr;
  PyObject* items = arguments ? PyMapping_Items(arguments) : nullptr;
  if (items) {
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); ++i) {
      PyObject* pair = PyList_GET_ITEM(items, i);
      const char* name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(pair, 0));
      if (!name) continue;
      if (out.size() > 1) out += ", ";
      append_json_string(out, name);
      out += ": ";
      append_json_string(out, safe_repr(PyTuple_GET_ITEM(pair, 1), name));
      add_type(types, name, PyTuple_GET_ITEM(pair, 1));
    }
  } else {  // no signature to bind to: positional and keyword arguments as they came
    out += "\"*args\": ";
    append_json_string(out, safe_repr(args, ""));
    out += ", \"**kwargs\": ";
    append_json_string(out, kwargs ? safe_repr(kwargs, "") : "{}");
  }
  Py_XDECREF(items);
  Py_XDECREF(arguments);
  Py_XDECREF(bound);
  Py_XDECREF(bind);
  Py_XDECREF(signature);
  Py_XDECREF(inspect);
  close_types(types);
  return out + "}";
}

std::string ValueCapture::value(PyObject* object, std::string* type, bool secret) {
  QuietHook quiet;
  std::string out;
  append_json_string(out, !object ? "<none>" : secret ? "<redacted>" : safe_repr(object, ""));
  if (type && object) append_json_string(*type, Py_TYPE(object)->tp_name);
  return out;
}

bool ValueCapture::returns_secret(PyCodeObject* code) {
  QuietHook quiet;
  const char* name = PyUnicode_AsUTF8(code->co_name);
  if (name && looks_secret_name(name)) return true;
  bool secret = false;
  PyObject* names = frames::varnames_of(code);  // new reference: parameters, then other locals
  for (Py_ssize_t i = 0; names && i < PyTuple_GET_SIZE(names) && !secret; ++i) {
    const char* local = PyUnicode_AsUTF8(PyTuple_GET_ITEM(names, i));
    secret = local && looks_secret_name(local);
  }
  Py_XDECREF(names);
  return secret;
}

std::string ValueCapture::current_exception() {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  if (!type) {
    // The profile hook (Python <= 3.11) runs with the unwinding exception put aside, out of reach.
    return "{\"raised\": \"<an exception (the profile hook cannot see which)>\"}";
  }
  PyErr_NormalizeException(&type, &value, &traceback);
  std::string text = exception(value);
  PyErr_Restore(type, value, traceback);
  return text;
}

std::string ValueCapture::exception(PyObject* exception) {
  QuietHook quiet;
  std::string text = "?";
  if (exception) {
    text = Py_TYPE(exception)->tp_name;
    std::string message = safe_repr(exception, "", true);
    if (!message.empty()) text += ": " + message;
  }
  std::string out = "{\"raised\": ";
  append_json_string(out, text);
  return out + "}";
}

}  // namespace codetrace
