#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "core/process.hpp"
#include "static/file_walker.hpp"

using namespace codetrace;

namespace {

struct TempTree {
  std::string root;
  TempTree() {
    char tmpl[] = "/tmp/codetrace-walk-XXXXXX";
    root = ::mkdtemp(tmpl);
  }
  ~TempTree() { run_process({"rm", "-rf", root}); }
  void file(const std::string& rel, const std::string& text = "x = 1\n") {
    std::string path = root + "/" + rel;
    run_process({"mkdir", "-p", path.substr(0, path.rfind('/'))});
    std::ofstream(path) << text;
  }
};

}  // namespace

TEST_CASE("walks folders, skips environments, caches and tests, names loops") {
  TempTree t;
  t.file("app/__init__.py");
  t.file("app/core.py");
  t.file("app/__pycache__/core.py");
  t.file("venv_custom/pyvenv.cfg", "home = /usr/bin\n");
  t.file("venv_custom/lib/site.py");
  t.file(".hidden/x.py");
  t.file("build/lib/app/core.py");
  t.file("tests/test_core.py");
  t.file("app/test_util.py");
  t.file("app/notes.txt");
  REQUIRE(::symlink(t.root.c_str(), (t.root + "/app/loop").c_str()) == 0);
  REQUIRE(::symlink((t.root + "/missing.py").c_str(), (t.root + "/app/dangling.py").c_str()) == 0);

  WalkOptions options;
  options.use_git = false;
  WalkResult r = walk_python_files(t.root, options);
  CHECK(r.files == std::vector<std::string>{"app/__init__.py", "app/core.py"});
  CHECK(r.skipped_tests == 2);
  CHECK(r.package_dirs == std::vector<std::string>{"app"});
  bool loop = false, dangling = false;
  for (const FileIssue& i : r.issues) {
    loop = loop || (i.path == "app/loop" && i.reason.find("loop") != std::string::npos);
    dangling = dangling || (i.path == "app/dangling.py" && i.reason == "broken symlink");
  }
  CHECK(loop);
  CHECK(dangling);

  options.skip_tests = false;
  options.exclude = {"__init__.py"};
  r = walk_python_files(t.root, options);
  CHECK(r.files == std::vector<std::string>{"app/core.py", "app/test_util.py", "tests/test_core.py"});
  options.include = {"tests/"};
  r = walk_python_files(t.root, options);
  CHECK(r.files == std::vector<std::string>{"tests/test_core.py"});
}

TEST_CASE("in a git work tree, git decides: ignored files are left out, untracked ones kept") {
  TempTree t;
  REQUIRE(run_process({"git", "init", "-q", t.root}).exit_code == 0);
  t.file(".gitignore", "generated/\n");
  t.file("tracked.py");
  t.file("generated/out.py");
  REQUIRE(run_process({"git", "-C", t.root, "add", "tracked.py", ".gitignore"}).exit_code == 0);
  t.file("untracked.py");
  WalkResult r = walk_python_files(t.root, WalkOptions{});
  CHECK(r.from_git);
  CHECK(r.files == std::vector<std::string>{"tracked.py", "untracked.py"});
}

TEST_CASE("test path and folder rules") {
  CHECK(is_test_path("tests/a.py"));
  CHECK(is_test_path("pkg/test/a.py"));
  CHECK(is_test_path("pkg/test_a.py"));
  CHECK(is_test_path("pkg/a_test.py"));
  CHECK(is_test_path("conftest.py"));
  CHECK_FALSE(is_test_path("pkg/testimony.py"));
  CHECK_FALSE(is_test_path("contest/a.py"));
  CHECK(is_skipped_folder_name("__pycache__"));
  CHECK(is_skipped_folder_name(".tox"));
  CHECK(is_skipped_folder_name("x.egg-info"));
  CHECK_FALSE(is_skipped_folder_name("venv_tools"));
}

TEST_CASE("tests.py is a test file only when it uses a test framework") {
  TempTree tree;
  tree.file("django_app/tests.py", "from django.test import TestCase\n\nclass T(TestCase):\n    pass\n");
  tree.file("templating/tests.py", "def test_odd(value):\n    return value % 2 == 1\n");
  tree.file("templating/__init__.py", "");
  CHECK(is_test_module(tree.root + "/django_app/tests.py"));
  CHECK_FALSE(is_test_module(tree.root + "/templating/tests.py"));  // jinja2's built-in template tests
  CHECK_FALSE(is_test_path("templating/tests.py"));
  WalkOptions options;
  options.use_git = false;
  WalkResult walk = walk_python_files(tree.root, options);
  CHECK(walk.files == std::vector<std::string>{"templating/__init__.py", "templating/tests.py"});
  CHECK(walk.skipped_tests == 1);
}

TEST_CASE("a pattern that matches no file is refused, naming the pattern") {
  TempTree t;
  t.file("lib/codec/encoder.py");
  WalkOptions options;
  options.use_git = false;
  options.include = {"codec/"};
  CHECK(walk_python_files(t.root, options).files == std::vector<std::string>{"lib/codec/encoder.py"});
  options.include = {"nosuch/"};
  CHECK_THROWS_WITH(walk_python_files(t.root, options), Catch::Contains("--include 'nosuch/' matches no Python file"));
  options.include = {};
  options.exclude = {"*.txt"};
  CHECK_THROWS_WITH(walk_python_files(t.root, options), Catch::Contains("--exclude '*.txt' matches no Python file"));
}
