#pragma once
// Reads a whole file that codetrace was pointed at, bounded. Only regular files are read: a FIFO
// would block forever and /dev/zero never ends, so devices, FIFOs, sockets and folders are
// refused, and so is a file larger than the caller's limit (the limit is checked while reading
// too, in case the file grows).
#include <cstddef>
#include <optional>
#include <string>

namespace codetrace {

inline constexpr std::size_t kMiB = std::size_t{1} << 20;
// Python source files larger than this are skipped (named): generated tables, not code to learn
// from, and a bound on what one file can cost.
inline constexpr std::size_t kMaxSourceBytes = 64 * kMiB;
// The largest dataset file (JSONL, trace) that validate reads whole.
inline constexpr std::size_t kMaxDataBytes = std::size_t{4} << 30;

struct ReadOptions {
  std::size_t limit = 64 * kMiB;  // bytes
  bool follow_links = true;       // false: a symlink is refused (O_NOFOLLOW)
};

// The file's bytes, or nullopt with `error` set to the reason ("a FIFO, not a regular file",
// "larger than 64 MiB", "no such file or directory", ...).
std::optional<std::string> read_regular_file(const std::string& path, std::string& error, const ReadOptions& options = {});

// "a FIFO", "a character device", ... for a stat mode.
const char* file_type_name(unsigned mode);

}  // namespace codetrace
