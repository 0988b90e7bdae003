#include "static/python/interpreter.hpp"

#include "core/error.hpp"
#include "static/python/py_ref.hpp"

#include <unistd.h>

namespace codetrace {

Interpreter::Interpreter(Options options) {
  if (Py_IsInitialized()) throw Error("the embedded Python is already running");
  PyConfig config;
  if (options.isolated) PyConfig_InitIsolatedConfig(&config);
  else PyConfig_InitPythonConfig(&config);
  config.site_import = options.isolated ? 0 : 1;
  config.install_signal_handlers = 0;  // Ctrl-C must stop codetrace itself
  config.write_bytecode = 0;
  config.parse_argv = 0;
  PyStatus status = PyStatus_Ok();
  // The analysed code's SyntaxWarnings (`"\d"`, 3.12+) are not codetrace's to print: files that
  // cannot be analysed are reported as such, and helper processes must not add their own lines.
  if (options.isolated) status = PyWideStringList_Append(&config.warnoptions, L"ignore");
  if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  if (PyStatus_Exception(status)) {
    throw Error(std::string("cannot start the embedded Python: ") + (status.err_msg ? status.err_msg : "unknown"));
  }
}

Interpreter::~Interpreter() { Py_FinalizeEx(); }

std::string Interpreter::runtime_version() {
  std::string v = Py_GetVersion();
  return v.substr(0, v.find(' '));
}

std::set<std::string> builtin_names() {
  std::set<std::string> names;
  PyRef module(PyImport_ImportModule("builtins"));
  PyRef listing(module ? PyObject_Dir(module.get()) : nullptr);
  if (!listing || !PyList_Check(listing.get())) throw Error("cannot list the builtins: " + take_python_error());
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(listing.get()); ++i) {
    const char* name = PyUnicode_AsUTF8(PyList_GET_ITEM(listing.get(), i));
    if (name) names.insert(name);
  }
  // The attributes of the builtin types that literals and displays create, as "type.attr".
  for (const char* type : {"str", "bytes", "int", "float", "complex", "bool", "list", "tuple", "dict", "set"}) {
    PyRef cls(PyObject_GetAttrString(module.get(), type));
    PyRef attrs(cls ? PyObject_Dir(cls.get()) : nullptr);
    if (!attrs || !PyList_Check(attrs.get())) continue;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(attrs.get()); ++i)
      if (const char* attr = PyUnicode_AsUTF8(PyList_GET_ITEM(attrs.get(), i)))
        names.insert(std::string(type) + "." + attr);
  }
  PyErr_Clear();
  return names;
}

std::string take_python_error() {
  PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  PyRef t(type), v(value), tb(traceback);
  if (!t) return "unknown Python error";
  std::string message = reinterpret_cast<PyTypeObject*>(t.get())->tp_name;
  if (v) {
    PyRef text(PyObject_Str(v.get()));
    const char* utf8 = text ? PyUnicode_AsUTF8(text.get()) : nullptr;
    if (utf8 && *utf8) message += std::string(": ") + utf8;
  }
  PyErr_Clear();
  return message;
}

int Interpreter::fork_process() {
  PyOS_BeforeFork();
  pid_t pid = fork();
  if (pid == 0) PyOS_AfterFork_Child();
  else PyOS_AfterFork_Parent();
  return pid;
}

}  // namespace codetrace
