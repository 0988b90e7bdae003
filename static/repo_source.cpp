#include "static/repo_source.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/secrets.hpp"
#include "core/git.hpp"
#include "core/text.hpp"

namespace codetrace {
namespace {

bool is_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string basename_of(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::optional<std::string> head_commit(const std::string& folder) {
  ProcessResult r = run_git({"-C", folder, "rev-parse", "--verify", "-q", "HEAD"}, 60);
  if (r.exit_code != 0) return std::nullopt;
  std::string sha(trim(r.out));
  if (sha.size() < 40) return std::nullopt;
  return sha;
}

std::string package_prefix_of(const std::string& root) {
  std::string prefix;
  std::string dir = root;
  while (dir.size() > 1 && is_file(dir + "/__init__.py")) {
    std::string name = basename_of(dir);
    prefix = prefix.empty() ? name : name + "." + prefix;
    dir = dir.substr(0, dir.rfind('/'));
    if (dir.empty()) break;
  }
  return prefix;
}

}  // namespace

bool looks_like_git_url(const std::string& a) {
  for (const char* scheme : {"http://", "https://", "git://", "ssh://", "file://", "git+ssh://"})
    if (starts_with(a, scheme)) return true;
  // scp-like syntax: user@host:path
  size_t at = a.find('@'), colon = a.find(':');
  return at != std::string::npos && colon != std::string::npos && at < colon && a.find('/') > at;
}

std::string default_clone_cache() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/codetrace/repos";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : "/tmp") + "/.cache/codetrace/repos";
}

RepoSource resolve_repo_source(const std::string& argument, const std::string& clone_cache) {
  RepoSource source;
  if (looks_like_git_url(argument)) {
    std::string url = without_credentials(argument);
    std::string name = basename_of(url);
    if (ends_with(name, ".git")) name.resize(name.size() - 4);
    std::string folder = clone_cache + "/" + name + "-" + hex64(fnv1a64(url)).substr(0, 12);
    if (!head_commit(folder)) {
      std::error_code ec;
      std::filesystem::create_directories(clone_cache, ec);
      if (ec) throw Error("cannot create the clone cache " + clone_cache + ": " + ec.message());
      std::filesystem::remove_all(folder, ec);  // a clone that broke half-way
      ProcessResult clone = run_git({"clone", "--depth", "1", "--quiet", "--", argument, folder}, 900);
      if (clone.exit_code != 0) {
        std::string why(trim(clone.err));
        if (clone.timed_out) why = "timed out";
        size_t newline = why.find('\n');
        throw Error("cannot clone " + url + ": " + redact_secrets(newline == std::string::npos ? why : why.substr(0, newline)));
      }
    }
    source.root = folder;
    source.repo = url;
    source.commit = head_commit(folder);
    return source;
  }
  struct stat st;
  if (::stat(argument.c_str(), &st) != 0) throw Error(argument + ": " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) throw Error(argument + ": not a folder (codetrace analyses a folder or a git URL)");
  char resolved[PATH_MAX];
  if (!::realpath(argument.c_str(), resolved)) throw Error(argument + ": " + std::strerror(errno));
  source.root = resolved;
  source.repo = basename_of(source.root);
  source.commit = head_commit(source.root);
  source.package_prefix = package_prefix_of(source.root);
  return source;
}

}  // namespace codetrace
