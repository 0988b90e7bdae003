#include <catch2/catch.hpp>

#include "static/comment_scanner.hpp"

using namespace codetrace;

TEST_CASE("comments: own-line, trailing, and # inside strings is not a comment") {
  auto c = scan_comments(
      "# header\n"
      "x = '# not'  # trailing one\n"
      "y = \"\"\"\n# inside triple\n\"\"\"\n"
      "    # indented own line\n"
      "z = r'\\'#' # after raw\n");
  REQUIRE(c.size() == 4);
  CHECK(c[0].line == 1);
  CHECK(c[0].own_line);
  CHECK(c[0].text == "header");
  CHECK(c[1].line == 2);
  CHECK_FALSE(c[1].own_line);
  CHECK(c[1].text == "trailing one");
  CHECK(c[1].column == 13);
  CHECK(c[2].line == 6);
  CHECK(c[2].own_line);
  CHECK(c[3].line == 7);
  CHECK(c[3].text == "after raw");
}

TEST_CASE("comments: f-strings, nested fields, prefixes and continuations") {
  auto c = scan_comments(
      "a = f\"{x['#']}\" # one\n"
      "b = f'{y:{w}} #no' # two\n"
      "c = F\"{d[\"k\"]}#\"  # three (PEP 701 nesting)\n"
      "d = rb'#' + Rb\"#\"  # four\n"
      "e = 1 + \\\n  2  # five\n"
      "f = f'''{\n  g\n}''' # six\n"
      "s = '{#}'  # seven\n");
  REQUIRE(c.size() == 7);
  CHECK(c[0].text == "one");
  CHECK(c[1].text == "two");
  CHECK(c[2].text == "three (PEP 701 nesting)");
  CHECK(c[3].text == "four");
  CHECK(c[4].line == 6);
  CHECK(c[5].line == 9);
  CHECK(c[6].text == "seven");
}

TEST_CASE("comments: a line continued inside a string keeps the line count") {
  auto c = scan_comments("u = \"\"\"\\\n\nusage\n\"\"\"\n# after\nv = 'a\\\nb'  # end\n");
  REQUIRE(c.size() == 2);
  CHECK(c[0].line == 5);
  CHECK(c[1].line == 7);
}

TEST_CASE("comments: unterminated string does not swallow the file") {
  auto c = scan_comments("x = 'oops\n# still found\n");
  REQUIRE(c.size() == 1);
  CHECK(c[0].line == 2);
}
