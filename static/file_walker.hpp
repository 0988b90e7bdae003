#pragma once
// Finds the Python files to analyse under a root folder. In a git work tree it asks git for the
// files it tracks or would track (`git ls-files --cached --others --exclude-standard`), so
// .gitignore is honoured; elsewhere it walks the folders itself. A symlinked Python file is read
// only when it resolves inside the root; links to folders are never followed (their targets
// inside the root are walked where they are); links that leave the root, loops, broken links and
// FIFOs or devices named *.py are named and skipped. Either way it skips virtual environments (any folder with pyvenv.cfg),
// build output, caches and hidden folders, and applies --include/--exclude globs.
#include <string>
#include <vector>

#include "core/error.hpp"

namespace codetrace {

struct WalkOptions {
  std::vector<std::string> include;  // when non-empty, a file must match one of these
  std::vector<std::string> exclude;  // a file matching one of these is skipped
  bool skip_tests = true;            // test files and folders (tests/, test_*.py, *_test.py, conftest.py)
  bool use_git = true;               // ask git when the root is in a work tree
  std::vector<std::string> only;     // when non-empty: these relative paths alone, without walking the root
};

struct WalkResult {
  std::vector<std::string> files;        // relative to the root, '/'-separated, sorted
  std::vector<std::string> package_dirs; // relative folders holding __init__.py ("" = root), sorted
  std::vector<FileIssue> issues;         // symlink loops, broken links, unreadable folders
  bool from_git = false;
  size_t skipped_tests = 0;
};

WalkResult walk_python_files(const std::string& root, const WalkOptions& options);

// The rules, exposed for tests.
bool is_skipped_folder_name(const std::string& name);
bool is_test_path(const std::string& relative_path);
// A module named tests.py or test.py that uses a test framework (unittest, pytest, nose).
bool is_test_module(const std::string& absolute_path);

}  // namespace codetrace
