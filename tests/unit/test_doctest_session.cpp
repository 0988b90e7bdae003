// The names doctest lines bind and read, and the session each line of an example needs.
#include <catch2/catch.hpp>

#include "static/docstring/doctest_names.hpp"
#include "static/qa/doctest_session.hpp"

using namespace codetrace;
using Names = std::set<std::string>;

TEST_CASE("statement names: assignments bind, values are read first") {
  StatementNames n = statement_names("x = y + f(z, key=w)");
  CHECK(n.binds == Names{"x"});
  CHECK(n.reads == Names{"y", "f", "z", "w"});  // `key` is a keyword argument's name
  n = statement_names("x = x + 1");
  CHECK(n.binds == Names{"x"});
  CHECK(n.reads == Names{"x"});
  n = statement_names("a, (b, *c) = d = pair");
  CHECK(n.binds == Names{"a", "b", "c", "d"});
  CHECK(n.reads == Names{"pair"});
  n = statement_names("total += step");
  CHECK(n.binds == Names{"total"});
  CHECK(n.reads == Names{"total", "step"});
}

TEST_CASE("statement names: attribute and item targets read their base") {
  StatementNames n = statement_names("obj.size = limits[key]");
  CHECK(n.binds.empty());
  CHECK(n.reads == Names{"obj", "limits", "key"});
  n = statement_names("getcontext().prec = 6");
  CHECK(n.binds.empty());
  CHECK(n.reads == Names{"getcontext"});
}

TEST_CASE("statement names: strings, f-string fields, comments and attributes") {
  StatementNames n = statement_names("print(f'{a!r} and {{b}} {c:{width}}', 'd', rb'e')  # f(g)");
  CHECK(n.reads == Names{"print", "a", "c", "width"});
  n = statement_names("'''x = 1\nimport os'''.split(sep)");
  CHECK(n.binds.empty());
  CHECK(n.reads == Names{"sep"});
  n = statement_names("json.dumps(data).encode()");
  CHECK(n.reads == Names{"json", "data"});
}

TEST_CASE("statement names: imports bind, star imports are flagged") {
  StatementNames n = statement_names("import os.path, numpy as np");
  CHECK(n.binds == Names{"os", "np"});
  CHECK(n.reads.empty());
  n = statement_names("from decimal import Decimal as D, getcontext");
  CHECK(n.binds == Names{"D", "getcontext"});
  n = statement_names("from decimal import *");
  CHECK(n.star_import);
}

TEST_CASE("statement names: comprehension, lambda and parameter names stay inside") {
  StatementNames n = statement_names("[x * k for x in items if x]");
  CHECK(n.reads == Names{"k", "items"});
  n = statement_names("sorted(words, key=lambda w: (len(w), w))");
  CHECK(n.reads == Names{"sorted", "words", "len"});
  n = statement_names("def scale(v, by=factor, *rest, **options):\n    result = v * by\n    return helper(result)");
  CHECK(n.binds == Names{"scale"});
  CHECK(n.reads == Names{"factor", "helper"});
  n = statement_names("class Point(Base, metaclass=Meta):\n    x = 0");
  CHECK(n.binds == Names{"Point"});
  CHECK(n.reads == Names{"Base", "Meta"});
}

TEST_CASE("statement names: loops, with and walrus bind their targets") {
  StatementNames n = statement_names("for i, row in enumerate(rows):\n    total += row[i]");
  CHECK(n.binds == Names{"i", "row", "total"});
  CHECK(n.reads == Names{"enumerate", "rows", "total"});
  n = statement_names("with open(path) as f, lock:\n    data = f.read()");
  CHECK(n.binds == Names{"f", "data"});
  CHECK(n.reads == Names{"open", "path", "lock"});
  n = statement_names("(n := len(a)) > 3");
  CHECK(n.binds == Names{"n"});
  CHECK(n.reads == Names{"len", "a"});
}

namespace {

std::vector<Doctest> session(std::initializer_list<std::pair<const char*, const char*>> lines) {
  std::vector<Doctest> out;
  for (auto [source, expected] : lines) out.push_back(Doctest{source, expected, 0});
  return out;
}

}  // namespace

TEST_CASE("doctest session: the lines a line depends on, and the imports of module names") {
  std::vector<std::string> globals = {"Fraction", "helper"};
  std::set<std::string> builtins = {"print", "len"};
  ExampleScope scope{"pkg.fractions", globals, false, builtins};
  std::vector<Doctest> t = session({{"x = Fraction(1, 3)", ""},
                                    {"y = 10", ""},
                                    {"x", "Fraction(1, 3)"},
                                    {"x.limit(2)", ""},
                                    {"len([x, x])", "2"},
                                    {"fractions.helper(x) + y", "4"}});
  DoctestSession s = plan_doctest_session(t, 4, scope);
  REQUIRE(s.self_contained);
  CHECK(s.import_lines == std::vector<std::string>{"from pkg.fractions import Fraction"});
  // `x` shows a value, `x.limit(2)` may change x: both read x after the example bound it; `y = 10` is not needed.
  CHECK(s.earlier == std::vector<size_t>{0, 2, 3});
  CHECK(render_doctest_session(t, 4, s, true) ==
        ">>> from pkg.fractions import Fraction\n>>> x = Fraction(1, 3)\n>>> x\nFraction(1, 3)\n>>> x.limit(2)\n>>> len([x, x])\n2\n");

  s = plan_doctest_session(t, 5, scope);  // the module's own name is imported as the module
  REQUIRE(s.self_contained);
  CHECK(s.import_lines == std::vector<std::string>{"from pkg import fractions", "from pkg.fractions import Fraction"});
  CHECK(s.earlier == std::vector<size_t>{0, 1, 2, 3, 4});
}

TEST_CASE("doctest session: effects on global state, rebinding, skipped lines and missing names") {
  std::vector<std::string> globals = {"draw", "seed"};
  std::set<std::string> builtins = {"print"};
  ExampleScope scope{"dice", globals, false, builtins};
  std::vector<Doctest> t = session({{"seed(1)", ""}, {"n = 1", ""}, {"n = 2", ""}, {"draw()  # doctest: +SKIP", "4"}, {"draw() + n", "5"},
                                    {"undefined(n)", "1"}});
  DoctestSession s = plan_doctest_session(t, 4, scope);
  REQUIRE(s.self_contained);
  CHECK(s.earlier == std::vector<size_t>{0, 2});  // seed(1) for its effect; only the last binding of n
  CHECK(s.import_lines == std::vector<std::string>{"from dice import draw, seed"});
  s = plan_doctest_session(t, 5, scope);
  CHECK_FALSE(s.self_contained);
  CHECK(s.missing == "undefined");
  CHECK(doctest_skipped(t[3]));
  CHECK(without_doctest_directives("f(x)  # doctest: +ELLIPSIS") == "f(x)");

  std::map<std::string, std::string> imported = {{"seed", "from random import seed"}};
  ExampleScope importing{"dice", globals, false, builtins, &imported};  // `seed` is the module's import of random.seed
  s = plan_doctest_session(t, 4, importing);
  CHECK(s.import_lines == std::vector<std::string>{"from random import seed", "from dice import draw"});

  ExampleScope starred{"dice", globals, true, builtins};  // `from x import *` in the module: unknown names are its
  s = plan_doctest_session(t, 5, starred);
  REQUIRE(s.self_contained);
  CHECK(s.import_lines == std::vector<std::string>{"from dice import draw, seed, undefined"});
}
