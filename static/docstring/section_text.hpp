#pragma once
// Helpers shared by the docstring style parsers.
#include <string>
#include <string_view>
#include <vector>

#include "static/docstring/docstring.hpp"

namespace codetrace {

// "int, optional" / "str, default 'x'" / "float, default: 0.5" -> type, optional flag, default.
void split_type_spec(std::string_view spec, DocParam& param);

// Finds "Defaults to X." / "default: X" / "(default X)" in a description.
std::string default_from_description(std::string_view description);

// The ">>>" examples of a docstring.
std::vector<Doctest> extract_doctests(std::string_view cleaned);

// The prose before the first section line (first_section_line: 0-based index, or npos for none):
// summary = first paragraph; description = the rest.
void split_prose(const std::vector<std::string_view>& lines, size_t first_section_line, ParsedDocstring& out);

// ".. deprecated:: 1.3" directive text: version on the directive line, explanation below it.
std::string deprecation_text(std::string_view version, std::string_view explanation);

// The kind of a section title ("Args", "Returns", ...), lower-cased and normalised; "" if unknown.
std::string section_kind(std::string_view title);

}  // namespace codetrace
