// static/qa/observed_call: reprs that evaluate back, and observed calls written as Python.
#include <catch2/catch.hpp>

#include "python_fixture.hpp"
#include "static/qa/observed_call.hpp"

namespace codetrace {
namespace {

using testing::model_of;
using testing::symbol;
using Args = std::vector<std::pair<std::string, std::string>>;

const std::set<std::string> kBuiltins = {"set", "frozenset", "complex", "len", "abs"};

std::string rendered(const ModuleModel& m, const std::string& qualname, const Args& args) {
  std::optional<RenderedCall> r = render_observed_call(m, symbol(m, qualname), args, &kBuiltins);
  return r ? r->expression : "<none>";
}

TEST_CASE("value_form: literals, constructors of bound names, and what does not evaluate back") {
  std::vector<std::string> names = {"Fraction", "Money", "datetime"};
  auto form = [&](const char* repr) { return value_form(repr, &names, &kBuiltins); };
  CHECK(form("[1, -2.5e-3, 'a\\'b', b'\\x00', (1,), {'k': None}, True, 1j]") == ValueForm::Literal);
  CHECK(form("\"it's\"") == ValueForm::Literal);
  CHECK(form("Fraction(1, 3)") == ValueForm::Constructor);
  CHECK(form("[Money(100), Money(cents=5)]") == ValueForm::Constructor);
  CHECK(form("datetime.date(2020, 1, 2)") == ValueForm::Constructor);
  CHECK(form("set()") == ValueForm::Constructor);
  CHECK(form("<m.Box object at 0x7f00>") == ValueForm::Unusable);
  CHECK(form("nan") == ValueForm::Unusable);
  CHECK(form("Decimal('1.5')") == ValueForm::Unusable);  // a name the module does not bind
  CHECK(form("[1, 2, [...]]") == ValueForm::Unusable);   // a list that holds itself
  CHECK(form("'cut short") == ValueForm::Unusable);
  CHECK(form("f'{x}'") == ValueForm::Unusable);
  CHECK(form("(1, 2") == ValueForm::Unusable);
  CHECK(form("x=1") == ValueForm::Unusable);  // a keyword only inside a constructor's parentheses
}

TEST_CASE("has_long_float: results no one can work back to the arguments from") {
  CHECK(has_long_float("17.07825127659933"));
  CHECK(has_long_float("[1.0, 0.0001234567]"));
  CHECK(has_long_float("1.2345678e-05"));
  CHECK_FALSE(has_long_float("[3.125, 2.5, 100.0]"));
  CHECK_FALSE(has_long_float("'3.14159265358979'"));  // in a string
  CHECK_FALSE(has_long_float("12345678901"));         // an int is exact
  CHECK_FALSE(has_long_float("Fraction(1234567, 3)"));
}

TEST_CASE("container_items splits at top-level commas only") {
  CHECK(*container_items("('a, b', (1, 2), [3])") == std::vector<std::string>{"'a, b'", "(1, 2)", "[3]"});
  CHECK(*container_items("('x',)") == std::vector<std::string>{"'x'"});
  CHECK(container_items("()")->empty());
  CHECK(*container_items("{'k': [1, 2], 'v': '}'}") == std::vector<std::string>{"'k': [1, 2]", "'v': '}'"});
  CHECK_FALSE(container_items("(1), (2)"));
  CHECK_FALSE(container_items("1"));
}

TEST_CASE("observed calls: signature order, defaults left out, *args and **kwargs spread") {
  ModuleModel m = model_of(
      "def scale(values, factor=2, *extra, offset=0, **options):\n    return values\n"
      "def pos(a, b=1, /, c=2):\n    return a\n"
      "def outer():\n    def inner(x):\n        return x\n    return inner\n",
      "calc.py", "calc");
  CHECK(rendered(m, "calc.scale", {{"values", "[1, 2]"}, {"factor", "2"}, {"extra", "()"}, {"offset", "0"}, {"options", "{}"}}) ==
        "scale([1, 2])");
  CHECK(rendered(m, "calc.scale", {{"values", "[1]"}, {"factor", "2"}, {"extra", "()"}, {"offset", "1"}, {"options", "{}"}}) ==
        "scale([1], offset=1)");
  // *extra passed something: factor must go by position even though it is the default.
  CHECK(rendered(m, "calc.scale", {{"values", "[1]"}, {"factor", "2"}, {"extra", "('x', 3)"}, {"offset", "0"}, {"options", "{'mode': 'a'}"}}) ==
        "scale([1], 2, 'x', 3, mode='a')");
  // A default left out before a positional-or-keyword argument: that one goes by name.
  CHECK(rendered(m, "calc.scale", {{"values", "[1]"}, {"factor", "2"}, {"extra", "()"}, {"offset", "0"}, {"options", "{'not an id': 1}"}}) ==
        "<none>");
  CHECK(rendered(m, "calc.pos", {{"a", "0"}, {"b", "1"}, {"c", "5"}}) == "pos(0, c=5)");
  CHECK(rendered(m, "calc.scale", {{"values", "<object at 0x1>"}, {"factor", "2"}, {"extra", "()"}, {"offset", "0"}, {"options", "{}"}}) ==
        "<none>");
  CHECK(rendered(m, "calc.scale", {{"values", "[1]"}}) == "<none>");  // an argument not recorded
  CHECK(rendered(m, "calc.outer.inner", {{"x", "1"}}) == "<none>");   // not reachable from the module
}

TEST_CASE("observed method calls: receivers written back, operators, properties, classmethods") {
  ModuleModel m = model_of(
      "class Money:\n"
      "    def __add__(self, other):\n        return self\n"
      "    def __len__(self):\n        return 1\n"
      "    def __round__(self, n=None):\n        return self\n"
      "    def split(a, parts=2):\n        return a\n"
      "    @property\n    def euros(self):\n        return 1\n"
      "    @classmethod\n    def parse(cls, text):\n        return cls\n"
      "    @staticmethod\n    def zero(unit='EUR'):\n        return 0\n"
      "    def walk(self):\n        yield self\n",
      "money.py", "money");
  CHECK(rendered(m, "money.Money.__add__", {{"self", "Money(1)"}, {"other", "Money(2)"}}) == "Money(1) + Money(2)");
  CHECK(rendered(m, "money.Money.__len__", {{"self", "Money(1)"}}) == "len(Money(1))");
  CHECK(rendered(m, "money.Money.__round__", {{"self", "Money(1)"}, {"n", "2"}}) == "round(Money(1), 2)");
  CHECK(rendered(m, "money.Money.__round__", {{"self", "Money(1)"}, {"n", "None"}}) == "round(Money(1))");
  CHECK(rendered(m, "money.Money.split", {{"a", "Money(4)"}, {"parts", "3"}}) == "Money(4).split(3)");  // the receiver by position, not by name
  CHECK(rendered(m, "money.Money.euros", {{"self", "Money(250)"}}) == "Money(250).euros");
  CHECK(rendered(m, "money.Money.parse", {{"cls", "<class 'money.Money'>"}, {"text", "'1.50'"}}) == "Money.parse('1.50')");
  CHECK(rendered(m, "money.Money.zero", {{"unit", "'EUR'"}}) == "Money.zero()");
  CHECK(rendered(m, "money.Money.split", {{"a", "<money.Money object at 0x7f>"}, {"parts", "3"}}) == "<none>");
  CHECK(rendered(m, "money.Money.split", {{"a", "'text'"}, {"parts", "3"}}) == "<none>");  // a literal is not this class's instance
  CHECK(rendered(m, "money.Money.walk", {{"self", "Money(1)"}}) == "<none>");  // a generator
  std::optional<RenderedCall> r = render_observed_call(m, symbol(m, "money.Money.split"), {{"a", "Money(4)"}, {"parts", "3"}}, &kBuiltins);
  REQUIRE(r);
  CHECK(r->callee == "Money(4).split");
  CHECK(r->arguments == "3");
  CHECK(r->plain_call);
  CHECK(r->literal_arguments);
  CHECK(r->values == std::vector<std::string>{"Money(4)", "3"});
}

TEST_CASE("nondeterminism: the clock, chance, I/O and module state other calls change") {
  ModuleModel m = model_of(
      "import time\nimport re\nCACHE = {}\nSEEN = []\nLIMIT = 3\nPATTERN = re.compile('a')\n"
      "def pure(x):\n    return PATTERN.sub('', x) * LIMIT  # time is not read here\n"
      "def clock():\n    return time.time()\n"
      "def remember(x):\n    SEEN.append(x)\n    return x\n"
      "def count():\n    return len(SEEN)\n"
      "def store(k, v):\n    CACHE[k] = v\n"
      "def bump():\n    global LIMIT\n    LIMIT += 1\n"
      "def read_file(p):\n    with open(p) as f:\n        return f.read()\n"
      "def same(a, b):\n    return a == b\n",
      "state.py", "state");
  std::set<std::string> written = globals_written(m);
  CHECK(written == std::set<std::string>{"CACHE", "LIMIT", "SEEN"});
  CHECK(nondeterminism(m, symbol(m, "state.same"), written).empty());
  CHECK(nondeterminism(m, symbol(m, "state.clock"), written) == "it uses `time`");
  CHECK(nondeterminism(m, symbol(m, "state.read_file"), written) == "it uses `open`");
  CHECK_FALSE(nondeterminism(m, symbol(m, "state.remember"), written).empty());
  CHECK_FALSE(nondeterminism(m, symbol(m, "state.count"), written).empty());  // reads what remember changes
  CHECK_FALSE(nondeterminism(m, symbol(m, "state.pure"), written).empty());   // reads LIMIT, which bump assigns
}

}  // namespace
}  // namespace codetrace
