#include <catch2/catch.hpp>

#include "python_fixture.hpp"
#include "static/python/ast_converter.hpp"
#include "static/source_file.hpp"

using namespace codetrace;

TEST_CASE("the converter keeps kinds, names, positions and fields in source order") {
  testing::ensure_python();
  AstConverter converter;
  ParseOutcome out = converter.parse("import os as o\n\ndef f(a, b=2, *, c):\n    return o.path.join(a, 'x')\n", "t.py");
  REQUIRE(out.tree);
  const SyntaxTree& t = *out.tree;
  CHECK(t.node(t.root()).kind == NodeKind::Module);
  std::vector<NodeId> body = t.kids(t.root(), Field::body);
  REQUIRE(body.size() == 2);
  const Node& imp = t.node(body[0]);
  CHECK(imp.kind == NodeKind::Import);
  NodeId alias = t.kid(body[0], Field::names);
  CHECK(t.node(alias).name == "os");
  CHECK(t.node(alias).asname == "o");
  const Node& def = t.node(body[1]);
  CHECK(def.kind == NodeKind::FunctionDef);
  CHECK(def.name == "f");
  CHECK(def.line == 3);
  CHECK(def.end_line == 4);
  NodeId args = t.kid(body[1], Field::args);
  CHECK(t.kids(args, Field::args).size() == 2);
  std::vector<NodeId> kw_defaults = t.kids(args, Field::kw_defaults);
  REQUIRE(kw_defaults.size() == 1);
  CHECK(kw_defaults[0] == kNoNode);  // None placeholder kept in place
  NodeId ret = t.kid(body[1], Field::body);
  NodeId call = t.kid(ret, Field::value);
  CHECK(t.node(call).kind == NodeKind::Call);
  NodeId func = t.kid(call, Field::func);
  CHECK(t.node(func).kind == NodeKind::Attribute);
  CHECK(t.node(func).name == "join");
  std::vector<NodeId> call_args = t.kids(call, Field::args);
  REQUIRE(call_args.size() == 2);
  CHECK(t.node(call_args[1]).kind == NodeKind::Constant);
  CHECK(t.node(call_args[1]).const_kind == ConstKind::Str);
  CHECK(t.node(call_args[1]).name == "x");
  CHECK(t.node(call_args[1]).col == 26);  // UTF-8 byte column of the string literal
}

TEST_CASE("syntax errors come back as values with line and message") {
  testing::ensure_python();
  AstConverter converter;
  ParseOutcome bad = converter.parse("def f(:\n    pass\n", "bad.py");
  CHECK_FALSE(bad.tree);
  CHECK(bad.error.line == 1);
  CHECK(bad.error.message.find("SyntaxError") == 0);
  ParseOutcome py2 = converter.parse("print 'x'\n", "py2.py");
  CHECK_FALSE(py2.tree);
  CHECK(py2.error.message.find("print") != std::string::npos);
  ParseOutcome nul = converter.parse(std::string("x = 1\0", 6), "nul.py");
  CHECK_FALSE(nul.tree);
}

TEST_CASE("source decoding: UTF-8, BOM, coding lines, binary and undecodable files") {
  testing::ensure_python();
  FileIssue issue;
  auto utf8 = decode_source("x = 'caf\xC3\xA9'\n", issue);
  REQUIRE(utf8);
  CHECK(utf8->encoding == "utf-8");
  auto bom = decode_source("\xEF\xBB\xBFx = 1\n", issue);
  REQUIRE(bom);
  CHECK(bom->text == "x = 1\n");
  auto latin = decode_source("# -*- coding: latin-1 -*-\nx = '\xE9'\n", issue);
  REQUIRE(latin);
  CHECK(latin->encoding == "latin-1");
  CHECK(latin->text == "# -*- coding: latin-1 -*-\nx = '\xC3\xA9'\n");
  FileIssue bad;
  CHECK_FALSE(decode_source("x = 1\ny = '\xE9'\n", bad));
  CHECK(bad.line == 2);
  CHECK(bad.reason.find("not valid UTF-8") != std::string::npos);
  FileIssue binary;
  CHECK_FALSE(decode_source(std::string("\x7f" "ELF\0\0\0", 7), binary));
  CHECK(binary.reason.find("binary") != std::string::npos);
  FileIssue unknown;
  CHECK_FALSE(decode_source("# coding: no-such-codec\nx = 1\n", unknown));
  CHECK(unknown.reason.find("no-such-codec") != std::string::npos);
  CHECK(find_coding_declaration("#!/usr/bin/python\n# vim: set fileencoding=cp1252 :\n") == std::optional<std::string>("cp1252"));
  CHECK_FALSE(find_coding_declaration("x = 1\n# coding: latin-1\n"));
}
