// collect_call_facts: helper processes parse part of the tree; the facts are the same whatever
// the number of processes, and when a helper dies its files are parsed by this process.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "python_fixture.hpp"
#include "static/graph/facts_collector.hpp"
#include "static/graph/graph_writers.hpp"
#include "static/graph/resolver.hpp"
#include "static/python/interpreter.hpp"

using namespace codetrace;

namespace {

// A tree of `count` modules, each calling the next, and one file with a syntax error.
std::string make_tree(std::size_t count) {
  char pattern[] = "/tmp/codetrace-collect-XXXXXX";
  REQUIRE(::mkdtemp(pattern));
  std::string root = pattern;
  std::filesystem::create_directories(root + "/pkg");
  std::ofstream(root + "/pkg/__init__.py");
  for (std::size_t i = 0; i < count; ++i) {
    std::ofstream out(root + "/pkg/m" + std::to_string(i) + ".py");
    out << "from pkg import m" << (i + 1) % count << "\n";
    out << std::string(i * 7, '#') << "\n";  // sizes differ, so files are not claimed in file order
    out << "def f" << i << "(n):\n    return m" << (i + 1) % count << ".f" << (i + 1) % count << "(n - 1)\n";
  }
  std::ofstream(root + "/pkg/broken.py") << "def broken(:\n    pass\n";
  return root;
}

struct Collected {
  std::vector<std::string> paths;  // the modules' files, in the order collected
  std::string graph;               // the call graph they make, as JSON
  AnalysisSummary summary;
};

Collected collect(const std::string& root, std::size_t jobs, const HelperFault& fault = {}) {
  testing::ensure_python();
  RepoSource source;
  source.root = root;
  AnalysisOptions options;
  options.models = false;
  options.walk.use_git = false;
  Collected out;
  std::vector<CallFacts> facts = collect_call_facts(source, options, jobs, out.summary, fault);
  for (const CallFacts& f : facts) out.paths.push_back(f.path);
  std::ostringstream graph;
  write_graph_json(build_call_graph(facts, builtin_names()), GraphMeta{"tree", std::nullopt}, graph);
  out.graph = graph.str();
  return out;
}

}  // namespace

TEST_CASE("helpers: the same facts, in file order, with 1, 2 or 3 processes and when a helper dies", "[collect]") {
  std::string root = make_tree(2 * kMinFilesPerHelper + 6);
  Collected one = collect(root, 1);
  REQUIRE(one.paths.size() == 2 * kMinFilesPerHelper + 7);  // the modules and __init__.py
  CHECK(std::is_sorted(one.paths.begin(), one.paths.end()));
  CHECK(one.summary.files_analysed == one.paths.size());
  CHECK(one.graph.find(R"({"caller":"pkg.m69.f69","callee":"pkg.m0.f0")") != std::string::npos);
  REQUIRE(one.summary.issues.size() == 1);
  CHECK(one.summary.issues.front().path == "pkg/broken.py");
  for (std::size_t jobs : {2, 3}) {
    Collected many = collect(root, jobs);
    CHECK(many.paths == one.paths);
    CHECK(many.graph == one.graph);
    CHECK(many.summary.files_analysed == one.summary.files_analysed);
    CHECK(many.summary.issues.size() == 1);
  }
  Collected dying = collect(root, 2, HelperFault{/*die_after_first_module=*/true});
  CHECK(dying.paths == one.paths);
  CHECK(dying.graph == one.graph);
  CHECK(dying.summary.files_analysed == one.summary.files_analysed);
  REQUIRE(dying.summary.issues.size() == 1);
  CHECK(dying.summary.issues.front().path == "pkg/broken.py");
  std::filesystem::remove_all(root);
}
