#include <catch2/catch.hpp>

#include "cli/cli_options.hpp"

using namespace codetrace;

TEST_CASE("qa options parse into a config") {
  CliRequest r = parse_cli({"qa", "repo", "-o", "out.jsonl", "--format", "chat", "--include", "a/*.py", "--include",
                            "b.py", "--exclude", "gen_*", "--private", "--tests", "--no-git", "--repo-name", "x",
                            "--cache-dir", "/tmp/c", "--no-progress", "--symbols", "sym.jsonl"});
  REQUIRE(r.action == CliRequest::Action::Qa);
  CHECK(r.qa.input.source == "repo");
  CHECK(r.qa.output == "out.jsonl");
  CHECK(r.qa.format == "chat");
  CHECK(r.qa.input.include == std::vector<std::string>{"a/*.py", "b.py"});
  CHECK(r.qa.input.exclude == std::vector<std::string>{"gen_*"});
  CHECK(r.qa.include_private);
  CHECK(r.qa.input.include_tests);
  CHECK_FALSE(r.qa.input.use_git);
  CHECK_FALSE(r.qa.input.progress);
  CHECK(r.qa.input.repo_name == std::optional<std::string>("x"));
  CHECK(r.qa.input.cache_dir == "/tmp/c");
  CHECK(r.qa.symbols_output == "sym.jsonl");
}

TEST_CASE("defaults") {
  CliRequest r = parse_cli({"qa", "."});
  CHECK(r.qa.output == "-");
  CHECK(r.qa.format == "jsonl");
  CHECK_FALSE(r.qa.include_private);
  CHECK(r.qa.input.use_git);
}

TEST_CASE("help and version") {
  CHECK(parse_cli({}).action == CliRequest::Action::Help);
  CHECK(parse_cli({"--help"}).help_text.find("Commands:") != std::string::npos);
  CliRequest qa_help = parse_cli({"qa", "--help"});
  CHECK(qa_help.action == CliRequest::Action::Help);
  CHECK(qa_help.help_text.find("--format") != std::string::npos);
  CHECK(parse_cli({"--version"}).action == CliRequest::Action::Version);
  CHECK(version_text().find("embedded Python 3.") != std::string::npos);
}

TEST_CASE("usage errors name the problem") {
  CHECK_THROWS_AS(parse_cli({"qa"}), UsageError);
  CHECK_THROWS_AS(parse_cli({"qa", "a", "b"}), UsageError);
  CHECK_THROWS_AS(parse_cli({"qa", ".", "--format", "xml"}), UsageError);
  CHECK_THROWS_AS(parse_cli({"qa", ".", "--bogus"}), UsageError);
  CHECK_THROWS_AS(parse_cli({"frobnicate"}), UsageError);
  CHECK_THROWS_AS(parse_cli({"qa", ".", "-o", "x.jsonl", "--symbols", "x.jsonl"}), UsageError);
  bool thrown = false;
  try {
    parse_cli({"qa", ".", "--format", "xml"});
  } catch (const UsageError& e) {
    thrown = true;
    CHECK(std::string(e.what()).find("xml") != std::string::npos);
    CHECK(e.command == "qa");
  }
  CHECK(thrown);
}

TEST_CASE("run: options before the target, the target's own arguments after it") {
  CliRequest r = parse_cli({"run", "-o", "t.json", "--timeout", "2.5", "--no-static", "app.py", "-v", "--x", "in.csv"});
  REQUIRE(r.action == CliRequest::Action::Run);
  CHECK(r.run.target == "app.py");
  CHECK_FALSE(r.run.module);
  CHECK(r.run.args == std::vector<std::string>{"-v", "--x", "in.csv"});
  CHECK(r.run.output == "t.json");
  CHECK(r.run.timeout_s == 2.5);
  CHECK_FALSE(r.run.with_static);

  CliRequest m = parse_cli({"run", "--root", "src", "-m", "pytest", "tests/", "-q"});
  CHECK(m.run.module);
  CHECK(m.run.target == "pytest");
  CHECK(m.run.root == "src");
  CHECK(m.run.args == std::vector<std::string>{"tests/", "-q"});
  CHECK(m.run.with_static);

  CHECK_THROWS_AS(parse_cli({"run"}), UsageError);
  CHECK_THROWS_AS(parse_cli({"run", "-m"}), UsageError);
  CHECK_THROWS_AS(parse_cli({"run", "--timeout", "0", "a.py"}), UsageError);
  CHECK_THROWS_AS(parse_cli({"run", "--bogus", "a.py"}), UsageError);
}
