#pragma once
// Frees a large structure on another thread while the caller goes on, e.g. the call facts of
// every module (millions of small objects, ~50 ms to free) while the graph is written.
// join_background_releases() waits for them; the registry also joins at exit.
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace codetrace {

class BackgroundReleases {
 public:
  static BackgroundReleases& instance() {
    static BackgroundReleases releases;
    return releases;
  }
  template <class T>
  void add(T&& value) {
    std::lock_guard<std::mutex> lock(mutex_);
    // The thread owns the value and destroys it when the lambda goes, on that thread.
    threads_.emplace_back([held = std::forward<T>(value)]() mutable { std::decay_t<T> gone = std::move(held); });
  }
  void join() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }
  ~BackgroundReleases() { join(); }

 private:
  std::mutex mutex_;
  std::vector<std::thread> threads_;
};

template <class T>
void release_in_background(T&& value) {
  static_assert(!std::is_lvalue_reference_v<T>, "pass the value to release with std::move");
  BackgroundReleases::instance().add(std::forward<T>(value));
}

inline void join_background_releases() { BackgroundReleases::instance().join(); }

}  // namespace codetrace
