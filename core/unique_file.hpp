#pragma once
// Every file codetrace creates beside its outputs (a temporary output, a record) is new: created
// with O_EXCL under a unique name, so nothing that already exists there (a planted symlink, a
// file of another run) is ever opened, followed or overwritten.
#include <string>

namespace codetrace {

// Creates `prefix` + six unique characters and returns its descriptor (close-on-exec), setting
// `path`; -1 with errno set when it cannot. `owner_only`: mode 0600 (a record holds the target's
// values); otherwise 0666 less the umask, as an ordinary create would make it.
int create_unique_file(const std::string& prefix, std::string& path, bool owner_only);

}  // namespace codetrace
