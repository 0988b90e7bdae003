#include "hooks/python_frames.hpp"

#include "static/python/py_ref.hpp"

#if PY_VERSION_HEX >= 0x030B0000
#include <opcode.h>
#endif

namespace codetrace::frames {

int generator_start_offset(PyCodeObject* code) {
#if PY_VERSION_HEX >= 0x030B0000
  // The opcode from the headers (opcode.h; opcode_ids.h on 3.13+), not from `dis`: importing
  // dis into the target would cost milliseconds and show in its trace.
  constexpr int resume = RESUME;
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
