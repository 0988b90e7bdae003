#pragma once
// Parses a cleaned docstring (see clean_docstring) in a given style, or detects the style the
// way the reference library docstring_parser does in auto mode: parse with every style and keep
// the one that recognises the most section items; a docstring none of them recognises is Plain.
#include <cstddef>
#include <string_view>

#include "static/docstring/docstring.hpp"

namespace codetrace {

ParsedDocstring parse_docstring(std::string_view cleaned);  // auto-detect
ParsedDocstring parse_docstring_as(std::string_view cleaned, DocStyle style);

// Style parsers (one file per style family). Each fills the sections and returns the 0-based index
// of the line where its first section starts (npos: none), so the caller can split off the prose.
size_t parse_google_sections(std::string_view cleaned, ParsedDocstring& out);
size_t parse_numpy_sections(std::string_view cleaned, ParsedDocstring& out);
size_t parse_field_list_sections(std::string_view cleaned, char marker, ParsedDocstring& out);  // ':' reST, '@' Epydoc

}  // namespace codetrace
