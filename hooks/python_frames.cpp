#include "hooks/python_frames.hpp"

#include "static/python/py_ref.hpp"

namespace codetrace::frames {

int generator_start_offset(PyCodeObject* code) {
#if PY_VERSION_HEX >= 0x030B0000
  static int resume = -1;
  if (resume < 0) {
    PyRef dis(PyImport_ImportModule("dis"));
    PyRef opmap(dis ? PyObject_GetAttrString(dis.get(), "opmap") : nullptr);
    PyObject* op = opmap ? PyDict_GetItemString(opmap.get(), "RESUME") : nullptr;  // borrowed
    resume = op ? static_cast<int>(PyLong_AsLong(op)) : 151;
    PyErr_Clear();
  }
  PyRef bytes(PyCode_GetCode(code));
  if (!bytes || !PyBytes_Check(bytes.get())) {
    PyErr_Clear();
    return 0;
  }
  const unsigned char* ops = reinterpret_cast<const unsigned char*>(PyBytes_AS_STRING(bytes.get()));
  Py_ssize_t n = PyBytes_GET_SIZE(bytes.get());
  for (Py_ssize_t i = 0; i + 1 < n; i += 2)
    if (ops[i] == resume) return static_cast<int>(i);
  return 0;
#else
  (void)code;
  return -1;
#endif
}

}  // namespace codetrace::frames
