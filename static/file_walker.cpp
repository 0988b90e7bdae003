#include "static/file_walker.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "core/glob.hpp"
#include "core/process.hpp"
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

class DirectoryWalk {
 public:
  DirectoryWalk(const std::string& root, WalkResult& result) : root_(root), result_(result) {}

  void walk(const std::string& relative, std::vector<std::pair<dev_t, ino_t>>& ancestors) {
    std::string absolute = relative.empty() ? root_ : root_ + "/" + relative;
    struct stat st;
    if (::stat(absolute.c_str(), &st) != 0) return;
    for (auto& a : ancestors)
      if (a.first == st.st_dev && a.second == st.st_ino) {
        result_.issues.push_back({relative, 0, "symlink loop: this folder links back to one that contains it"});
        return;
      }
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
    ancestors.emplace_back(st.st_dev, st.st_ino);
    for (const std::string& name : names) {
      std::string child = join_path(relative, name);
      std::string child_abs = root_ + "/" + child;
      struct stat cst;
      if (::stat(child_abs.c_str(), &cst) != 0) {
        int err = errno;
        struct stat lst;
        bool is_link = ::lstat(child_abs.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode);
        if (is_link && (ends_with(name, ".py") || err == ELOOP))
          result_.issues.push_back({child, 0, err == ELOOP ? "symlink loop" : "broken symlink"});
        continue;
      }
      if (S_ISDIR(cst.st_mode)) {
        if (!is_skipped_folder_name(name)) walk(child, ancestors);
      } else if (S_ISREG(cst.st_mode) && ends_with(name, ".py")) {
        result_.files.push_back(child);
      }
    }
    ancestors.pop_back();
  }

 private:
  std::string root_;
  WalkResult& result_;
};

bool list_with_git(const std::string& root, WalkResult& result) {
  ProcessResult inside = run_process({"git", "-C", root, "rev-parse", "--is-inside-work-tree"}, 60);
  if (inside.exit_code != 0 || trim(inside.out) != "true") return false;
  ProcessResult ls = run_process(
      {"git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."}, 300);
  if (ls.exit_code != 0) return false;
  std::set<std::string> unique;
  size_t start = 0;
  while (start < ls.out.size()) {
    size_t end = ls.out.find('\0', start);
    if (end == std::string::npos) end = ls.out.size();
    std::string path = ls.out.substr(start, end - start);
    start = end + 1;
    if (!ends_with(path, ".py")) continue;
    std::string absolute = root + "/" + path;
    struct stat st;
    if (::stat(absolute.c_str(), &st) != 0) {
      struct stat lst;
      if (::lstat(absolute.c_str(), &lst) == 0)
        result.issues.push_back({path, 0, errno == ELOOP ? "symlink loop" : "broken symlink"});
      continue;  // deleted in the work tree, or a dangling link
    }
    if (!S_ISREG(st.st_mode) || in_skipped_folder(root, path)) continue;
    unique.insert(path);
  }
  result.files.assign(unique.begin(), unique.end());
  return true;
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
      return starts_with(part, "test_") || ends_with(part, "_test.py") || part == "conftest.py" || part == "tests.py";
    }
    if (part == "test" || part == "tests" || part == "testing") return true;
    start = slash + 1;
  }
}

WalkResult walk_python_files(const std::string& root, const WalkOptions& options) {
  WalkResult result;
  result.from_git = options.use_git && list_with_git(root, result);
  if (!result.from_git) {
    std::vector<std::pair<dev_t, ino_t>> ancestors;
    DirectoryWalk(root, result).walk("", ancestors);
  }
  std::vector<std::string> kept;
  std::set<std::string> packages;
  for (const std::string& file : result.files) {
    if (ends_with(file, "/__init__.py") || file == "__init__.py") packages.insert(parent_of(file));
    if (!options.include.empty() &&
        std::none_of(options.include.begin(), options.include.end(),
                     [&](const std::string& p) { return path_matches(p, file); }))
      continue;
    if (std::any_of(options.exclude.begin(), options.exclude.end(),
                    [&](const std::string& p) { return path_matches(p, file); }))
      continue;
    if (options.skip_tests && is_test_path(file)) {
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
