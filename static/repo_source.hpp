#pragma once
// RepoSource: what the user named on the command line (a folder or a git URL) turned into a
// local folder to analyse, with the repository name and commit that every record carries.
// A URL is cloned shallow into a cache folder (reused on the next run).
#include <optional>
#include <string>

namespace codetrace {

struct RepoSource {
  std::string root;                   // absolute path of the folder to analyse
  std::string repo;                   // the URL for a clone; the folder's name for a local path
  std::optional<std::string> commit;  // HEAD of the work tree, when it is one
  std::string package_prefix;         // dotted name of `root` when it lies inside a package
};

bool looks_like_git_url(const std::string& argument);

// The default cache for clones: $XDG_CACHE_HOME/codetrace/repos or ~/.cache/codetrace/repos.
std::string default_clone_cache();

// Throws Error (one line, naming the path or URL) when the path is missing or the clone fails.
RepoSource resolve_repo_source(const std::string& argument, const std::string& clone_cache);

}  // namespace codetrace
