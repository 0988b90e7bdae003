#pragma once
// ParsedDocstring: what a docstring says, section by section, whatever its style.
// Styles: Google ("Args:" blocks), NumPy ("Parameters" underlined with dashes), reST/Sphinx
// (":param x:" field lists) and Epydoc ("@param x:"). See docstring_parser.hpp for detection.
#include <optional>
#include <string>
#include <vector>

namespace codetrace {

enum class DocStyle { Plain, Google, Numpy, Rest, Epydoc };
const char* doc_style_name(DocStyle style);  // "plain", "google", "numpy", "rest", "epydoc"

struct DocParam {
  std::string name;
  std::string type;           // as written, "" when not given
  std::string description;    // whitespace collapsed
  bool optional = false;      // "optional" given with the type
  std::string default_value;  // "default: x" / "defaults to x", "" when not given
};

struct DocReturn {
  std::string name;  // NumPy may name returned values
  std::string type;
  std::string description;
};

struct DocRaise {
  std::string type;  // exception class as written
  std::string description;
};

struct Doctest {
  std::string source;    // the code after ">>> " (continuation lines joined with '\n')
  std::string expected;  // the output lines that follow, "" when none
  int line_offset = 0;   // line of ">>>" counted from the docstring's first line (0-based)
};

struct ParsedDocstring {
  DocStyle style = DocStyle::Plain;
  std::string summary;      // the first paragraph, whitespace collapsed
  std::string description;  // the prose paragraphs after the summary, before any section
  std::vector<DocParam> params;
  std::vector<DocParam> attributes;
  std::vector<DocReturn> returns;
  std::vector<DocReturn> yields;
  std::vector<DocRaise> raises;
  std::vector<std::string> examples;  // example sections as written
  std::vector<Doctest> doctests;      // every ">>>" example, in any section
  std::vector<std::string> notes;
  std::optional<std::string> deprecation;  // text, with the version when given

  // Items found in recognised sections; auto-detection keeps the style that finds most.
  int section_items() const;
};

}  // namespace codetrace
