#include "static/file_walker.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <climits>
#include <cstdlib>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "core/glob.hpp"
#include "core/file_read.hpp"
#include "core/git.hpp"
#include "core/text.hpp"

namespace codetrace {
namespace {

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string join_path(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  return a + "/" + b;
}

std::string parent_of(const std::string& relative) {
  size_t slash = relative.rfind('/');
  return slash == std::string::npos ? "" : relative.substr(0, slash);
}

// Any skipped folder on the file's path, or a virtual environment above it.
bool in_skipped_folder(const std::string& root, const std::string& relative) {
  std::string dir;
  size_t start = 0;
  while (true) {
    size_t slash = relative.find('/', start);
    if (slash == std::string::npos) return false;
    std::string name = relative.substr(start, slash - start);
    dir = join_path(dir, name);
    if (is_skipped_folder_name(name) || exists(root + "/" + dir + "/pyvenv.cfg")) return true;
    start = slash + 1;
  }
}

// What a folder entry (or a path git listed) is to the walk. Symlinks are resolved and judged
// by where they lead: a link to a Python file inside the root is read; one that leaves the root
// is named and skipped, so that a cloned repository cannot bring /etc/passwd into the data; a
// link to a folder is never followed (inside the root its target is walked where it is), so
// links to "/" or to each other cannot make the walk endless or exponential.
struct Entry {
  enum Kind { kSkip, kFile, kFolder } kind = kSkip;
  std::string reason;  // why it is skipped, when that is worth saying
};

bool within(const std::string& folder, const std::string& path) {
  return path == folder || folder == "/" || (starts_with(path, folder) && path[folder.size()] == '/');
}


// `real_root`: the root with every link resolved; `relative`: the entry's path under it (no
// folder on the way is a link, since links to folders are not followed).
Entry classify(const std::string& real_root, const std::string& relative) {
  std::string absolute = real_root + "/" + relative;
  bool python = ends_with(relative, ".py");
  struct stat lst;
  if (::lstat(absolute.c_str(), &lst) != 0) return {};  // gone since it was listed
  if (S_ISDIR(lst.st_mode)) return {Entry::kFolder, ""};
  if (S_ISREG(lst.st_mode)) return {python ? Entry::kFile : Entry::kSkip, ""};
  if (!S_ISLNK(lst.st_mode)) return {Entry::kSkip, python ? std::string(file_type_name(lst.st_mode)) + ", not a Python file" : ""};
  char resolved_buffer[PATH_MAX];
  if (!::realpath(absolute.c_str(), resolved_buffer)) {
    if (errno == ELOOP) return {Entry::kSkip, "symlink loop"};
    return {Entry::kSkip, python ? "broken symlink" : ""};
  }
  std::string resolved = resolved_buffer;
  bool inside = within(real_root, resolved);
  struct stat st;
  if (::stat(resolved.c_str(), &st) != 0) return {Entry::kSkip, python ? "broken symlink" : ""};
  if (S_ISDIR(st.st_mode)) {
    if (!inside) return {Entry::kSkip, "symlink to a folder outside the root (" + resolved + "): not followed"};
    if (within(resolved, real_root + "/" + parent_of(relative)))
      return {Entry::kSkip, "symlink loop: this folder links back to one that contains it"};
    return {};  // its files are read where they are
  }
  if (!python) return {};
  if (!inside) return {Entry::kSkip, "symlink to a file outside the root (" + resolved + "): not read"};
  if (!S_ISREG(st.st_mode)) return {Entry::kSkip, std::string("symlink to ") + file_type_name(st.st_mode) + ", not a Python file"};
  return {Entry::kFile, ""};
}

class DirectoryWalk {
 public:
  DirectoryWalk(const std::string& real_root, WalkResult& result) : root_(real_root), result_(result) {}

