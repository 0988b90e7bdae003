#include <catch2/catch.hpp>

#include "core/glob.hpp"
#include "core/json_line.hpp"
#include "core/text.hpp"

using namespace codetrace;

TEST_CASE("clean_docstring matches inspect.cleandoc") {
  CHECK(clean_docstring("  Summary.\n\n    Indented body.\n      deeper\n    ") == "Summary.\n\nIndented body.\n  deeper");
  CHECK(clean_docstring("\n    First on second line.\n    ") == "First on second line.");
  CHECK(clean_docstring("one") == "one");
  CHECK(clean_docstring("a\n\tb") == "a\nb");
}

TEST_CASE("find_invalid_utf8 finds the first bad byte") {
  CHECK(find_invalid_utf8("plain ascii") == std::string::npos);
  CHECK(find_invalid_utf8("caf\xC3\xA9") == std::string::npos);
  CHECK(find_invalid_utf8("caf\xE9!") == 3);
  CHECK(find_invalid_utf8("\xC0\xAF") == 0);          // overlong
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1);     // surrogate
  CHECK(find_invalid_utf8("\xF0\x9F\x98\x80") == std::string::npos);
}

TEST_CASE("first_sentence and words") {
  CHECK(first_sentence("Compute e.g. taxes. Then more.") == "Compute e.g. taxes.");
  CHECK(words("process_data(x) -> y").size() == 3);
}

TEST_CASE("glob patterns for --include and --exclude") {
  CHECK(path_matches("test_*.py", "pkg/test_cart.py"));
  CHECK_FALSE(path_matches("test_*.py", "pkg/cart.py"));
  CHECK(path_matches("pkg/*.py", "pkg/cart.py"));
  CHECK_FALSE(path_matches("pkg/*.py", "pkg/sub/cart.py"));
  CHECK(path_matches("pkg/**/*.py", "pkg/sub/deep/cart.py"));
  CHECK(path_matches("**/gen_*.py", "gen_a.py"));
  CHECK(path_matches("migrations/", "app/migrations/0001.py"));
  CHECK_FALSE(path_matches("migrations/", "app/migrations.py"));
  CHECK(path_matches("[ab]*.py", "b1.py"));
  CHECK_FALSE(path_matches("[!ab]*.py", "b1.py"));
  CHECK(path_matches("?.py", "x.py"));
}

TEST_CASE("JsonLine escapes and repairs") {
  JsonLine j;
  j.field("s", "q\"b\\n\n\t\x01").field("n", 42).null_field("z").field("u", "caf\xC3\xA9 \xE9");
  CHECK(j.finish() == "{\"s\":\"q\\\"b\\\\n\\n\\t\\u0001\",\"n\":42,\"z\":null,\"u\":\"caf\xC3\xA9 \\ufffd\"}");
  CHECK(utf8_prefix("caf\xC3\xA9", 4) == "caf");
  CHECK(utf8_prefix("abc", 10) == "abc");
}
