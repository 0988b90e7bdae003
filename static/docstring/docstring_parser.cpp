#include "static/docstring/docstring_parser.hpp"

#include "core/text.hpp"
#include "static/docstring/section_text.hpp"

namespace codetrace {

const char* doc_style_name(DocStyle style) {
  switch (style) {
    case DocStyle::Google: return "google";
    case DocStyle::Numpy: return "numpy";
    case DocStyle::Rest: return "rest";
    case DocStyle::Epydoc: return "epydoc";
    case DocStyle::Plain: break;
  }
  return "plain";
}

int ParsedDocstring::section_items() const {
  return static_cast<int>(params.size() + attributes.size() + returns.size() + yields.size() + raises.size() +
                          examples.size() + notes.size()) +
         (deprecation ? 1 : 0);
}

ParsedDocstring parse_docstring_as(std::string_view cleaned, DocStyle style) {
  ParsedDocstring out;
  out.style = style;
  size_t first_section = std::string_view::npos;
  switch (style) {
    case DocStyle::Google: first_section = parse_google_sections(cleaned, out); break;
    case DocStyle::Numpy: first_section = parse_numpy_sections(cleaned, out); break;
    case DocStyle::Rest: first_section = parse_field_list_sections(cleaned, ':', out); break;
    case DocStyle::Epydoc: first_section = parse_field_list_sections(cleaned, '@', out); break;
    case DocStyle::Plain: break;
  }
  split_prose(split_lines(cleaned), first_section, out);
  out.doctests = extract_doctests(cleaned);
  return out;
}

ParsedDocstring parse_docstring(std::string_view cleaned) {
  ParsedDocstring best = parse_docstring_as(cleaned, DocStyle::Plain);
  int best_items = 0;
  for (DocStyle style : {DocStyle::Google, DocStyle::Numpy, DocStyle::Rest, DocStyle::Epydoc}) {
    ParsedDocstring candidate = parse_docstring_as(cleaned, style);
    int items = candidate.section_items();
    if (items > best_items) {  // ties keep the earlier style, as docstring_parser does
      best = std::move(candidate);
      best_items = items;
    }
  }
  return best;
}

}  // namespace codetrace
