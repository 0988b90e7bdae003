#include "core/unique_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace codetrace {

int create_unique_file(const std::string& prefix, std::string& path, bool owner_only) {
  std::string name = prefix + "XXXXXX";
  int fd = ::mkostemp(name.data(), O_CLOEXEC);  // O_CREAT | O_EXCL, mode 0600
  if (fd < 0) return -1;
  if (!owner_only) {
    static const mode_t mask = [] {
      mode_t m = ::umask(022);
      ::umask(m);
      return m;
    }();
    ::fchmod(fd, 0666 & ~mask);
  }
  path = name;
  return fd;
}

}  // namespace codetrace
