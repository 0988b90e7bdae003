#include <catch2/catch.hpp>

#include "core/text.hpp"
#include "static/docstring/docstring_parser.hpp"
#include "static/docstring/markdown.hpp"

using namespace codetrace;

namespace {

std::vector<std::string> blocks(const std::string& text) {
  std::vector<std::string_view> lines = split_lines(text);
  return markdown_blocks(lines);
}

}  // namespace

TEST_CASE("inline reST, Sphinx and Epydoc markup becomes Markdown") {
  CHECK(inline_markdown("Use :meth:`Context.invoke` or :class:`~click.core.Command`.") ==
        "Use `Context.invoke` or `Command`.");
  CHECK(inline_markdown(":py:func:`os.path.join` and :func:`!hidden`") == "`os.path.join` and `hidden`");
  CHECK(inline_markdown(":exc:`.SecurityError`") == "`SecurityError`");
  CHECK(inline_markdown("See :ref:`the guide <guide-label>` and :pep:`8`.") == "See the guide and PEP 8.");
  CHECK(inline_markdown("Pass ``None`` to disable.") == "Pass `None` to disable.");
  CHECK(inline_markdown("Read `the docs <https://example.org>`_ first.") == "Read the docs (https://example.org) first.");
  CHECK(inline_markdown("Returns C{True} if L{Foo.bar} is I{very} B{big}.") == "Returns `True` if `Foo.bar` is *very* **big**.");
  // Plain text with colons and braces is left alone.
  CHECK(inline_markdown("Note: a dict {x: 1} maps time:stamp to ARGS{1}") == "Note: a dict {x: 1} maps time:stamp to ARGS{1}");
}

TEST_CASE("directives, literal blocks, lists and headings") {
  std::vector<std::string> b = blocks(
      "Tagged JSON\n"
      "~~~~~~~~~~~\n"
      "\n"
      "A compact representation of\n"
      "non-standard types.\n"
      "\n"
      ".. versionadded:: 2.0\n"
      "\n"
      ".. note::\n"
      "   Keys must be strings.\n"
      "\n"
      "Use it like this::\n"
      "\n"
      "    tag = Tag()\n"
      "    tag.dumps(value)\n"
      "\n"
      "- first item\n"
      "  continued\n"
      "- second item\n"
      "\n"
      ".. versionchanged:: 3.0\n"
      "   Removed the old API.\n"
      "\n"
      ".. code-block:: python\n"
      "\n"
      "    x = 1\n");
  REQUIRE(b.size() == 7);
  CHECK(b[0] == "Tagged JSON");
  CHECK(b[1] == "A compact representation of non-standard types.");
  CHECK(b[2] == "Note: Keys must be strings.");
  CHECK(b[3] == "Use it like this:");
  CHECK(b[4] == "```\ntag = Tag()\ntag.dumps(value)\n```");
  CHECK(b[5] == "- first item continued\n- second item");
  CHECK(b[6] == "```python\nx = 1\n```");
  // A Markdown fence already in the docstring is kept, not flattened.
  std::vector<std::string> md = blocks("Install it:\n\n```bash\npip install email-validator\n```\n\nThen validate.");
  REQUIRE(md.size() == 3);
  CHECK(md[1] == "```bash\npip install email-validator\n```");
}

TEST_CASE("parsed docstrings carry Markdown in their summaries and sections") {
  ParsedDocstring d = parse_docstring(
      "Return the :class:`Foo` for ``name``.\n"
      "\n"
      ":param name: The :attr:`Foo.name` to look up.\n"
      ":type name: :class:`str`\n"
      ":raises ~pkg.errors.Missing: If there is no ``name``.\n");
  CHECK(d.summary == "Return the `Foo` for `name`.");
  REQUIRE(d.params.size() == 1);
  CHECK(d.params[0].description == "The `Foo.name` to look up.");
  CHECK(d.params[0].type == "str");
  REQUIRE(d.raises.size() == 1);
  CHECK(d.raises[0].description == "If there is no `name`.");
}

TEST_CASE("docstring details a model should not see raw") {
  // A closing backtick followed by a dunder is not a `reference`_.
  CHECK(inline_markdown("created the `BaseModel` class, and the `__new__` call") == "created the `BaseModel` class, and the `__new__` call");
  // NumPy's parenthesised default is the default, not the type.
  ParsedDocstring d = parse_docstring(
      "Summary line here.\n\nParameters\n----------\nweight : string or None, optional (default='weight')\n    The edge attribute.\n"
      "\nReturns\n-------\nThe object that results from ``next(iter(iterable))``\n");
  REQUIRE(d.params.size() == 1);
  CHECK(d.params[0].type == "string or None");
  CHECK(d.params[0].default_value == "'weight'");
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].type.empty());
  CHECK(d.returns[0].description == "The object that results from `next(iter(iterable))`");
}

