#include "static/file_claims.hpp"

#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <new>
#include <numeric>

namespace codetrace {

// Lock-free atomics are address-free: they work across processes in shared memory.
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

std::unique_ptr<FileClaims> FileClaims::create(std::vector<std::size_t> order, bool shared) {
  std::size_t cells = 1 + order.size();
  void* memory = shared ? ::mmap(nullptr, cells * sizeof(Cell), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)
                        : ::operator new(cells * sizeof(Cell));
  if (memory == MAP_FAILED) return nullptr;
  Cell* first = static_cast<Cell*>(memory);
  for (std::size_t i = 0; i < cells; ++i) new (first + i) Cell(0);
  return std::unique_ptr<FileClaims>(new FileClaims(std::move(order), first, shared));
}

std::unique_ptr<FileClaims> FileClaims::in_order(std::size_t files) {
  std::vector<std::size_t> order(files);
  std::iota(order.begin(), order.end(), std::size_t{0});
  return create(std::move(order), false);
}

FileClaims::FileClaims(std::vector<std::size_t> order, Cell* cells, bool mapped)
    : order_(std::move(order)), cells_(cells), mapped_(mapped) {}

FileClaims::~FileClaims() {
  if (mapped_) ::munmap(cells_, (1 + order_.size()) * sizeof(Cell));
  else ::operator delete(cells_);
}

std::optional<std::size_t> FileClaims::next(std::uint32_t claimant) {
  std::uint32_t at = cells_[0].fetch_add(1, std::memory_order_relaxed);
  if (at >= order_.size()) return std::nullopt;
  cells_[1 + at].store(claimant + 1, std::memory_order_relaxed);
  return order_[at];
}

std::vector<std::size_t> FileClaims::claimed_by(std::uint32_t claimant) const {
  std::vector<std::size_t> out;
  for (std::size_t at = 0; at < order_.size(); ++at)
    if (cells_[1 + at].load(std::memory_order_relaxed) == claimant + 1) out.push_back(order_[at]);
  return out;
}

std::size_t FileClaims::claimed() const {
  return std::min<std::size_t>(cells_[0].load(std::memory_order_relaxed), order_.size());
}

std::vector<std::size_t> largest_first(const std::string& root, const std::vector<std::string>& files) {
  std::vector<std::pair<long long, std::size_t>> sized;  // (-size, index): largest first, then file order
  sized.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    struct stat st {};
    long long size = ::stat((root + "/" + files[i]).c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : 0;
    sized.emplace_back(-size, i);
  }
  std::sort(sized.begin(), sized.end());
  std::vector<std::size_t> order;
  order.reserve(sized.size());
  for (const auto& entry : sized) order.push_back(entry.second);
  return order;
}

}  // namespace codetrace
