#include "core/file_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace codetrace {
namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string size_text(std::size_t bytes) {
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

const char* file_type_name(unsigned mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symlink";
  return "not a regular file";
}

std::optional<std::string> read_regular_file(const std::string& path, std::string& error, const ReadOptions& options) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (options.follow_links ? 0 : O_NOFOLLOW);
  Fd file{::open(path.c_str(), flags)};
  if (file.fd < 0) {
    error = errno == ELOOP && !options.follow_links ? "a symlink (not followed)" : std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    error = std::string(file_type_name(st.st_mode)) + ", not a regular file";
    return std::nullopt;
  }
  if (static_cast<std::size_t>(st.st_size) > options.limit) {
    error = "larger than " + size_text(options.limit);
    return std::nullopt;
  }
  std::string out;
  out.resize(static_cast<std::size_t>(st.st_size));
  std::size_t used = 0;
  for (;;) {
    if (used == out.size()) {
      if (out.size() > options.limit) {
        error = "larger than " + size_text(options.limit);
        return std::nullopt;
      }
      out.resize(out.size() + 65536);
    }
    ssize_t n = ::read(file.fd, &out[used], out.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      return std::nullopt;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > options.limit) {
    error = "larger than " + size_text(options.limit);
    return std::nullopt;
  }
  out.resize(used);
  return out;
}

}  // namespace codetrace
