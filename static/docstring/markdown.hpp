#pragma once
// Docstring text as plain Markdown, the form the answers are written in: reST/Sphinx roles
// (:meth:`Foo.bar`, :class:`~pkg.Foo`) and ``literals`` become code spans, Epydoc markup
// (C{x}, L{x}, I{x}, B{x}) its Markdown equivalent, links their text; directives are handled
// (versionadded/versionchanged and labels dropped, note/warning/seealso kept as text,
// code-block/math as fenced code); `::` literal blocks become fenced code; lists stay lists; reST
// heading underlines go.
#include <string>
#include <string_view>
#include <vector>

namespace codetrace {

// One line of docstring text with its inline markup converted.
std::string inline_markdown(std::string_view text);

// Prose lines (a docstring's paragraphs, already dedented) as Markdown blocks: each a paragraph
// (its lines joined by spaces), a list (one "- item" line per item) or a fenced code block.
std::vector<std::string> markdown_blocks(const std::vector<std::string_view>& lines);

}  // namespace codetrace
