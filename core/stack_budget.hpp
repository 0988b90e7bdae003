#pragma once
// How deep a recursive walk may still go on this thread's stack. Valid Python can nest deeper
// than a C++ recursion over it can follow with a small stack (`ulimit -s 1024`, a thread's
// default): the walks of the syntax tree and the resolver stop at half the stack instead of
// overflowing it.
#include <pthread.h>

#include <algorithm>
#include <cstdint>

namespace codetrace {

class StackBudget {
 public:
  // Measures from the caller's frame: it may use half of what is left of this thread's stack.
  StackBudget() {
    top_ = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
    std::uintptr_t low = stack_low();
    std::uintptr_t left = low && top_ > low ? top_ - low : std::uintptr_t{8} << 20;
    budget_ = std::min<std::uintptr_t>(left, std::uintptr_t{64} << 20) / 2;
  }
  bool exhausted() const { return top_ - reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)) > budget_; }

 private:
  // The lowest address of this thread's stack, 0 if unknown; looked up once per thread (for the
  // main thread glibc reads /proc/self/maps to answer).
  static std::uintptr_t stack_low() {
    thread_local std::uintptr_t low = [] {
      std::uintptr_t found = 0;
      pthread_attr_t attr;
      if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void* base = nullptr;
        std::size_t size = 0;
        if (pthread_attr_getstack(&attr, &base, &size) == 0) found = reinterpret_cast<std::uintptr_t>(base);
        pthread_attr_destroy(&attr);
      }
      return found;
    }();
    return low;
  }
  std::uintptr_t top_ = 0, budget_ = 0;
};

}  // namespace codetrace
