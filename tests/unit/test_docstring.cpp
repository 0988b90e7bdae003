#include <catch2/catch.hpp>

#include "core/text.hpp"
#include "static/docstring/docstring_parser.hpp"

using namespace codetrace;

TEST_CASE("Google style: args with types, optional and defaults, returns, raises, examples") {
  std::string doc = clean_docstring(R"(Load orders from a CSV export.

    Rows that share an id are merged.

    Args:
        path (str): Location of the file.
        limit (int, optional): Stop after this many orders.
            Defaults to 0.
        *columns: Extra columns to keep.

    Returns:
        list[Order]: The orders, in file order.

    Raises:
        LoaderError: If a row is malformed.
        OSError: If the file cannot be read.

    Example:
        >>> len(load("a.csv"))
        3
    )");
  ParsedDocstring d = parse_docstring(doc);
  CHECK(d.style == DocStyle::Google);
  CHECK(d.summary == "Load orders from a CSV export.");
  CHECK(d.description == "Rows that share an id are merged.");
  REQUIRE(d.params.size() == 3);
  CHECK(d.params[0].name == "path");
  CHECK(d.params[0].type == "str");
  CHECK(d.params[0].description == "Location of the file.");
  CHECK(d.params[1].type == "int");
  CHECK(d.params[1].optional);
  CHECK(d.params[1].default_value == "0");
  CHECK(d.params[1].description == "Stop after this many orders. Defaults to 0.");
  CHECK(d.params[2].name == "*columns");
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].type == "list[Order]");
  CHECK(d.returns[0].description == "The orders, in file order.");
  REQUIRE(d.raises.size() == 2);
  CHECK(d.raises[1].type == "OSError");
  REQUIRE(d.doctests.size() == 1);
  CHECK(d.doctests[0].source == "len(load(\"a.csv\"))");
  CHECK(d.doctests[0].expected == "3");
  CHECK(d.examples.size() == 1);
}

TEST_CASE("Google style: yields, notes, deprecated and prose returns") {
  ParsedDocstring d = parse_docstring("Walk the tree.\n\nYields:\n    Node: each node once.\n\nNote:\n    Not thread safe.\n\nDeprecated:\n    Use walk2 instead.");
  CHECK(d.style == DocStyle::Google);
  REQUIRE(d.yields.size() == 1);
  CHECK(d.yields[0].type == "Node");
  CHECK(d.notes == std::vector<std::string>{"Not thread safe."});
  REQUIRE(d.deprecation);
  CHECK(*d.deprecation == "Use walk2 instead.");
  ParsedDocstring r = parse_docstring_as("Total.\n\nReturns:\n    The sum of all lines in the cart.", DocStyle::Google);
  REQUIRE(r.returns.size() == 1);
  CHECK(r.returns[0].type.empty());
  CHECK(r.returns[0].description == "The sum of all lines in the cart.");
}

TEST_CASE("NumPy style: parameters, several names, returns with names, raises, examples") {
  std::string doc = clean_docstring(R"(Compute the tax due.

    Parameters
    ----------
    amount : float
        Net amount.
    country, region : str, optional
        Where it ships. Default is "DE".

    Returns
    -------
    tax : float
        The tax, rounded to cents.

    Raises
    ------
    KeyError
        For an unknown country.

    Examples
    --------
    >>> tax(100.0)
    19.0
    )");
  ParsedDocstring d = parse_docstring(doc);
  CHECK(d.style == DocStyle::Numpy);
  REQUIRE(d.params.size() == 3);
  CHECK(d.params[0].name == "amount");
  CHECK(d.params[0].type == "float");
  CHECK(d.params[1].name == "country");
  CHECK(d.params[2].name == "region");
  CHECK(d.params[2].optional);
  CHECK(d.params[2].default_value == "\"DE\"");
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].name == "tax");
  CHECK(d.returns[0].type == "float");
  REQUIRE(d.raises.size() == 1);
  CHECK(d.raises[0].type == "KeyError");
  CHECK(d.raises[0].description == "For an unknown country.");
  REQUIRE(d.doctests.size() == 1);
  CHECK(d.doctests[0].expected == "19.0");
}

