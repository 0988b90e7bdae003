#include <catch2/catch.hpp>

#include <map>

#include "python_fixture.hpp"
#include "static/qa/qa_filters.hpp"
#include "static/python/interpreter.hpp"
#include "static/qa/qa_generator.hpp"

using namespace codetrace;
using testing::model_of;

namespace {

std::vector<QaPair> qa(const std::string& source, bool include_private = false, std::vector<std::string> kinds = {}) {
  ModuleModel m = model_of(source, "shop/cart.py", "shop.cart");
  static const std::set<std::string> builtins = builtin_names();  // as `qa` passes them: `print` needs no import
  QaContext context{"repo", std::string("abc123")};
  context.builtins = &builtins;
  return generate_qa(m, context, QaOptions{include_private, kinds});
}

const QaPair* find(const std::vector<QaPair>& pairs, const std::string& symbol, const std::string& type) {
  for (const QaPair& p : pairs)
    if (p.symbol == symbol && p.question_type == type) return &p;
  return nullptr;
}

const char* const kCart = R"PY("""Shopping cart totals for checkout."""


class Cart:
    """A customer's cart at checkout."""

    def __init__(self, country="DE"):
        self.country = country

    def total(self, rate: float = 0.2) -> float:
        """Compute what the customer pays including tax.

        Args:
            rate: The tax rate to apply.

        Returns:
            float: The amount due, rounded to cents.

        Raises:
            ValueError: If the rate is negative.

        >>> Cart().total(0.5)
        1.5
        """
        if rate < 0:
            raise ValueError(rate)
        # Round at the end so that cents do not drift.
        return round(self.net() * (1 + rate), 2)

    def net(self):
        return 1.0

    def _secret(self):
        """A private helper that is not part of the dataset."""


def get_name():
    """Get name."""
)PY";

}  // namespace

TEST_CASE("question kinds with sources, evidence and locations") {
  std::vector<QaPair> pairs = qa(kCart);
  const QaPair* module = find(pairs, "shop.cart", "module_purpose");
  REQUIRE(module);
  CHECK(module->answer == "Shopping cart totals for checkout.");
  CHECK(module->answer_source == "docstring");

  const QaPair* purpose = find(pairs, "shop.cart.Cart.total", "purpose");
  REQUIRE(purpose);
  CHECK(purpose->question.find("`shop.cart.Cart.total`") != std::string::npos);
  CHECK(purpose->answer == "Compute what the customer pays including tax.");
  CHECK(purpose->path == "shop/cart.py");
  CHECK(purpose->start_line == 10);
  CHECK(purpose->end_line == 28);
  CHECK(purpose->evidence_start_line == 11);
  CHECK(purpose->evidence_end_line == 24);
  CHECK(purpose->commit == std::optional<std::string>("abc123"));
  // The model is given the method's code under its class's header, without the docstring it
  // would read the answer from.
  CHECK(purpose->context ==
        "class Cart:\n"
        "    def total(self, rate: float = 0.2) -> float:\n"
        "        if rate < 0:\n"
        "            raise ValueError(rate)\n"
        "        # Round at the end so that cents do not drift.\n"
        "        return round(self.net() * (1 + rate), 2)");

  const QaPair* inputs = find(pairs, "shop.cart.Cart.total", "inputs");
  REQUIRE(inputs);
  CHECK(inputs->answer == "`total` takes 1 parameter:\n- `rate` (float, default `0.2`): The tax rate to apply.");
  CHECK(inputs->answer_source == "docstring");

  const QaPair* outputs = find(pairs, "shop.cart.Cart.total", "outputs");
  REQUIRE(outputs);
  CHECK(outputs->answer == "The amount due, rounded to cents. (`float`)");

  const QaPair* raises = find(pairs, "shop.cart.Cart.total", "raises");
  REQUIRE(raises);
  CHECK(raises->answer == "- `ValueError`: If the rate is negative.");

  const QaPair* example = find(pairs, "shop.cart.Cart.total", "example");
  REQUIRE(example);
  CHECK(example->question == "In the docstring example of `shop.cart.Cart.total`, what does `Cart().total(0.5)` return?");
  CHECK(example->answer == "`1.5`");
  CHECK(example->evidence_start_line == 22);

  const QaPair* comment = find(pairs, "shop.cart.Cart.total", "code_comment");
  REQUIRE(comment);
  CHECK(comment->question == "Why does `shop.cart.Cart.total` run `return round(self.net() * (1 + rate), 2)`?");
  // The comment is the answer: not in the context; the docstring is.
  CHECK(comment->context.find("Round at the end") == std::string::npos);
  CHECK(comment->context.find("Compute what the customer pays") != std::string::npos);
  CHECK(comment->answer == "Round at the end so that cents do not drift.");
  CHECK(comment->answer_source == "comment");
  CHECK(comment->evidence_start_line == 27);

  const QaPair* iface = find(pairs, "shop.cart.Cart", "class_interface");
  REQUIRE(iface);
  CHECK(iface->answer ==
        "Inputs (constructor parameters):\n- `country` (default `\"DE\"`)\n"
        "Outputs (public methods and what they return):\n- `total()` \u2192 `float`\n- `net()`");

  const QaPair* net_out = find(pairs, "shop.cart.Cart.net", "outputs");
  REQUIRE(net_out);
  CHECK(net_out->answer == "It returns `1.0`.");
  CHECK(net_out->answer_source == "ast");

  // Filler kinds are written only when asked for.
  CHECK_FALSE(find(pairs, "shop.cart.Cart", "location"));
  std::vector<QaPair> asked = qa(kCart, false, {"location"});
  const QaPair* where = find(asked, "shop.cart.Cart", "location");
  REQUIRE(where);
  for (const QaPair& p : asked) CHECK(p.question_type == "location");
  CHECK(where->answer == "`shop.cart.Cart` is a class defined in `shop/cart.py`, lines 4\u201334.");
}