  void walk(const std::string& relative) {
    std::string absolute = relative.empty() ? root_ : root_ + "/" + relative;
    DIR* dir = ::opendir(absolute.c_str());
    if (!dir) {
      result_.issues.push_back({relative, 0, std::string("cannot list folder: ") + std::strerror(errno)});
      return;
    }
    std::vector<std::string> names;
    while (dirent* e = ::readdir(dir)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    if (std::binary_search(names.begin(), names.end(), "pyvenv.cfg") && !relative.empty()) return;
    for (const std::string& name : names) {
      std::string child = join_path(relative, name);
      Entry entry = classify(root_, child);
      if (!entry.reason.empty()) result_.issues.push_back({child, 0, entry.reason});
      if (entry.kind == Entry::kFolder && !is_skipped_folder_name(name)) walk(child);
      if (entry.kind == Entry::kFile) result_.files.push_back(child);
    }
  }

 private:
  std::string root_;
  WalkResult& result_;
};

bool list_with_git(const std::string& real_root, WalkResult& result) {
  ProcessResult inside = run_git({"-C", real_root, "rev-parse", "--is-inside-work-tree"}, 60);
  if (inside.exit_code != 0 || trim(inside.out) != "true") return false;
  ProcessResult ls = run_git(
      {"-C", real_root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."}, 300);
  if (ls.exit_code != 0) return false;
  std::set<std::string> unique;
  size_t start = 0;
  while (start < ls.out.size()) {
    size_t end = ls.out.find('\0', start);
    if (end == std::string::npos) end = ls.out.size();
    std::string path = ls.out.substr(start, end - start);
    start = end + 1;
    if (!ends_with(path, ".py") || in_skipped_folder(real_root, path)) continue;
    Entry entry = classify(real_root, path);  // deleted in the work tree: skipped silently
    if (!entry.reason.empty()) result.issues.push_back({path, 0, entry.reason});
    if (entry.kind == Entry::kFile) unique.insert(path);
  }
  result.files.assign(unique.begin(), unique.end());
  return true;
}

// --only: the listed files alone, without a walk (what `report` re-reads of a traced root,
// which may be as wide as "/"). Paths that climb out of the root are refused.
void list_given_files(const std::string& real_root, const std::vector<std::string>& given, WalkResult& result,
                      std::set<std::string>& packages) {
  std::set<std::string> unique;
  for (const std::string& path : given) {
    if (path.empty() || path[0] == '/' || path == ".." || starts_with(path, "../") || path.find("/../") != std::string::npos ||
        ends_with(path, "/.."))
      continue;
    Entry entry = classify(real_root, path);
    if (!entry.reason.empty()) result.issues.push_back({path, 0, entry.reason});
    if (entry.kind != Entry::kFile) continue;
    unique.insert(path);
    for (std::string dir = parent_of(path); !dir.empty(); dir = parent_of(dir))
      if (classify(real_root, dir + "/__init__.py").kind == Entry::kFile) packages.insert(dir);
  }
  if (!unique.empty() && classify(real_root, "__init__.py").kind == Entry::kFile) packages.insert("");
  result.files.assign(unique.begin(), unique.end());
}

std::string unmatched_hint(const WalkResult& result) {
  std::string hint = " (patterns match paths relative to the root: `name.py` or `test_*.py` any file of that name, "
                     "`pkg/mod.py` or `pkg/**/*.py` a path, `pkg/` a folder and everything below it";
  if (result.from_git) hint += "; git listed the files: --no-git walks the folder instead";
  return hint + ")";
}

}  // namespace

bool is_skipped_folder_name(const std::string& name) {
  static const std::set<std::string> skipped = {
      "__pycache__", "build", "dist", "node_modules", "site-packages", "dist-packages",
      "htmlcov", "__pypackages__", "wheelhouse"};
  if (name.empty() || name[0] == '.') return true;  // .git, .venv, .tox, .mypy_cache, ...; other virtual environments are found by their pyvenv.cfg
  return skipped.count(name) > 0 || ends_with(name, ".egg-info");
}

bool is_test_path(const std::string& relative_path) {
  size_t start = 0;
  while (true) {
    size_t slash = relative_path.find('/', start);
    std::string part = relative_path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (slash == std::string::npos) {
      return starts_with(part, "test_") || ends_with(part, "_test.py") || part == "conftest.py";
    }
    if (part == "test" || part == "tests" || part == "testing") return true;
    start = slash + 1;
  }
}

// `tests.py` is a test module in some projects (Django apps) and a library module in others
// (jinja2's built-in template tests): it is a test file when it uses a test framework.
bool is_test_module(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
  if (name != "tests.py" && name != "test.py") return false;
  std::string error;
  ReadOptions options;
  options.follow_links = false;
  std::optional<std::string> text = read_regular_file(path, error, options);
  if (!text) return false;
  for (const char* marker : {"import unittest", "from unittest", "import pytest", "from pytest", "TestCase", "import nose"})
    if (text->find(marker) != std::string::npos) return true;
  return false;
}

WalkResult walk_python_files(const std::string& root, const WalkOptions& options) {
  WalkResult result;
  char resolved[PATH_MAX];
  std::string real_root = ::realpath(root.c_str(), resolved) ? resolved : root;
  std::set<std::string> packages;
  if (!options.only.empty()) {
    list_given_files(real_root, options.only, result, packages);
  } else {
    result.from_git = options.use_git && list_with_git(real_root, result);
    if (!result.from_git) DirectoryWalk(real_root, result).walk("");
  }
  std::vector<std::string> kept;
  // A pattern that matches no file at all is a mistake (`--include json/` where the files are
  // under `lib/json/`): it is refused rather than giving an empty or unfiltered result.
  std::vector<bool> include_used(options.include.size()), exclude_used(options.exclude.size());
  for (const std::string& file : result.files) {
    for (size_t i = 0; i < options.include.size(); ++i) include_used[i] = include_used[i] || path_matches(options.include[i], file);
    for (size_t i = 0; i < options.exclude.size(); ++i) exclude_used[i] = exclude_used[i] || path_matches(options.exclude[i], file);
  }
  for (size_t i = 0; i < options.include.size(); ++i)
    if (!include_used[i]) throw Error("--include '" + options.include[i] + "' matches no Python file under " + root + unmatched_hint(result));
  for (size_t i = 0; i < options.exclude.size(); ++i)
    if (!exclude_used[i]) throw Error("--exclude '" + options.exclude[i] + "' matches no Python file under " + root + unmatched_hint(result));
  for (const std::string& file : result.files) {
    if (ends_with(file, "/__init__.py") || file == "__init__.py") packages.insert(parent_of(file));
    if (!options.include.empty() &&
        std::none_of(options.include.begin(), options.include.end(),
                     [&](const std::string& p) { return path_matches(p, file); }))
      continue;
    if (std::any_of(options.exclude.begin(), options.exclude.end(),
                    [&](const std::string& p) { return path_matches(p, file); }))
      continue;
    if (options.skip_tests && (is_test_path(file) || is_test_module(real_root + "/" + file))) {
      ++result.skipped_tests;
      continue;
    }
    kept.push_back(file);
  }
  std::sort(kept.begin(), kept.end());
  result.files = std::move(kept);
  result.package_dirs.assign(packages.begin(), packages.end());
  return result;
}

}  // namespace codetrace
