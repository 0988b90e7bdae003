// NumPy style: a section title is underlined with dashes; items sit at the base indentation
// with their descriptions indented below:
//
//   Parameters
//   ----------
//   orders : list of Order
//       The orders to total.
//   rate : float, optional
//       Tax rate, by default 0.2.
//
//   Returns
//   -------
//   float
//       The total including tax.
#include <string>
#include <vector>

#include "core/text.hpp"
#include "static/docstring/docstring_parser.hpp"
#include "static/docstring/section_text.hpp"

#include <algorithm>
#include <cctype>

namespace codetrace {
namespace {

bool is_underline(std::string_view line) {
  std::string_view t = trim(line);
  if (t.size() < 3) return false;
  for (char c : t)
    if (c != '-' && c != '=') return false;
  return true;
}

struct Item {
  std::string head;
  std::string description;
};

std::vector<Item> items_of(const std::vector<std::string_view>& content) {
  std::vector<Item> items;
  for (std::string_view line : content) {
    std::string_view text = trim(line);
    if (text.empty()) continue;
    if (indent_of(line) == 0 || items.empty()) items.push_back({std::string(text), ""});
    else items.back().description += " " + std::string(text);
  }
  for (Item& item : items) item.description = collapse_whitespace(item.description);
  return items;
}

std::string text_of(const std::vector<std::string_view>& content, bool keep_lines) {
  std::vector<std::string> parts;
  for (std::string_view line : content) parts.emplace_back(trim_right(line));
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  while (!parts.empty() && parts.front().empty()) parts.erase(parts.begin());
  std::string text = join(parts, "\n");
  return keep_lines ? text : collapse_whitespace(text);
}

}  // namespace

size_t parse_numpy_sections(std::string_view cleaned, ParsedDocstring& out) {
  std::vector<std::string_view> lines = split_lines(cleaned);
  struct Section {
    std::string kind;
    std::vector<std::string_view> content;
  };
  std::vector<Section> sections;
  size_t first = std::string_view::npos;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (i + 1 < lines.size() && indent_of(line) == 0 && !trim(line).empty() && is_underline(lines[i + 1])) {
      std::string kind = section_kind(line);
      if (!kind.empty()) {
        if (first == std::string_view::npos) first = i;
        sections.push_back({kind, {}});
        ++i;  // skip the underline
        continue;
      }
    }
    std::string_view t = trim(line);
    if (starts_with(t, ".. deprecated::") && indent_of(line) == 0) {
      if (first == std::string_view::npos) first = i;
      std::string version(trim(t.substr(15))), text;
      while (i + 1 < lines.size() && (trim(lines[i + 1]).empty() || indent_of(lines[i + 1]) > 0)) {
        if (!trim(lines[i + 1]).empty()) text += " " + std::string(trim(lines[i + 1]));
        ++i;
        if (i + 1 < lines.size() && trim(lines[i]).empty()) break;
      }
      out.deprecation = deprecation_text(version, text);
      continue;
    }
    if (!sections.empty()) sections.back().content.push_back(line);
  }
  for (const Section& s : sections) {
    if (s.kind == "params" || s.kind == "attributes") {
      for (const Item& item : items_of(s.content)) {
        // "x, y : int" documents two parameters.
        size_t colon = item.head.find(" :");
        if (colon == std::string::npos && !item.head.empty() && item.head.back() == ':') colon = item.head.size() - 1;
        std::string names = item.head.substr(0, colon);
        std::string spec = colon == std::string::npos ? "" : item.head.substr(colon + (item.head[colon] == ':' ? 1 : 2));
        std::string_view rest = names;
        while (!rest.empty()) {
          size_t comma = rest.find(',');
          DocParam p;
          p.name = std::string(trim(rest.substr(0, comma)));
          split_type_spec(trim(spec), p);
          p.description = item.description;
          if (p.default_value.empty()) p.default_value = default_from_description(p.description);
          if (!p.name.empty()) (s.kind == "params" ? out.params : out.attributes).push_back(std::move(p));
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
      }
    } else if (s.kind == "returns" || s.kind == "yields") {
      for (const Item& item : items_of(s.content)) {
        DocReturn r;
        // "name : type", or "name: type" when what stands before the colon is a name or a tuple of
        // names ("(hubs, authorities) : two-tuple of dictionaries"), not prose
        // or a role such as ":class:`Graph` or list of").
        size_t colon = item.head.find(" :");
        if (colon == std::string::npos) {
          size_t tight = item.head.find(": ");
          if (tight != std::string::npos) colon = tight;
        }
        auto is_name = [](std::string_view n) {
          n = trim(n);
          return !n.empty() && std::all_of(n.begin(), n.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ',' || c == ' ' || c == '*' || c == '(' || c == ')'; }) &&
                 words(n).size() <= 3;
        };
        if (colon != std::string::npos && !is_name(std::string_view(item.head).substr(0, colon))) colon = std::string::npos;
        if (colon != std::string::npos) {
          r.name = std::string(trim(std::string_view(item.head).substr(0, colon)));
          r.type = std::string(trim(std::string_view(item.head).substr(colon + 1)));
          while (!r.type.empty() && r.type.front() == ':') r.type = std::string(trim(std::string_view(r.type).substr(1)));
        } else {
          r.type = item.head;
        }
        r.description = item.description;
        // A head that is a sentence ("The object that results from next(iter(iterable))", "If a
        // single node is requested") is prose, not a type: it joins the description.
        if (words(r.type).size() >= 4 && r.name.empty()) {
          r.description = r.description.empty() ? r.type : r.type + " " + r.description;
          r.type.clear();
        }
        (s.kind == "returns" ? out.returns : out.yields).push_back(std::move(r));
      }
    } else if (s.kind == "raises") {
      for (const Item& item : items_of(s.content)) out.raises.push_back({item.head, item.description});
    } else if (s.kind == "examples") {
      std::string text = text_of(s.content, true);
      if (!text.empty()) out.examples.push_back(text);
    } else if (s.kind == "notes") {
      std::string text = text_of(s.content, false);
      if (!text.empty()) out.notes.push_back(text);
    } else if (s.kind == "deprecated") {
      out.deprecation = text_of(s.content, false);
    }
  }
  return first;
}

}  // namespace codetrace
