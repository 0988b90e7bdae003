#pragma once
// Runs git on folders codetrace did not make: a cloned or downloaded repository's own
// .git/config must not be able to run a command (core.fsmonitor is a command that `git ls-files`
// and `git status` run; core.hooksPath points hooks anywhere). Every git call goes through here.
#include <string>
#include <vector>

#include "core/process.hpp"

namespace codetrace {

// `git <safety options> <args>`: the repository's configuration cannot start a program, git
// never prompts, and it takes no optional locks (it never writes the index of a tree it reads).
ProcessResult run_git(const std::vector<std::string>& args, double timeout_seconds);

}  // namespace codetrace
