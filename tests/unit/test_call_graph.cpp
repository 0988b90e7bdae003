// Call-graph resolution, one feature per test: small programs with their expected edges.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>

#include "python_fixture.hpp"
#include "static/graph/call_facts.hpp"
#include "static/graph/call_index.hpp"
#include "static/graph/graph_writers.hpp"
#include "static/graph/resolver.hpp"
#include "static/python/interpreter.hpp"

using namespace codetrace;

namespace {

// modules: module name -> source; file paths follow the names (pkg/__init__.py for packages).
CallGraph graph_of(const std::map<std::string, std::string>& modules, const std::set<std::string>& packages = {}) {
  testing::ensure_python();
  static AstConverter converter;
  std::vector<CallFacts> facts;
  for (const auto& [name, source] : modules) {
    std::string path = name;
    for (char& c : path)
      if (c == '.') c = '/';
    path += packages.count(name) ? "/__init__.py" : ".py";
    ParseOutcome parsed = converter.parse(source, path);
    REQUIRE(parsed.tree);
    facts.push_back(extract_call_facts(*parsed.tree, source, path, name));
  }
  return build_call_graph(facts, builtin_names());
}

std::set<std::string> edges(const CallGraph& g) {
  std::set<std::string> out;
  for (const GraphEdge& e : g.edges) out.insert(e.caller + " -> " + e.callee);
  return out;
}

bool has(const CallGraph& g, const std::string& edge) { return edges(g).count(edge) > 0; }

}  // namespace

TEST_CASE("graph: direct calls, module-level caller, builtins and call sites") {
  CallGraph g = graph_of({{"main", "def f():\n    print('x')\n\nf()\nf()\n"}});
  CHECK(edges(g) == std::set<std::string>{"main.<module> -> main.f", "main.f -> builtins.print"});
  const GraphEdge& e = g.edges[0];
  REQUIRE(e.sites.size() == 2);
  CHECK(e.sites[0].file == "main.py");
  CHECK(e.sites[0].line == 4);
  CHECK(e.sites[1].line == 5);
}

TEST_CASE("graph: absolute, relative, aliased and star imports, re-exports through __init__") {
  CallGraph g = graph_of({{"app", "from .core import run as go\n"},
                          {"app.core", "from . import util\nfrom .util import *\ndef run():\n    util.helper()\n    star_fn()\n"},
                          {"app.util", "__all__ = ['star_fn']\ndef helper(): pass\ndef star_fn(): pass\ndef hidden(): pass\n"},
                          {"main", "import app\nimport app.util as u\nfrom app import go\napp.go()\ngo()\nu.helper()\n"}},
                         {"app"});
  CHECK(has(g, "main.<module> -> app.core.run"));
  CHECK(has(g, "main.<module> -> app.util.helper"));
  CHECK(has(g, "app.core.run -> app.util.helper"));
  CHECK(has(g, "app.core.run -> app.util.star_fn"));
}

