#include "core/git.hpp"

namespace codetrace {

ProcessResult run_git(const std::vector<std::string>& args, double timeout_seconds) {
  // Options given with -c override every configuration file, the repository's own included.
  std::vector<std::string> argv = {"git", "--no-optional-locks", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
                                   "-c", "core.untrackedCache=false", "-c", "protocol.ext.allow=never"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, timeout_seconds, {"GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=true", "SSH_ASKPASS=true"});
}

}  // namespace codetrace
