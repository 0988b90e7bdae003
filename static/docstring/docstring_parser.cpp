#include "static/docstring/docstring_parser.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "static/docstring/markdown.hpp"
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
  // Section texts are written in answers: their inline markup as Markdown too. A type is code
  // already (the answers quote it): its markup goes entirely (":class:`int`" -> "int").
  auto plain_type = [](const std::string& type) {
    std::string t = inline_markdown(type);
    t.erase(std::remove(t.begin(), t.end(), '`'), t.end());
    return t;
  };
  for (std::vector<DocParam>* list : {&out.params, &out.attributes})
    for (DocParam& p : *list) {
      p.description = inline_markdown(p.description);
      p.type = plain_type(p.type);
    }
  for (std::vector<DocReturn>* list : {&out.returns, &out.yields})
    for (DocReturn& r : *list) {
      r.description = inline_markdown(r.description);
      r.type = plain_type(r.type);
      r.name = plain_type(r.name);
    }
  for (DocRaise& r : out.raises) {
    r.description = inline_markdown(r.description);
    r.type = plain_type(r.type);
  }
  for (std::string& n : out.notes) n = inline_markdown(n);
  if (out.deprecation) out.deprecation = inline_markdown(*out.deprecation);
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
