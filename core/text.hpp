#pragma once
// Small text helpers shared by the analyzer and the Q&A generators. All text is UTF-8.
#include <string>
#include <string_view>
#include <vector>

namespace codetrace {

std::string_view trim(std::string_view s);
std::string_view trim_right(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
std::string to_lower(std::string_view s);

// Splits on '\n' (a trailing '\r' is dropped from each line). An empty input gives no lines.
std::vector<std::string_view> split_lines(std::string_view text);

// Joins lines with a separator.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// A name fit for one line of a message: control characters (a newline in a file name would forge
// a line of codetrace's own output) written as \n, \t, \xHH; everything else as it is.
std::string printable(std::string_view s);

// Replaces every run of whitespace (including newlines) with one space and trims the ends.
std::string collapse_whitespace(std::string_view s);

// Number of leading spaces/tabs (a tab counts as one column: Python forbids mixing ambiguously).
size_t indent_of(std::string_view line);

// inspect.cleandoc: strip the common indentation of all lines but the first, and blank lines
// at both ends. This is what ast.get_docstring(clean=True) returns.
std::string clean_docstring(std::string_view raw);

// Offset of the first byte that is not valid UTF-8, or npos when all of it is valid.
size_t find_invalid_utf8(std::string_view bytes);

// Words: maximal runs of letters, digits and '_' (ASCII) or any non-ASCII byte.
std::vector<std::string_view> words(std::string_view text);

// First sentence of a paragraph: up to and including the first ". " / ".\n" or the paragraph end.
std::string first_sentence(std::string_view paragraph);

}  // namespace codetrace
