#include "tracer/record_file.hpp"

#include <cstddef>

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <ctime>

#include "core/error.hpp"
#include "core/unique_file.hpp"

namespace codetrace {
namespace {

std::size_t layout_size(std::uint32_t codes, std::uint32_t edges, std::uint32_t stacks, std::uint64_t events, std::uint32_t event_size,
                        std::uint32_t values, std::uint64_t strings) {
  return sizeof(RecordHeader) + codes * sizeof(CodeEntry) + std::size_t{edges} * (sizeof(EdgeEntry) + sizeof(std::uint32_t)) +
         std::size_t{stacks} * sizeof(ThreadStack) + events * event_size + std::size_t{values} * sizeof(ValueSample) + strings;
}

char* map_file(int fd, std::size_t size, const std::string& path) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) throw Error("cannot map the record file " + path + ": " + std::strerror(errno));
  return static_cast<char*>(p);
}

}  // namespace

RecordFile RecordFile::create(const std::string& prefix, std::uint64_t events, bool full_events, std::uint32_t values, std::uint32_t codes,
                              std::uint32_t edges, std::uint32_t stacks, std::uint64_t string_bytes) {
  std::uint32_t event_size = full_events ? sizeof(CallEvent) : sizeof(EventTimes);
  std::string path;
  int fd = create_unique_file(prefix, path, true);
  if (fd < 0) throw Error("cannot create the record file " + prefix + "...: " + std::strerror(errno));
  std::size_t size = layout_size(codes, edges, stacks, events, event_size, values, string_bytes);
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) {
    ::close(fd);
    throw Error("cannot size the record file " + path + ": " + std::strerror(errno));
  }
  char* base = map_file(fd, size, path);
  ::close(fd);
  RecordFile file(base, size, path);
  RecordHeader& h = file.header();
  std::memcpy(h.magic, kRecordMagic, sizeof h.magic);
  h.code_capacity = codes;
  h.edge_capacity = edges;
  h.stack_capacity = stacks;
  h.event_capacity = events;
  h.event_size = event_size;
  h.value_capacity = values;
  h.string_capacity = string_bytes;
  return file;
}

RecordFile RecordFile::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) throw Error("cannot open the record file " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) < sizeof(RecordHeader)) {
    ::close(fd);
    throw Error("the record file " + path + " is truncated");
  }
  char* base = map_file(fd, static_cast<std::size_t>(st.st_size), path);
  ::close(fd);
  RecordFile file(base, static_cast<std::size_t>(st.st_size), path);
  const RecordHeader& h = file.header();
  if (std::memcmp(h.magic, kRecordMagic, sizeof h.magic) != 0 ||
      (h.event_size != sizeof(EventTimes) && h.event_size != sizeof(CallEvent)) ||
      layout_size(h.code_capacity, h.edge_capacity, h.stack_capacity, h.event_capacity, h.event_size, h.value_capacity, h.string_capacity) !=
          file.size_)
    throw Error("the record file " + path + " is not one codetrace wrote");
  return file;
}

std::uint64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<std::uint64_t>(ts.tv_nsec);
}

void close_open_frames(RecordFile& record, std::uint64_t end_ticks) {
  RecordHeader& h = record.header();
  std::uint32_t threads = std::min(h.threads, h.stack_capacity);
  for (std::uint32_t t = 0; t < threads; ++t) {
    ThreadStack& st = record.stacks()[t];
    int depth = std::min(st.depth, kMaxDepth);
    for (int i = depth - 1; i >= 0; --i) {  // innermost first, as returns would come
      ShadowFrame& f = st.frames[i];
      std::uint64_t elapsed = end_ticks > f.start ? end_ticks - f.start : 0;
      if (i > 0) st.frames[i - 1].child += elapsed;
      f.flags |= kEventOpen;
      if (f.code < std::min(h.code_count, h.code_capacity)) account_return(record, f, elapsed, st.slot, static_cast<std::uint32_t>(i));
    }
    st.depth = 0;
  }
}

double ns_per_tick(const RecordHeader& header) {
  std::uint64_t ns = monotonic_ns(), ticks = clock_ticks();
  if (ticks <= header.start_ticks || ns <= header.start_ns) return 1.0;
  return static_cast<double>(ns - header.start_ns) / static_cast<double>(ticks - header.start_ticks);
}

RecordFile::RecordFile(RecordFile&& other) noexcept
    : base_(other.base_), size_(other.size_), path_(std::move(other.path_)), family_(std::move(other.family_)) {
  other.base_ = nullptr;
  other.size_ = 0;
}

RecordFile::~RecordFile() {
  if (base_) munmap(base_, size_);
}