TEST_CASE("class interface: documented dataclass fields carry their descriptions, with the docstring hidden") {
  std::vector<QaPair> pairs = qa(R"PY(
from dataclasses import dataclass


@dataclass
class Line:
    """A product line.

    Parameters
    ----------
    sku : str
        The stock-keeping unit.

    Attributes
    ----------
    quantity : int
        How many were ordered.
    """

    sku: str
    name: str
    quantity: int = 1


@dataclass
class Plain:
    """A plain record of two values."""

    a: int
    b: int = 2
)PY");
  const QaPair* line = find(pairs, "shop.cart.Line", "class_interface");
  REQUIRE(line);
  CHECK(line->answer ==
        "Inputs (dataclass fields):\n- `sku` (str, required): The stock-keeping unit.\n- `name` (str, required)\n"
        "- `quantity` (int, default `1`): How many were ordered.");
  CHECK(line->answer_source == "docstring");
  CHECK(line->context.find("stock-keeping") == std::string::npos);  // not readable in its own prompt
  const QaPair* plain = find(pairs, "shop.cart.Plain", "class_interface");
  REQUIRE(plain);
  CHECK(plain->answer_source == "signature");
  CHECK(plain->answer == "Inputs (dataclass fields):\n- `a` (int, required)\n- `b` (int, default `2`)");
}

