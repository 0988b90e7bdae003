// FileClaims: the files of a tree handed out one at a time to processes parsing it together.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "static/file_claims.hpp"

using namespace codetrace;

TEST_CASE("claims hand out every file once, in the given order, and remember who took each", "[claims]") {
  auto claims = FileClaims::create({2, 0, 1}, /*shared=*/false);
  REQUIRE(claims);
  CHECK(claims->next(0) == std::optional<std::size_t>(2));
  CHECK(claims->next(1) == std::optional<std::size_t>(0));
  CHECK(claims->claimed() == 2);
  CHECK(claims->next(0) == std::optional<std::size_t>(1));
  CHECK_FALSE(claims->next(1).has_value());
  CHECK(claims->claimed() == 3);
  CHECK(claims->claimed_by(0) == std::vector<std::size_t>{2, 1});
  CHECK(claims->claimed_by(1) == std::vector<std::size_t>{0});
}

TEST_CASE("shared claims are seen by a forked process, and what it took is known after it dies", "[claims]") {
  auto claims = FileClaims::create({0, 1, 2, 3, 4, 5}, /*shared=*/true);
  REQUIRE(claims);
  CHECK(claims->next(0) == std::optional<std::size_t>(0));
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // takes two files and dies without a word
    bool ok = claims->next(1) == std::optional<std::size_t>(1) && claims->next(1) == std::optional<std::size_t>(2);
    ::_exit(ok ? 7 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 7);  // the child saw the parent's claim
  CHECK(claims->claimed_by(1) == std::vector<std::size_t>{1, 2});
  std::vector<std::size_t> mine;
  while (auto next = claims->next(0)) mine.push_back(*next);
  CHECK(mine == std::vector<std::size_t>{3, 4, 5});
  CHECK(claims->claimed_by(0) == std::vector<std::size_t>{0, 3, 4, 5});
}

TEST_CASE("largest_first orders files by size, ties in file order, unreadable ones last", "[claims]") {
  char dir_template[] = "/tmp/codetrace-claims-XXXXXX";
  REQUIRE(::mkdtemp(dir_template));
  std::string root = dir_template;
  auto write = [&](const std::string& name, std::size_t bytes) { std::ofstream(root + "/" + name) << std::string(bytes, 'x'); };
  write("a.py", 10);
  write("b.py", 300);
  write("c.py", 10);
  write("d.py", 50);
  CHECK(largest_first(root, {"a.py", "b.py", "c.py", "gone.py", "d.py"}) == std::vector<std::size_t>{1, 4, 0, 2, 3});
  for (const char* name : {"a.py", "b.py", "c.py", "d.py"}) std::remove((root + "/" + name).c_str());
  ::rmdir(root.c_str());
}
