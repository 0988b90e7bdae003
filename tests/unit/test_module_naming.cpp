// The names static analysis and the trace must agree on: a file's module, an anonymous scope's.
#include <catch2/catch.hpp>

#include <set>

#include "core/module_naming.hpp"

using namespace codetrace;

namespace {
auto packages(std::set<std::string> dirs) {
  return [dirs](const std::string& dir) { return dirs.count(dir) > 0; };
}
}  // namespace

TEST_CASE("a module is named from its outermost package down, namespace folders included", "[naming]") {
  CHECK(dotted_module_name("flask/sansio/app.py", packages({"flask"}), "") == "flask.sansio.app");
  CHECK(dotted_module_name("src/shop/cart.py", packages({"src/shop"}), "") == "shop.cart");
  CHECK(dotted_module_name("shop/__init__.py", packages({"shop"}), "") == "shop");
  CHECK(dotted_module_name("shop/types.pyi", packages({"shop"}), "") == "shop.types");
  CHECK(dotted_module_name("tools/run.py", packages({}), "") == "run");  // no package: a script's name
  CHECK(dotted_module_name("cart.py", packages({""}), "shop") == "shop.cart");  // the root is package `shop`
  CHECK(dotted_module_name("__init__.py", packages({""}), "") == "__init__");
}

TEST_CASE("lambdas and comprehensions are named by label and line, and the column when asked", "[naming]") {
  CHECK(anonymous_scope_name("lambda", 12) == "<lambda@12>");
  CHECK(anonymous_scope_name("genexpr", 3, 8) == "<genexpr@3:8>");
  CHECK(anonymous_scope_label("<lambda>") == "lambda");
  CHECK(anonymous_scope_label("<dictcomp>") == "dictcomp");
  CHECK(anonymous_scope_label("<module>").empty());
  CHECK(anonymous_scope_label("lambda").empty());
  CHECK(anonymous_scope_label("<lambda@12>").empty());
}