TEST_CASE("rules from a hand-checked sample: titles, exceptions named twice, purpose clauses, bare local returns") {
  std::vector<QaPair> pairs = qa(R"PY("""
*************************
Multi-line Adjacency List
*************************
Read and write graphs as multi-line adjacency lists.

The format is useful for graphs with nodes that can be meaningfully represented as strings. With this format
simple edge data can be stored but node or graph data is not. The first label in a line is the source node
label followed by the node degree d. The next d lines are target node labels and optional edge data. That
pattern repeats for all nodes in the graph, which is how a reader knows where one node's lines end.

Format
------
A node label, then its degree, then one line per neighbour with the edge data written after it as a
Python dictionary literal; lines that start with the comment character are skipped by the reader.
"""
import networkx as nx


def sort(G):
    """Sort the nodes.

    Raises
    ------
    NetworkXError
        If G is undirected.
    """
    if not G.is_directed():
        raise nx.NetworkXError("undirected")
    order = list(G)
    order.sort()
    head = order[:1]
    if not order:
        return (head, order)
    # Only to make it all fit on one line
    comb = sorted
    return order


def first(items):
    return items
)PY");
  const QaPair* module = find(pairs, "shop.cart", "module_purpose");
  REQUIRE(module);
  CHECK(module->answer == "Multi-line Adjacency List\n\nRead and write graphs as multi-line adjacency lists.");
  const QaPair* raised = find(pairs, "shop.cart.sort", "raises");
  REQUIRE(raised);
  CHECK(raised->answer == "- `NetworkXError`: If G is undirected.");  // not again as `nx.NetworkXError`
  const QaPair* why = find(pairs, "shop.cart.sort", "code_comment");
  REQUIRE(why);
  CHECK(why->question.rfind("Why ", 0) == 0);
  CHECK_FALSE(find(pairs, "shop.cart.sort", "outputs"));  // "It returns `order`" says nothing
  const QaPair* identity = find(pairs, "shop.cart.first", "outputs");
  REQUIRE(identity);
  CHECK(identity->answer == "It returns `items`.");
}

TEST_CASE("a numbered comment item loses its number; Python 2 print lines are not examples") {
  std::vector<QaPair> pairs = qa(R"PY(
def refs():
    """Reference kinds.

    >>> print refs()
    3
    >>> print(refs())
    3
    """
    # 2. keys of the definitions object that go into the JSON schema
    kinds = 3
    return kinds
)PY");
  const QaPair* comment = find(pairs, "shop.cart.refs", "code_comment");
  REQUIRE(comment);
  CHECK(comment->answer == "Keys of the definitions object that go into the JSON schema");
  std::vector<std::string> examples;
  for (const QaPair& p : pairs)
    if (p.question_type == "example") examples.push_back(p.question);
  CHECK(examples == std::vector<std::string>{"In the docstring example of `shop.cart.refs`, what does `print(refs())` print?"});
}

TEST_CASE("second sample's rules: overloads are one method, attribute comments say what, raised values are not types") {
  std::vector<QaPair> pairs = qa(R"PY(
import typing as t


class Lookup:
    """A dictionary lookup object."""

    #: The maximum content length, because parsing
    #: fails when more is sent.
    max_length: int = 10

    @t.overload
    def get(self, key: str) -> int: ...

    @t.overload
    def get(self, key: str, default: str) -> str: ...

    def get(self, key, default=None):
        """Look a key up."""
        return default

    def __init__(self):
        #: Maximum number of redirects allowed.
        self.max_redirects = 30

    def fail(self, error):
        """Fail with the stored error."""
        if error:
            raise self._exception
        raise KeyError(error)
)PY");
  const QaPair* iface = find(pairs, "shop.cart.Lookup", "class_interface");
  REQUIRE(iface);
  CHECK(iface->answer.find("- `get()`") == iface->answer.rfind("- `get()`"));  // listed once
  const QaPair* attribute = find(pairs, "shop.cart.Lookup", "code_comment");
  REQUIRE(attribute);
  CHECK(attribute->question == "What is `max_length` in `shop.cart.Lookup`?");
  const QaPair* own = find(pairs, "shop.cart.Lookup.__init__", "code_comment");
  REQUIRE(own);
  CHECK(own->question == "What is `self.max_redirects` in `shop.cart.Lookup.__init__`?");
  const QaPair* raised = find(pairs, "shop.cart.Lookup.fail", "raises");
  REQUIRE(raised);
  CHECK(raised->answer == "- `KeyError` (raised in its body: `raise KeyError(error)`)");
}

TEST_CASE("a member docstring that copies the class's is hidden with it") {
  std::vector<QaPair> pairs = qa(R"PY(
class IPvAnyNetwork:
    """Validate an IPv4 or IPv6 network."""

    def __new__(cls, value):
        """Validate an IPv4 or IPv6 network."""
        return value

    def check(self):
        """Check the network mask."""
        return True
)PY");
  const QaPair* purpose = find(pairs, "shop.cart.IPvAnyNetwork", "purpose");
  REQUIRE(purpose);
  CHECK(purpose->context.find("Validate an IPv4") == std::string::npos);
  CHECK(purpose->context.find("Check the network mask.") != std::string::npos);
}

TEST_CASE("filters: trivial docstrings, private members, nothing invented") {
  std::vector<QaPair> pairs = qa(kCart);
  CHECK_FALSE(find(pairs, "shop.cart.get_name", "purpose"));  // "Get name." restates the name
  CHECK_FALSE(find(pairs, "shop.cart.Cart._secret", "purpose"));
  CHECK_FALSE(find(pairs, "shop.cart.Cart.net", "purpose"));  // no docstring, no comment: no answer
  std::vector<QaPair> with_private = qa(kCart, true);
  CHECK(find(with_private, "shop.cart.Cart._secret", "purpose"));
  for (const QaPair& p : pairs) {
    INFO(p.question);
    CHECK_FALSE(p.answer.empty());
    CHECK(p.id.size() == 16);
  }
}

TEST_CASE("ids are stable and duplicates are removed across modules") {
  std::vector<QaPair> a = qa(kCart), b = qa(kCart);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].id == b[i].id);
  std::map<std::string, int> ids;
  for (const QaPair& p : a) ++ids[p.id];
  for (const auto& [id, n] : ids) CHECK(n == 1);
  std::unordered_set<std::uint64_t> seen;
  CHECK(remove_duplicates(a, seen) == 0);
  CHECK(remove_duplicates(b, seen) == b.size());
  CHECK(b.empty());
}

TEST_CASE("a pair that nearly repeats an earlier one is left out; examples are not compared") {
  auto pair = [](std::string question, std::string answer, std::string type = "purpose", std::string context = "") {
    QaPair p;
    p.question = std::move(question);
    p.answer = std::move(answer);
    p.question_type = std::move(type);
    p.context = std::move(context);
    p.answer_source = "docstring";
    return p;
  };
  const std::string doc = "Add all the edges in the container ebunch to the graph. The edges must be given as 2-tuples (u, v) or 3-tuples (u, v, d) where d is a dictionary of edge data; nodes are created as needed and edge attributes are updated with the keywords given after the container.";
  std::vector<QaPair> pairs = {
      pair("What does `pkg.graphs.add_edges_from` do?", doc),
      pair("What does `pkg.digraphs.add_edges_from` do?", doc + " See also add_edge."),  // a copy with a line more
      pair("What does `pkg.graphs.remove_node` do?", "Remove node n and all edges that touch it; raise NetworkXError if it is absent."),
      pair("In the docstring example of `pkg.euler`, what does `is_eulerian(G)` return?", "`True`", "example", ">>> G = complete_graph(5)"),
      pair("In the docstring example of `pkg.euler`, what does `is_eulerian(H)` return?", "`True`", "example", ">>> H = cycle_graph(4)")};
  std::unordered_set<std::uint64_t> seen;
  NearDuplicateIndex near;
  CHECK(remove_duplicates(pairs, seen, &near) == 1);  // the digraph copy; the examples ask of different objects
  REQUIRE(pairs.size() == 4);
  CHECK(pairs[1].question.find("remove_node") != std::string::npos);
}

TEST_CASE("trivial docstring and comment rules") {
  CHECK(is_trivial_docstring("Get name.", "get_name"));
  CHECK(is_trivial_docstring("Process data.", "process_data"));
  CHECK(is_trivial_docstring("TODO: write this", "f"));
  CHECK(is_trivial_docstring("Loads it", "f"));
  CHECK_FALSE(is_trivial_docstring("Return the name of the customer's shop.", "get_name"));
  CHECK(is_explanatory_comment("Rename last so that a crash keeps the old file."));
  CHECK_FALSE(is_explanatory_comment("noqa: E501"));
  CHECK_FALSE(is_explanatory_comment("TODO fix the rounding here"));
  CHECK_FALSE(is_explanatory_comment("print(total, tax)"));
  CHECK_FALSE(is_explanatory_comment("x = compute()"));
  CHECK_FALSE(is_explanatory_comment("Copyright 2024 Example Corp."));
  CHECK_FALSE(is_explanatory_comment("------------------------"));
  CHECK_FALSE(is_explanatory_comment("00 00 -- -- - utf-32-be 00 XX -- -- - utf-16-be"));
  CHECK(is_explanatory_comment("Retry 3 times: the API drops 1 in 50 requests."));
  CHECK_FALSE(is_explanatory_comment("Yes, largest is the dominating node"));  // a reply to the comment before
  CHECK_FALSE(is_explanatory_comment("Or start at zero"));
  CHECK_FALSE(is_explanatory_comment("email-validator >= 2"));
  CHECK(is_private_name("_helper"));
  CHECK_FALSE(is_private_name("__init__"));
}

TEST_CASE("render_signature rebuilds the def line") {
  ModuleModel m = model_of("def f(a, /, b, *args, c=1, **kw) -> int: ...\ndef g(a, *, b): ...\nasync def h(): ...\n");
  CHECK(render_signature(testing::symbol(m, "m.f")) == "def f(a, /, b, *args, c=1, **kw) -> int");
  CHECK(render_signature(testing::symbol(m, "m.g")) == "def g(a, *, b)");
  CHECK(render_signature(testing::symbol(m, "m.h")) == "async def h()");
}

TEST_CASE("call-context questions come from the call graph, with sites and unresolved counts") {
  ModuleModel m = model_of("def load():\n    pass\n\ndef main():\n    load()\n    load()\n    cb()\n", "app/main.py", "app.main");
  CallGraph graph;
  graph.edges.push_back({"app.main.main", "app.main.load", {{"app/main.py", 5, 4}, {"app/main.py", 6, 4}}});
  graph.edges.push_back({"app.cli.run", "app.main.main", {{"app/cli.py", 9, 8}}});
  graph.unresolved.push_back({"app.main.main", {"app/main.py", 7, 4}, "cb", "'cb' is not defined"});
  CallIndex index = index_call_graph(graph);
  QaContext context{"repo", std::nullopt, &index};
  std::vector<QaPair> pairs = generate_qa(m, context, QaOptions{false, {"calls", "callers"}});
  const QaPair* calls = find(pairs, "app.main.main", "calls");
  REQUIRE(calls);
  CHECK(calls->question.find("`app.main.main`") != std::string::npos);
  CHECK(calls->answer == "`app.main.main` calls:\n- `app.main.load` (2 call sites)\n1 call could not be resolved statically.");
  CHECK(calls->answer_source == "callgraph");
  CHECK(calls->context == "def main():\n    load()\n    load()\n    cb()");  // the code that makes the calls
  const QaPair* callers = find(pairs, "app.main.main", "callers");
  REQUIRE(callers);
  CHECK(callers->answer == "`app.main.main` is called from:\n- `app.cli.run` (in `app/cli.py`)");
  // Where a function is called from cannot be read from its own code: not a default kind.
  CHECK_FALSE(find(generate_qa(m, context, QaOptions{}), "app.main.main", "callers"));
  const QaPair* load_callers = find(pairs, "app.main.load", "callers");
  REQUIRE(load_callers);
  CHECK_FALSE(find(pairs, "app.main.load", "calls"));  // it calls nothing
  // Without a graph there are no call-context questions.
  std::vector<QaPair> plain = generate_qa(m, QaContext{"repo", std::nullopt, nullptr}, QaOptions{});
  CHECK_FALSE(find(plain, "app.main.main", "calls"));
}