TEST_CASE("metadata fields and tight NumPy names") {
  std::vector<std::string> b = blocks("This module implements the API.\n\n:copyright: (c) 2012 by A. Person.\n:license: Apache2.\n");
  REQUIRE(b.size() == 1);
  CHECK(b[0] == "This module implements the API.");
  ParsedDocstring d = parse_docstring(
      "Cartesian product.\n\nReturns\n-------\nP: NetworkX graph\n    The Cartesian product of G and H.\n");
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].name == "P");
  CHECK(d.returns[0].type == "NetworkX graph");
  ParsedDocstring roles = parse_docstring(
      "Forest.\n\nReturns\n-------\n:class:`networkx.Graph` or list of :class:`networkx.Graph`\n    A single graph.\n");
  REQUIRE(roles.returns.size() == 1);
  CHECK(roles.returns[0].name.empty());
  CHECK(roles.returns[0].description.find("networkx.Graph") != std::string::npos);
}

TEST_CASE("MkDocs admonitions, bare Sphinx fields and footnote references") {
  // A "Usage Documentation" box that only links elsewhere is dropped; the summary is the text after it.
  ParsedDocstring d = parse_docstring(
      "!!! abstract \"Usage Documentation\"\n    [Fields](../concepts/fields.md)\n\n"
      "Create a field for objects that can be configured.\n\n"
      "!!! warning\n    Slow on large inputs.\n\n:private:");
  CHECK(d.summary == "Create a field for objects that can be configured.");
  CHECK(d.description == "Warning: Slow on large inputs.");
  CHECK(inline_markdown("networks structures and dynamics\" [1]_.") == "networks structures and dynamics\".");
  CHECK(inline_markdown("as in [Newman2003]_ and [#]_, not a[1]_b") == "as in and, not a[1]_b");
  CHECK(blocks(":meta private:\n\nText.") == std::vector<std::string>{"Text."});
  CHECK(inline_markdown("a [`ConfigDict`][pydantic.config.ConfigDict] or [`x`][] and flowDict[u][v]") ==
        "a `ConfigDict` or `x` and flowDict[u][v]");  // `[x][]` is a collapsed reference
}

TEST_CASE("an example is skipped in prose unless a paragraph introduces it") {
  ParsedDocstring d = parse_docstring(
      "Generators for some classic graphs.\n\nThe typical builder is called as follows:\n\n>>> G = nx.complete_graph(100)\n\n"
      "returning the complete graph on 100 nodes.\n\nAn example follows.\n\n>>> nx.path_graph(3)\n<graph>\n\n"
      "They can be reached, for example, as\n\n>>> nx.utils.flatten([[1]])\n(1,)\n\nThe end.");
  CHECK(d.description ==
        "The typical builder is called as follows:\n\n```pycon\n>>> G = nx.complete_graph(100)\n```\n\n"
        "returning the complete graph on 100 nodes.\n\nAn example follows.\n\nThey can be reached, for example, as\n\n"
        "```pycon\n>>> nx.utils.flatten([[1]])\n(1,)\n```\n\nThe end.");
}

TEST_CASE("a copyright or license notice is not prose") {
  ParsedDocstring d = parse_docstring(
      "Copyright (c) 2015 - Example SAS\n\nRedistribution and use in source and binary forms, with or without\nmodification, "
      "are permitted.\n\n* Redistributions of source code must retain the above copyright notice.\n\n"
      "THIS SOFTWARE IS PROVIDED \"AS IS\".\n");
  CHECK(d.summary.empty());
  CHECK(d.description.empty());
  d = parse_docstring("Second order centrality.\n\nCopyright (c) 2015 - Example SAS\n\nIt ranks nodes by the variance of return times.");
  CHECK(d.summary == "Second order centrality.");
  CHECK(d.description == "It ranks nodes by the variance of return times.");
}

TEST_CASE("a NumPy return named by a tuple of names") {
  ParsedDocstring d = parse_docstring(
      "Hubs and authorities.\n\nReturns\n-------\n(hubs,authorities) : two-tuple of dictionaries\n   Two dictionaries keyed by node.\n");
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].name == "(hubs,authorities)");
  CHECK(d.returns[0].type == "two-tuple of dictionaries");
  CHECK(d.returns[0].description == "Two dictionaries keyed by node.");
}
