#pragma once
// The files of a tree handed out one at a time to the processes that parse it together (this
// process and its forked parse helpers). A fixed share per process left one waiting while
// another still had files to go (on sympy the helper finished 0.9 s after the parent); with
// claims they finish within one file of each other. Files go out largest first, so that the
// last ones claimed are small.
//
// The counter and the record of who claimed what live in shared anonymous memory, mapped
// before the fork: every process sees every claim, and a helper that dies leaves the list of
// files it took, which the parent parses again.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace codetrace {

class FileClaims {
 public:
  // `order`: file indices in the order to hand them out. Shared: visible to processes forked
  // after this (null when shared memory cannot be had); otherwise this process's alone.
  static std::unique_ptr<FileClaims> create(std::vector<std::size_t> order, bool shared);
  static std::unique_ptr<FileClaims> in_order(std::size_t files);  // this process's, in file order
  ~FileClaims();
  FileClaims(const FileClaims&) = delete;
  FileClaims& operator=(const FileClaims&) = delete;

  // The next file's index, now `claimant`'s; nothing when every file is taken.
  std::optional<std::size_t> next(std::uint32_t claimant);
  // The files `claimant` took (a helper that failed: to be parsed again), in the order claimed.
  std::vector<std::size_t> claimed_by(std::uint32_t claimant) const;
  std::size_t claimed() const;  // by anyone so far (progress)
  std::size_t size() const { return order_.size(); }

 private:
  using Cell = std::atomic<std::uint32_t>;
  FileClaims(std::vector<std::size_t> order, Cell* cells, bool mapped);
  std::vector<std::size_t> order_;
  // The mapping: cells_[0] counts the files handed out; cells_[1 + k] is 1 + the claimant of
  // the k-th file in `order_` (0 while nobody has it).
  Cell* cells_;
  bool mapped_;  // cells_ is a shared mapping (else on the heap)
};

// The indices of `files` (paths under `root`), largest file first; ties in file order.
std::vector<std::size_t> largest_first(const std::string& root, const std::vector<std::string>& files);

}  // namespace codetrace