TEST_CASE("graph: classes, __init__, self, cls, super and the C3 MRO") {
  CallGraph g = graph_of({{"m", R"(
class Base:
    def __init__(self):
        self.setup()
    def setup(self): pass
    def greet(self): pass

class Left(Base):
    def greet(self):
        super().greet()

class Right(Base):
    def greet(self): pass

class Both(Left, Right):
    @classmethod
    def make(cls):
        return cls()

b = Both.make()
b.greet()
)"}});
  CHECK(has(g, "m.<module> -> m.Both.make"));
  CHECK(has(g, "m.Both.make -> m.Base.__init__"));
  CHECK(has(g, "m.Base.__init__ -> m.Base.setup"));
  CHECK(has(g, "m.<module> -> m.Left.greet"));     // Both -> Left -> Right -> Base
  CHECK(has(g, "m.Left.greet -> m.Right.greet"));  // super() follows the MRO of the instance's class
  CHECK_FALSE(has(g, "m.<module> -> m.Right.greet"));
}

TEST_CASE("graph: attributes assigned in __init__, returns, assignments and lambdas") {
  CallGraph g = graph_of({{"m", R"(
class Repo:
    def save(self): pass

class Service:
    def __init__(self):
        self.repo = Repo()
    def run(self):
        self.repo.save()

def factory():
    return Service

svc = factory()()
svc.run()
a, (b, c) = len, (print, lambda: factory())
c()
)"}});
  CHECK(has(g, "m.Service.run -> m.Repo.save"));
  CHECK(has(g, "m.<module> -> m.factory"));
  CHECK(has(g, "m.<module> -> m.Service.__init__"));
  CHECK(has(g, "m.<module> -> m.Service.run"));
  CHECK(has(g, "m.<module> -> m.<lambda@16>"));
  CHECK(has(g, "m.<lambda@16> -> m.factory"));
}

TEST_CASE("graph: functions passed as arguments, decorators, containers, generators, callbacks") {
  CallGraph g = graph_of({{"m", R"(
import functools

def apply(fn, value):
    return fn(value)

def double(x): return x * 2

def trace(f):
    @functools.wraps(f)
    def wrapper(*args):
        return f(*args)
    return wrapper

@trace
def work(): pass

def gen():
    yield double

handlers = {"a": double}
handlers["b"] = work
apply(double, 2)
work()
handlers["b"]()
for h in gen():
    h(1)
sorted([1], key=double)
)"}});
  CHECK(has(g, "m.apply -> m.double"));
  CHECK(has(g, "m.<module> -> m.trace"));
  CHECK(has(g, "m.<module> -> m.trace.wrapper"));
  CHECK(has(g, "m.trace.wrapper -> m.work"));
  CHECK(has(g, "m.trace -> functools.wraps"));
  CHECK(has(g, "m.<module> -> m.double"));  // handlers via the generator, and sorted(key=)
  CHECK(has(g, "m.<module> -> builtins.sorted"));
}

TEST_CASE("graph: what cannot be resolved is listed with a reason, never guessed") {
  CallGraph g = graph_of({{"m", "def f(cb):\n    cb()\n    getattr(f, 'x')()\n    getattr(cb, 'x' + cb)()\n"}});
  CHECK(edges(g) == std::set<std::string>{"m.f -> builtins.getattr"});
  REQUIRE(g.unresolved.size() == 3);
  CHECK(g.unresolved[0].expression == "cb");
  CHECK(g.unresolved[0].reason.find("parameter") != std::string::npos);
  CHECK(g.unresolved[0].site.line == 2);
  CHECK(g.unresolved[1].reason == "attribute 'x' of a function");
  CHECK(g.unresolved[2].reason.find("result of builtins.getattr()") != std::string::npos);
}

TEST_CASE("graph: iteration over user classes and raising classes") {
  CallGraph g = graph_of({{"m", R"(
class Numbers:
    def __iter__(self):
        return self
    def __next__(self):
        raise Stop

class Stop(Exception):
    def __init__(self): pass

for n in Numbers():
    pass
)"}});
  CHECK(has(g, "m.<module> -> m.Numbers.__iter__"));
  CHECK(has(g, "m.<module> -> m.Numbers.__next__"));
  CHECK(has(g, "m.Numbers.__next__ -> m.Stop.__init__"));
}

TEST_CASE("graph: properties, with, operators on user classes, functools.partial") {
  CallGraph g = graph_of({{"m", R"(
import functools

class Money:
    def __init__(self, cents):
        self.cents = cents
    def __add__(self, other):
        return Money(self.cents + other.cents)
    def __iadd__(self, other):
        return self
    def __eq__(self, other):
        return True
    @property
    def euros(self):
        return self.cents / 100
    @euros.setter
    def euros(self, value):
        self.cents = value * 100

class Session:
    def __enter__(self):
        return Money(1)
    def __exit__(self, *exc):
        return False

def pay(a, b):
    return a + b

with Session() as m:
    total = m + Money(2)
    total += m
    same = total == m
    shown = total.euros
later = functools.partial(pay, 1)
later(2)
)"}});
  CHECK(has(g, "m.<module> -> m.Session.__enter__"));
  CHECK(has(g, "m.<module> -> m.Session.__exit__"));
  CHECK(has(g, "m.<module> -> m.Money.__add__"));    // m is what __enter__ returned
  CHECK(has(g, "m.<module> -> m.Money.__iadd__"));
  CHECK(has(g, "m.<module> -> m.Money.__eq__"));
  CHECK(has(g, "m.<module> -> m.Money.euros"));      // reading the property calls the getter
  CHECK(has(g, "m.<module> -> m.pay"));              // through functools.partial
  CHECK(has(g, "m.<module> -> functools.partial"));
  int getters = 0;
  for (const GraphEdge& e : g.edges)
    if (e.callee == "m.Money.euros") getters += static_cast<int>(e.sites.size());
  CHECK(getters == 1);  // the setter is not a read
}

TEST_CASE("graph: within a scope, a read sees the bindings that reach it") {
  CallGraph g = graph_of({{"m", R"(
def one(): pass
def two(): pass
def three(): pass

f = one
f = two
f()

handlers = {"k": one}
handlers["k"] = three
handlers["k"]()

g = one
if input():
    g = two
g()

for i in range(2):
    h()
    h = three
h = one

def later():
    f()
)"}});
  std::set<std::string> e = edges(g);
  CHECK(e.count("m.<module> -> m.two"));
  CHECK(e.count("m.<module> -> m.three"));
  CHECK(e.count("m.<module> -> m.one"));  // g() may see one (the if may not run)
  int to_one = 0;
  for (const GraphEdge& edge : g.edges)
    if (edge.caller == "m.<module>" && edge.callee == "m.one") to_one = static_cast<int>(edge.sites.size());
  CHECK(to_one == 1);  // only g(); f() and handlers["k"]() no longer see one
  // h() in the loop sees three from the previous iteration; h = one after the loop does not reach it.
  bool h_three = false;
  for (const GraphEdge& edge : g.edges)
    for (const CallSiteRef& site : edge.sites)
      if (site.line == 20 && edge.callee == "m.three") h_three = true;
  CHECK(h_three);
  // Another scope sees every binding of f.
  CHECK(e.count("m.later -> m.one"));
  CHECK(e.count("m.later -> m.two"));
}

TEST_CASE("graph: instantiation runs __new__, __init__ and a user metaclass's __call__") {
  CallGraph g = graph_of({{"m", R"(
class Meta(type):
    def __call__(cls, *args):
        return super().__call__(*args)

class Base(metaclass=Meta):
    def __new__(cls):
        return super().__new__(cls)

class Thing(Base):
    def __init__(self):
        pass

Thing()
)"}});
  CHECK(has(g, "m.<module> -> m.Meta.__call__"));
  CHECK(has(g, "m.<module> -> m.Base.__new__"));
  CHECK(has(g, "m.<module> -> m.Thing.__init__"));
}

TEST_CASE("graph: comprehensions with calls are nodes of their own, called by their function") {
  CallGraph g = graph_of({{"m", R"(
def price(x): return x

def total(items):
    plain = [i for i in items]
    return sum(price(i) for i in items) + len([price(i) for i in plain])
)"}});
  CHECK(has(g, "m.total -> m.total.<genexpr@6>"));
  CHECK(has(g, "m.total.<genexpr@6> -> m.price"));
  CHECK(has(g, "m.total -> m.total.<listcomp@6>"));
  CHECK(has(g, "m.total.<listcomp@6> -> m.price"));
  bool plain_node = false;  // [i for i in items] calls nothing: no node
  for (const GraphNode& n : g.nodes) plain_node = plain_node || n.id == "m.total.<listcomp@5>";
  CHECK_FALSE(plain_node);
  // Questions fold a comprehension's calls into its function.
  CallIndex index = index_call_graph(g);
  REQUIRE(index.callees.count("m.total"));
  bool price = false, comprehension = false;
  for (const CallRef& r : index.callees.at("m.total")) {
    price = price || r.other == "m.price";
    comprehension = comprehension || r.other.find("<genexpr") != std::string::npos;
  }
  CHECK(price);
  CHECK_FALSE(comprehension);
  REQUIRE(index.callers.count("m.price"));
  CHECK(index.callers.at("m.price").front().other == "m.total");
  CHECK(index.callers.at("m.price").front().sites == 2);
}

TEST_CASE("graph: every edge's caller and callee is a node, also for comprehensions without a call") {
  // The inner comprehension reaches Money.__add__ through an operator, the outer one only runs
  // the inner one: both are callers, so both must be nodes.
  CallGraph g = graph_of({{"m", R"(
class Money:
    def __add__(self, other):
        return self

def sums(rows):
    a = Money()
    return [[a + a for _ in row] for row in rows]
)"}});
  CHECK(has(g, "m.sums.<listcomp@8>.<listcomp@8> -> m.Money.__add__"));
  CHECK(has(g, "m.sums.<listcomp@8> -> m.sums.<listcomp@8>.<listcomp@8>"));
  CHECK(has(g, "m.sums -> m.sums.<listcomp@8>"));
  std::set<std::string> ids;
  for (const GraphNode& n : g.nodes) ids.insert(n.id);
  for (const GraphEdge& e : g.edges) {
    CHECK(ids.count(e.caller));
    CHECK(ids.count(e.callee));
  }
}

TEST_CASE("graph: a long chain of assignments and a value that arrives in a late round") {
  // 300 names deep: resolution follows it (the stdlib needs 164 levels; the cut is at 512).
  std::string chain = "def f(): pass\nx0 = f\n";
  for (int i = 1; i <= 300; ++i) chain += "x" + std::to_string(i) + " = x" + std::to_string(i - 1) + "\n";
  chain += "x300()\n";
  // The callback reaches `run` through three parameters, defined in the reverse order of the
  // calls, and through self of a subclass: each round passes it one step further.
  std::string late = R"(
def c(cb): cb()
def b(cb): c(cb)
def a(cb): b(cb)

class Base:
    def go(self): return self.hook()

class Job(Base):
    def hook(self): a(run)

def run(): pass

Job().go()
)";
  CallGraph g = graph_of({{"chain", chain}, {"late", late}});
  CHECK(has(g, "chain.<module> -> chain.f"));
  CHECK(has(g, "late.Base.go -> late.Job.hook"));
  CHECK(has(g, "late.c -> late.run"));
  CHECK(g.unresolved.empty());
}

TEST_CASE("graph: a subscript whose key is a constant flowing in picks that item only") {
  CallGraph g = graph_of({{"conf", "KEY = 1\nNAME = 'b'\n"},
                          {"main", R"(
from conf import KEY, NAME

def a(): pass
def b(): pass
def c(): pass

table = [a, b]
by_name = {"a": a, "b": b}

def pick(i):
    table[i]()

def anything(k):
    by_name[k]()

table[KEY]()
by_name[NAME]()
pick(0)
anything(input())
)"}});
  CHECK(has(g, "main.<module> -> main.b"));
  CHECK_FALSE(has(g, "main.<module> -> main.a"));
  CHECK(has(g, "main.pick -> main.a"));  // only ever called with 0
  CHECK_FALSE(has(g, "main.pick -> main.b"));
  // A key that is not a known constant may be any key: every item stays a candidate.
  CHECK(has(g, "main.anything -> main.a"));
  CHECK(has(g, "main.anything -> main.b"));
}

TEST_CASE("graph facts: an operator chain makes each operand's expression once (linear, not quadratic)") {
  testing::ensure_python();
  static AstConverter converter;
  const int terms = 400;
  std::string source = "def g(a):\n    return a\nx = g(1)";
  for (int i = 1; i < terms; ++i) source += " + g(1)";
  source += "\n";
  ParseOutcome parsed = converter.parse(source, "ops.py");
  REQUIRE(parsed.tree);
  CallFacts facts = extract_call_facts(*parsed.tree, source, "ops.py", "ops");
  // Each term makes a handful of expressions (the call, its callee, its argument, the operator);
  // rebuilding the left operand at every level made about terms^2 / 2 = 80,000.
  CHECK(facts.exprs.size() < 10u * terms);
  CHECK(facts.too_deep == 0);
  CallGraph g = build_call_graph({facts}, builtin_names());
  CHECK(has(g, "ops.<module> -> ops.g"));
}

TEST_CASE("graph CSV: a cell that would start a spreadsheet formula is written as text") {
  CallGraph g;
  GraphEdge e;
  e.caller = "=cmd|' /C calc'!A0";
  e.callee = "m.f";
  e.sites.push_back(CallSiteRef{"+evil.py", 3, 0});
  g.edges.push_back(e);
  std::ostringstream out;
  write_graph_csv(g, out);
  CHECK(out.str() == "caller,callee,file,line,col,guess\n'=cmd|' /C calc'!A0,m.f,'+evil.py,3,0,0\n");
}

TEST_CASE("graph: an identity decorator gives each decorated name its own function (jinja2's internalcode)") {
  CallGraph g = graph_of({{"env",
                           "internal_code = set()\n"
                           "def internalcode(f):\n    internal_code.add(f.__code__)\n    return f\n"
                           "class Env:\n"
                           "    @internalcode\n    def compile(self, source):\n        return source\n"
                           "    @internalcode\n    def load(self, name):\n        pass\n"
                           "    def run(self):\n        self.compile('x')\n"}});
  CHECK(has(g, "env.Env.run -> env.Env.compile"));
  CHECK_FALSE(has(g, "env.Env.run -> env.Env.load"));
}

TEST_CASE("graph: a group of names registered by a pass-through decorator stay apart (sympy's @public)") {
  CallGraph g = graph_of({{"pub", "def public(obj):\n    ns = obj.__globals__\n    ns.setdefault('__all__', []).append(obj.__name__)\n    return obj\n"},
                          {"polys", "from pub import public\n@public\ndef factor(e):\n    return e\n@public\ndef expand(e):\n    return e\n"
                                    "@public\nclass Poly:\n    def __init__(self, x):\n        self.x = x\n"},
                          {"main", "from polys import factor, Poly\nimport pub\ndef main():\n    factor(1)\n    Poly(2)\n"
                                   "    same = pub.public(len)\n    same('ab')\n"
                                   "    by_name = pub.public(obj=factor)\n    by_name(3)\n"}});
  CHECK(has(g, "main.main -> polys.factor"));
  CHECK(has(g, "main.main -> polys.Poly.__init__"));
  CHECK(has(g, "main.main -> builtins.len"));
  CHECK_FALSE(has(g, "main.main -> polys.expand"));
  std::set<std::string> from_main;
  for (const std::string& e : edges(g))
    if (e.rfind("main.main -> ", 0) == 0) from_main.insert(e);
  CHECK(from_main == std::set<std::string>{"main.main -> polys.factor", "main.main -> polys.Poly.__init__", "main.main -> builtins.len",
                                           "main.main -> pub.public"});
}

TEST_CASE("graph: a conditional expression or a boolean operator is either of its operands") {
  CallGraph g = graph_of({{"m", "class A:\n    def run(self): pass\nclass B:\n    def run(self): pass\nclass C:\n    def run(self): pass\n"
                                "def pick(flag, given=None):\n    x = A() if flag else B()\n    x.run()\n"
                                "def fallback(given=None):\n    y = given or C()\n    y.run()\n"}});
  CHECK(has(g, "m.pick -> m.A.run"));
  CHECK(has(g, "m.pick -> m.B.run"));
  CHECK_FALSE(has(g, "m.pick -> m.C.run"));
  CHECK(has(g, "m.fallback -> m.C.run"));
}

TEST_CASE("graph: a value with more than 50 targets is 'too many targets' at its sites, not a cut list") {
  std::string source = "def run(cb):\n    cb()\n";
  for (int i = 0; i < 55; ++i) source += "def f" + std::to_string(i) + "():\n    pass\nrun(f" + std::to_string(i) + ")\n";
  source += "def few(cb):\n    cb()\nfew(f1)\nfew(f2)\n";
  CallGraph g = graph_of({{"m", source}});
  for (const std::string& e : edges(g)) CHECK(e.rfind("m.run -> ", 0) != 0);  // none of them kept, not the first 50
  bool reported = false;
  for (const UnresolvedCall& u : g.unresolved)
    if (u.caller == "m.run") reported = u.reason == "more than 50 possible targets";
  CHECK(reported);
  CHECK(has(g, "m.few -> m.f1"));  // a site of few targets is not touched
  CHECK(has(g, "m.few -> m.f2"));
}

TEST_CASE("graph: a subscripted generic base is its class in the MRO (click's ParamType[T])") {
  CallGraph g = graph_of({{"types", "import typing as t\nfrom typing import Generic, TypeVar\nT = TypeVar('T')\n"
                                    "class ParamType(t.Generic[T]):\n    def fail(self, msg):\n        pass\n"
                                    "class Choice(ParamType[str]):\n    def convert(self, value):\n        self.fail('no')\n"
                                    "class Base:\n    def hello(self):\n        pass\n"
                                    "class Mixed(Generic[T], Base):\n    def run(self):\n        self.hello()\n"}});
  CHECK(has(g, "types.Choice.convert -> types.ParamType.fail"));
  CHECK(has(g, "types.Mixed.run -> types.Base.hello"));  // Generic[T] does not end the walk
}

TEST_CASE("graph: a global a function assigns after `global` holds what it assigns (click's _getchar)") {
  CallGraph g = graph_of({{"impl", "def getchar(echo):\n    return 'x'\n"},
                          {"termui", "_getchar = None\n"
                                     "def getchar(echo=False):\n    global _getchar\n    if _getchar is None:\n"
                                     "        from impl import getchar as f\n        _getchar = f\n    return _getchar(echo)\n"
                                     "def again():\n    return _getchar(True)\n"}});
  CHECK(has(g, "termui.getchar -> impl.getchar"));
  CHECK(has(g, "termui.again -> impl.getchar"));
}

TEST_CASE("graph: an instance's __dict__ is a dict and its __class__ its class, whatever its bases") {
  CallGraph g = graph_of({{"m", "class Lookup(dict):\n    def get(self, key, default=None):\n        return self.__dict__.get(key, default)\n"
                                "    def fresh(self):\n        return self.__class__()\n"}});
  CHECK(has(g, "m.Lookup.get -> builtins.dict.get"));
  CHECK_FALSE(has(g, "m.Lookup.get -> builtins.dict.__dict__.get"));
  CHECK(has(g, "m.Lookup.fresh -> builtins.dict.__init__"));
}

TEST_CASE("graph: len(), iter(), str(), bool()... on an instance reach its class's dunder, marked as protocol edges") {
  CallGraph g = graph_of({{"shop", "class Base:\n    def __len__(self):\n        return 0\n"
                                   "class Cart(Base):\n    def __iter__(self):\n        return iter([])\n    def __str__(self):\n        return 'cart'\n"
                                   "def main():\n    c = Cart()\n    len(c)\n    for_each = iter(c)\n    text = str(c)\n    ok = bool(c)\n"
                                   "    c.__len__()\n    return hash(c)\n"
                                   "def shadowed(len):\n    return len(Cart())\n"}});
  CHECK(has(g, "shop.main -> shop.Base.__len__"));  // inherited; also by bool(), and called directly
  CHECK(has(g, "shop.main -> shop.Cart.__iter__"));
  CHECK(has(g, "shop.main -> shop.Cart.__str__"));
  CHECK(has(g, "shop.main -> builtins.len"));
  CHECK_FALSE(has(g, "shop.shadowed -> shop.Base.__len__"));
  for (const GraphEdge& e : g.edges) {
    if (e.caller != "shop.main") continue;
    if (e.callee == "shop.Cart.__iter__" || e.callee == "shop.Cart.__str__") CHECK(e.protocol);
    if (e.callee == "shop.Base.__len__" || e.callee == "builtins.len") CHECK_FALSE(e.protocol);  // c.__len__() is a plain call
  }
}

TEST_CASE("graph: a name rebound in both branches of an if/else no longer holds its earlier value") {
  CallGraph g = graph_of({{"m", R"(
def one(): pass
def two(): pass
def three(): pass
def four(): pass

def both(c):
    f = one
    if c:
        f = two
    else:
        f = three
    f()

def chain(c):
    f = one
    if c == 1:
        f = two
    elif c == 2:
        f = three
    else:
        raise ValueError(c)
    f()

def partly(c):
    f = one
    if c:
        f = two
    elif c is None:
        f = three
    f()

def inside(c):
    f = one
    if c:
        f = two
        f()
        return
    else:
        f = three
    f()
)"}});
  CHECK(has(g, "m.both -> m.two"));
  CHECK(has(g, "m.both -> m.three"));
  CHECK_FALSE(has(g, "m.both -> m.one"));
  CHECK(has(g, "m.chain -> m.two"));
  CHECK(has(g, "m.chain -> m.three"));
  CHECK_FALSE(has(g, "m.chain -> m.one"));  // the else raises: no path keeps one
  CHECK(has(g, "m.partly -> m.one"));       // the elif has no else: one may survive
  CHECK(has(g, "m.inside -> m.two"));       // the call inside the branch sees its own binding
  CHECK(has(g, "m.inside -> m.three"));
  CHECK_FALSE(has(g, "m.inside -> m.one"));
}

TEST_CASE("graph: a parameter default every call overrides is not a callee") {
  CallGraph g = graph_of({{"m", R"(
def default_fmt(x): pass
def custom_fmt(x): pass
def kept_default(x): pass

def show(x, fmt=default_fmt):
    fmt(x)

def render(x, fmt=kept_default):
    fmt(x)

show(1, custom_fmt)
show(2, fmt=custom_fmt)
render(1, custom_fmt)
render(2)
)"}});
  CHECK(has(g, "m.show -> m.custom_fmt"));
  CHECK_FALSE(has(g, "m.show -> m.default_fmt"));
  CHECK(has(g, "m.render -> m.custom_fmt"));
  CHECK(has(g, "m.render -> m.kept_default"));
}

TEST_CASE("graph: annotations type what nothing else does, and the edges say so (`via: annotation`)") {
  CallGraph g = graph_of({{"shop", R"(
from dataclasses import dataclass, field
from typing import List, Optional, Dict
import typing as t

class Item:
    def cost(self):
        return 1

class Cheap(Item):
    def cost(self):
        return 0

@dataclass
class Cart:
    items: List[Item] = field(default_factory=list)
    owner: "Optional[Customer]" = None
    by_name: Dict[str, Item] = field(default_factory=dict)

    def total(self):
        return sum(i.cost() for i in self.items)

    def named(self, name: str):
        return self.by_name[name].cost()

    def greet(self):
        self.owner.hello()

class Customer:
    def hello(self): pass

def price(item: Item | None, cart: t.Optional["Cart"]) -> float:
    cart.total()
    return item.cost()

def make() -> Item:
    return load()

def use_made():
    make().cost()

def known(item: Item = Cheap()):
    item.cost()
)"}});
  CHECK(has(g, "shop.Cart.total.<genexpr@21> -> shop.Item.cost"));
  CHECK(has(g, "shop.Cart.named -> shop.Item.cost"));
  CHECK(has(g, "shop.Cart.greet -> shop.Customer.hello"));
  CHECK(has(g, "shop.price -> shop.Item.cost"));
  CHECK(has(g, "shop.price -> shop.Cart.total"));
  CHECK(has(g, "shop.use_made -> shop.Item.cost"));
  CHECK(has(g, "shop.price -> shop.Cheap.cost"));  // an Item may be a Cheap: its override may run
  CHECK(has(g, "shop.known -> shop.Cheap.cost"));  // the value passed (the default) says more
  CHECK_FALSE(has(g, "shop.known -> shop.Item.cost"));
  for (const GraphEdge& e : g.edges) {
    bool by_annotation = e.callee == "shop.Item.cost" || e.callee == "shop.Customer.hello" || e.callee == "shop.Cart.total" ||
                         (e.callee == "shop.Cheap.cost" && e.caller != "shop.known");
    CHECK(e.annotation == by_annotation);
  }
}

TEST_CASE("graph: a function returning what calling its parameter makes gives each call its own result (requests' merge_setting)") {
  CallGraph g = graph_of({{"m", R"(
class Plain:
    def get(self): pass

class Fancy:
    def get(self): pass

def merge(setting, dict_class=Plain):
    if setting is None:
        return setting
    merged = dict_class(setting)
    return merged

def use_plain():
    merge({}).get()

def use_fancy():
    merge({}, dict_class=Fancy).get()
)"}});
  CHECK(has(g, "m.use_plain -> m.Plain.get"));
  CHECK_FALSE(has(g, "m.use_plain -> m.Fancy.get"));
  CHECK(has(g, "m.use_fancy -> m.Fancy.get"));
  CHECK_FALSE(has(g, "m.use_fancy -> m.Plain.get"));
}

TEST_CASE("graph: getattr with a constant name is that attribute; with an f-string's start, a visitor's dispatch") {
  CallGraph g = graph_of({{"m", R"(
from typing import Protocol, Optional

class VisitCallable(Protocol):
    def __call__(self, node): ...

class NodeVisitor:
    def get_visitor(self, node) -> "Optional[VisitCallable]":
        return getattr(self, f"visit_{type(node).__name__}", None)

    def visit(self, node):
        f = self.get_visitor(node)
        if f is not None:
            return f(node)

class Gen(NodeVisitor):
    def visit_Name(self, node): pass
    def visit_Call(self, node):
        self.visit(node.func)
    def other(self): pass

def run(tree):
    getattr(Gen(), "other")()

def call(f: VisitCallable):
    f(1)
)"}});
  CHECK(has(g, "m.NodeVisitor.visit -> m.Gen.visit_Name"));
  CHECK(has(g, "m.NodeVisitor.visit -> m.Gen.visit_Call"));
  CHECK_FALSE(has(g, "m.NodeVisitor.visit -> m.Gen.other"));
  CHECK(has(g, "m.run -> m.Gen.other"));
  CHECK_FALSE(has(g, "m.call -> m.VisitCallable.__call__"));  // a Protocol's methods are stubs
}

TEST_CASE("graph: a star import binds in order: it replaces earlier definitions of a name it exports, not later ones") {
  CallGraph g = graph_of({{"pkg.base", "def helper(): pass\ndef other(): pass\n"},
                          {"pkg.early", "def helper(): pass\nfrom pkg.base import *\nhelper()\ndef use():\n    helper()\n"},
                          {"pkg.late", "from pkg.base import *\ndef helper(): pass\nhelper()\ndef use():\n    helper()\n"},
                          {"pkg.maybe", "from pkg.base import *\nif input():\n    def helper(): pass\ndef use():\n    helper()\n"},
                          {"main", "import pkg.early as early\nearly.helper()\n"}});
  CHECK(has(g, "pkg.early.<module> -> pkg.base.helper"));
  CHECK_FALSE(has(g, "pkg.early.<module> -> pkg.early.helper"));
  CHECK(has(g, "pkg.early.use -> pkg.base.helper"));
  CHECK_FALSE(has(g, "pkg.early.use -> pkg.early.helper"));
  CHECK(has(g, "main.<module> -> pkg.base.helper"));  // through the module's attribute
  CHECK_FALSE(has(g, "main.<module> -> pkg.early.helper"));
  CHECK(has(g, "pkg.late.<module> -> pkg.late.helper"));
  CHECK_FALSE(has(g, "pkg.late.<module> -> pkg.base.helper"));
  CHECK(has(g, "pkg.late.use -> pkg.late.helper"));
  CHECK_FALSE(has(g, "pkg.late.use -> pkg.base.helper"));
  CHECK(has(g, "pkg.maybe.use -> pkg.base.helper"));  // the def may not run
  CHECK(has(g, "pkg.maybe.use -> pkg.maybe.helper"));
}

TEST_CASE("graph: a decorated definition after `global name` in a function binds the module's name") {
  // The stdlib's tests do this; finding the binding in the function's own scope crashed.
  CallGraph g = graph_of({{"m", "def dec(c):\n    return c\n\ndef setup():\n    global Thing\n    @dec\n    class Thing:\n        def run(self): pass\n\n"
                                "def use():\n    Thing().run()\n"}});
  CHECK(has(g, "m.setup -> m.dec"));
  CHECK(has(g, "m.use -> m.setup.Thing.run"));  // named where it is defined
}

TEST_CASE("graph: inside `if isinstance(x, C)` x is a C, in its else it is not (requests' prepare_cookies)") {
  CallGraph g = graph_of({{"m", R"(
class Jar:
    def get(self, k): pass

class SmartJar(Jar):
    def get(self, k): pass

class Plain:
    def get(self, k): pass

def to_jar(cookies):
    if isinstance(cookies, Jar):
        cookies.get(1)
    else:
        cookies.get(2)
    if not isinstance(cookies, (Jar, dict)):
        cookies.get(3)

def rebound(cookies):
    if isinstance(cookies, Jar):
        cookies = Plain()
        cookies.get(4)

def wrap_each(stream, filters):
    for f in filters:
        stream = f(stream)
        if not isinstance(stream, Jar):
            stream = Jar(stream.get(5))
    return stream

to_jar(SmartJar())
to_jar(Plain())
rebound(Jar())
wrap_each(SmartJar(), [lambda s: s])
wrap_each(Plain(), [])
)"}});
  auto lines = [&](const std::string& callee, const std::string& caller) {
    std::set<int> out;
    for (const GraphEdge& e : g.edges)
      if (e.caller == caller && e.callee == callee)
        for (const CallSiteRef& s : e.sites) out.insert(s.line);
    return out;
  };
  CHECK(lines("m.SmartJar.get", "m.to_jar") == std::set<int>{13});   // a Jar: the subclass
  CHECK(lines("m.Plain.get", "m.to_jar") == std::set<int>{15, 17});  // not a Jar
  CHECK(lines("m.Plain.get", "m.rebound") == std::set<int>{22});     // rebound in the branch: as assigned
  // Rebound after the read, in a loop around the if: the next read passes the test first.
  CHECK(lines("m.Plain.get", "m.wrap_each") == std::set<int>{28});
  CHECK(lines("m.SmartJar.get", "m.wrap_each").empty());
}

TEST_CASE("graph: isinstance() against a Protocol or an abstract base class narrows nothing it cannot be sure of") {
  CallGraph g = graph_of({{"m", R"(
from abc import ABC
from typing import Protocol

class SupportsItems(Protocol):
    def items(self): ...

class Base(ABC):
    pass

class Store:
    def items(self): pass

def pairs(value):
    if isinstance(value, SupportsItems):
        value.items()
    if isinstance(value, Base):
        value.items()

pairs(Store())
)"}});
  int sites = 0;
  for (const GraphEdge& e : g.edges)
    if (e.caller == "m.pairs" && e.callee == "m.Store.items") sites = static_cast<int>(e.sites.size());
  CHECK(sites == 2);  // Store has items(): a runtime-checkable protocol counts it; Base.register may
}

TEST_CASE("graph: a string annotation nested deeper than any real one is ignored, not followed down the stack") {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "List[";
  deep += "Item";
  deep += std::string(100000, ']');
  CallGraph g = graph_of({{"m", "from typing import List\nclass Item:\n    def cost(self): pass\n"
                                "def f(x: '" + deep + "', y: 'List[List[Item]]'):\n    x.cost()\n    for row in y:\n        for i in row:\n            i.cost()\n"}});
  int sites = 0;
  for (const GraphEdge& e : g.edges)
    if (e.caller == "m.f" && e.callee == "m.Item.cost") sites = static_cast<int>(e.sites.size());
  CHECK(sites == 1);  // only through y: x's annotation is not read
}