TEST_CASE("reST/Sphinx style: params with separate and inline types, rtype, raises, deprecated") {
  std::string doc = clean_docstring(R"(Write a report.

    :param report: The report.
    :type report: dict
    :param int indent: Indentation. Defaults to 2.
    :returns: Bytes written.
    :rtype: int
    :raises OSError: If the folder is not writable.

    .. deprecated:: 2.0
       Use write_report instead.
    )");
  ParsedDocstring d = parse_docstring(doc);
  CHECK(d.style == DocStyle::Rest);
  CHECK(d.summary == "Write a report.");
  REQUIRE(d.params.size() == 2);
  CHECK(d.params[0].type == "dict");
  CHECK(d.params[1].name == "indent");
  CHECK(d.params[1].type == "int");
  CHECK(d.params[1].default_value == "2");
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].type == "int");
  CHECK(d.returns[0].description == "Bytes written.");
  REQUIRE(d.raises.size() == 1);
  CHECK(d.raises[0].type == "OSError");
  REQUIRE(d.deprecation);
  CHECK(*d.deprecation == "since version 2.0: Use write_report instead.");
}

TEST_CASE("Epydoc style") {
  ParsedDocstring d = parse_docstring(
      "Find a discount.\n\n@param code: The code,\n    case-insensitive.\n@type code: str\n@return: The rule.\n@rtype: Discount\n@raise KeyError: If unknown.");
  CHECK(d.style == DocStyle::Epydoc);
  REQUIRE(d.params.size() == 1);
  CHECK(d.params[0].description == "The code, case-insensitive.");
  CHECK(d.params[0].type == "str");
  CHECK(d.returns.at(0).type == "Discount");
  CHECK(d.raises.at(0).type == "KeyError");
}

TEST_CASE("Javadoc fields without colons are read as Epydoc's") {
  ParsedDocstring d = parse_docstring(
      "Find a discount.\n\n@param code The code: case-insensitive.\n@param when The day,\n    today by default.\n"
      "@return The rule that applies.\n@throws KeyError If the code is unknown.\n@property is prose here");
  CHECK(d.style == DocStyle::Epydoc);
  REQUIRE(d.params.size() == 2);
  CHECK(d.params[0].name == "code");
  CHECK(d.params[0].description == "The code: case-insensitive.");
  CHECK(d.params[1].name == "when");
  CHECK(d.params[1].description == "The day, today by default.");
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].description == "The rule that applies.");
  REQUIRE(d.raises.size() == 1);
  CHECK(d.raises[0].type == "KeyError");
  CHECK(d.raises[0].description == "If the code is unknown.");
}

TEST_CASE("plain and malformed docstrings never throw and keep their prose") {
  ParsedDocstring plain = parse_docstring("Just a sentence about the thing.\n\nAnd a second paragraph.");
  CHECK(plain.style == DocStyle::Plain);
  CHECK(plain.summary == "Just a sentence about the thing.");
  CHECK(plain.description == "And a second paragraph.");

  // A section title with nothing under it, an unterminated field, stray underlines.
  for (const char* bad : {"Args:", "Returns:\n", ":param", ":param x", "@param", "Parameters\n----------\n",
                          "----------\n", ">>>", ">>> f(\n... ", "Args:\n    (int): no name", "", "\n\n\n",
                          "Raises\n------\n    indented only"}) {
    INFO(bad);
    ParsedDocstring d;
    REQUIRE_NOTHROW(d = parse_docstring(bad));
  }
  ParsedDocstring empty_section = parse_docstring("Summary line here.\n\nArgs:\n\nReturns:\n    int: x");
  CHECK(empty_section.params.empty());
  CHECK(empty_section.returns.size() == 1);
}

TEST_CASE("style detection keeps the style that recognises the most sections") {
  // "Note:" alone would look like Google; the reST fields are the majority.
  ParsedDocstring d = parse_docstring("Do it.\n\nNote: fast.\n\n:param a: A.\n:param b: B.\n:returns: C.");
  CHECK(d.style == DocStyle::Rest);
  CHECK(d.params.size() == 2);
}
