#pragma once
// PyRef: the one owner of a `PyObject*` strong reference. Construct it from a *new* reference
// (what most C API calls return); `borrow()` wraps a borrowed one by taking its own reference.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <utility>

namespace codetrace {

class PyRef {
 public:
  PyRef() = default;
  explicit PyRef(PyObject* owned) : ptr_(owned) {}
  static PyRef borrow(PyObject* borrowed) {
    Py_XINCREF(borrowed);
    return PyRef(borrowed);
  }
  PyRef(const PyRef&) = delete;
  PyRef& operator=(const PyRef&) = delete;
  PyRef(PyRef&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
  PyRef& operator=(PyRef&& other) noexcept {
    if (this != &other) {
      Py_XDECREF(ptr_);
      ptr_ = std::exchange(other.ptr_, nullptr);
    }
    return *this;
  }
  ~PyRef() { Py_XDECREF(ptr_); }

  PyObject* get() const { return ptr_; }
  explicit operator bool() const { return ptr_ != nullptr; }
  PyObject* release() { return std::exchange(ptr_, nullptr); }

 private:
  PyObject* ptr_ = nullptr;
};

}  // namespace codetrace