void RecordFile::snapshot_before_fork(const ThreadStack* stack) {
  fork_header_.assign(base_, base_ + sizeof(RecordHeader));
  fork_stack_of_ = stack;
  if (!stack) return fork_stack_.clear();
  int depth = std::max(0, std::min(stack->depth, kMaxDepth));
  const char* from = reinterpret_cast<const char*>(stack);
  fork_stack_.assign(from, from + offsetof(ThreadStack, frames) + static_cast<std::size_t>(depth) * sizeof(ShadowFrame));
}

void RecordFile::split_after_fork(std::uint32_t known_codes, ThreadStack* stack) {
  // The state at the fork (snapshot_before_fork), when there is one; the parent has run on since.
  bool snapshot = fork_header_.size() == sizeof(RecordHeader);
  const char* header_at_fork = snapshot ? fork_header_.data() : base_;
  const RecordHeader& old = *reinterpret_cast<const RecordHeader*>(header_at_fork);
  std::string path;
  int fd = create_unique_file(family_ + ".child-", path, true);
  if (fd >= 0 && ftruncate(fd, static_cast<off_t>(size_)) != 0) {
    ::close(fd);
    ::unlink(path.c_str());
    fd = -1;
  }
  void* fresh = fd >= 0 ? mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
                        : mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (fresh == MAP_FAILED) {  // no memory either: stop writing anywhere rather than into the parent's record
    if (fd >= 0) ::close(fd);
    mmap(base_, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
    return;
  }
  char* to = static_cast<char*>(fresh);
  std::uint32_t codes = std::min({known_codes, old.code_count, old.code_capacity});
  std::uint64_t strings = std::min(old.string_used, old.string_capacity);
  std::memcpy(to, header_at_fork, sizeof(RecordHeader));
  std::memcpy(to + (reinterpret_cast<char*>(this->codes()) - base_), this->codes(), codes * sizeof(CodeEntry));
  std::memcpy(to + (this->strings() - base_), this->strings(), strings);
  bool keep_stack = stack && reinterpret_cast<char*>(stack) >= base_ && reinterpret_cast<char*>(stack) < base_ + size_;
  if (keep_stack && snapshot && fork_stack_of_ == stack && !fork_stack_.empty())
    std::memcpy(to + (reinterpret_cast<char*>(stack) - base_), fork_stack_.data(), fork_stack_.size());
  else if (keep_stack)
    std::memcpy(to + (reinterpret_cast<char*>(stack) - base_), stack, sizeof(ThreadStack));
  fork_header_.clear();
  fork_stack_of_ = nullptr;
  // From here on the new record is the one at base_.
  if (fd >= 0) {
    mmap(base_, size_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
    munmap(fresh, size_);
    ::close(fd);
    path_ = path;
  } else {
    mremap(fresh, size_, size_, MREMAP_MAYMOVE | MREMAP_FIXED, base_);
    path_.clear();
  }
  RecordHeader& h = header();
  h.code_count = codes;
  h.string_used = strings;
  h.edge_count = h.dropped_edges = h.dropped_depth = 0;
  h.event_count = 0;
  h.value_count = 0;
  h.exception[0] = '\0';
  h.crash_signal = 0;
  h.native_backtrace[0] = '\0';
  h.parent_pid = h.child_pid;
  h.child_pid = static_cast<std::uint32_t>(getpid());
  h.started_by = kStartedByFork;
  h.command[0] = '\0';  // the parent's, not a command of its own
  for (std::uint32_t i = 0; i < codes; ++i) {
    CodeEntry& c = this->codes()[i];
    c.calls = c.resumes = c.inclusive_ticks = c.self_ticks = 0;
    c.active = 0;
  }
  if (!keep_stack) return;
  for (int i = 0; i < std::min(stack->depth, kMaxDepth); ++i) {
    ShadowFrame& f = stack->frames[i];
    f.edge = kNoEdge;  // the edge table is empty: the call was counted in the parent
    f.sample = 0;
    if (f.code < codes) ++this->codes()[f.code].active;
  }
}

std::vector<std::string> RecordFile::child_records(const std::string& path) {
  std::vector<std::string> out;
  size_t slash = path.rfind('/');
  std::string folder = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
  std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".child-";
  DIR* dir = opendir(folder.c_str());
  if (!dir) return out;
  while (dirent* e = readdir(dir)) {
    std::string name = e->d_name;
    if (name.compare(0, prefix.size(), prefix) == 0 && name.size() == prefix.size() + 6)
      out.push_back(slash == std::string::npos ? name : folder + (folder == "/" ? "" : "/") + name);
  }
  closedir(dir);
  std::sort(out.begin(), out.end());
  return out;
}

std::string RecordFile::string_at(std::uint32_t off, std::uint32_t len) const {
  if (std::uint64_t{off} + len > header().string_capacity) return "";
  return std::string(strings() + off, len);
}

}  // namespace codetrace
