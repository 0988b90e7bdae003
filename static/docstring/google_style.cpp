// Google style: a section is a title line ending in ':' ("Args:", "Returns:") at the docstring's
// base indentation; its content is indented below it. Items of Args/Raises/Attributes are the
// least-indented lines of the block, their descriptions continue on deeper lines:
//
//   Args:
//       path (str): Where the CSV file lives.
//       limit (int, optional): At most this many rows. Defaults to 100.
//   Returns:
//       list[Order]: The parsed orders.
#include <string>
#include <vector>

#include "core/text.hpp"
#include "static/docstring/docstring_parser.hpp"
#include "static/docstring/section_text.hpp"

namespace codetrace {
namespace {

struct Section {
  std::string kind;
  std::string inline_text;                // text after "Returns:" on the title line
  std::vector<std::string_view> content;  // the indented lines below the title
};

// "Args:" -> kind; "Returns: the total." -> kind + inline text. Only at indentation 0.
bool section_title(std::string_view line, std::string& kind, std::string& inline_text) {
  if (line.empty() || line[0] == ' ' || line[0] == '\t') return false;
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string candidate = section_kind(line.substr(0, colon));
  if (candidate.empty()) return false;
  std::string_view rest = trim(line.substr(colon + 1));
  if (!rest.empty() && (candidate == "params" || candidate == "raises" || candidate == "attributes" ||
                        candidate == "other"))
    return false;  // "Args: x" on one line is prose, not a section
  if (starts_with(rest, ":")) return false;  // reST "::" literal block
  kind = candidate;
  inline_text = std::string(rest);
  return true;
}

// Groups a block into items: each least-indented line starts an item; deeper lines continue it.
std::vector<std::pair<std::string, std::string>> items_of(const std::vector<std::string_view>& content) {
  size_t base = std::string_view::npos;
  for (std::string_view line : content)
    if (!trim(line).empty()) base = std::min(base, indent_of(line));
  std::vector<std::pair<std::string, std::string>> items;  // head line, continuation text
  for (std::string_view line : content) {
    std::string_view text = trim(line);
    if (text.empty()) continue;
    if (indent_of(line) == base || items.empty()) items.emplace_back(std::string(text), "");
    else items.back().second += " " + std::string(text);
  }
  return items;
}

// "name (type, optional): description" -> DocParam.
DocParam param_item(const std::string& head, const std::string& more) {
  DocParam p;
  size_t colon = std::string::npos;
  int depth = 0;
  for (size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '(' || head[i] == '[') ++depth;
    if (head[i] == ')' || head[i] == ']') --depth;
    if (head[i] == ':' && depth == 0) {
      colon = i;
      break;
    }
  }
  std::string_view left = colon == std::string::npos ? std::string_view(head) : std::string_view(head).substr(0, colon);
  std::string_view desc = colon == std::string::npos ? std::string_view() : std::string_view(head).substr(colon + 1);
  size_t paren = left.find('(');
  if (paren != std::string_view::npos && left.back() == ')') {
    p.name = std::string(trim(left.substr(0, paren)));
    split_type_spec(left.substr(paren + 1, left.size() - paren - 2), p);
  } else {
    p.name = std::string(trim(left));
  }
  p.description = collapse_whitespace(std::string(desc) + more);
  if (p.default_value.empty()) p.default_value = default_from_description(p.description);
  return p;
}

// "type: description" or just "description" for Returns/Yields.
DocReturn return_item(const std::string& text) {
  DocReturn r;
  size_t colon = std::string::npos;
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '[' || c == '(') ++depth;
    if (c == ']' || c == ')') --depth;
    if (c == ':' && depth == 0) {
      colon = i;
      break;
    }
    if (c == ' ' && depth == 0 && text.compare(i, 4, " of ") != 0 && text.compare(i, 4, " or ") != 0 &&
        (i < 3 || (text.compare(i - 3, 4, " of ") != 0 && text.compare(i - 3, 4, " or ") != 0)))
      break;  // a space outside brackets: prose, not a type
  }
  if (colon != std::string::npos && colon > 0 && colon + 1 < text.size()) {
    r.type = std::string(trim(std::string_view(text).substr(0, colon)));
    r.description = collapse_whitespace(std::string_view(text).substr(colon + 1));
  } else {
    r.description = collapse_whitespace(text);
  }
  return r;
}

std::string block_text(const Section& s, bool keep_lines) {
  std::vector<std::string> parts;
  if (!s.inline_text.empty()) parts.push_back(s.inline_text);
  size_t base = std::string_view::npos;
  for (std::string_view line : s.content)
    if (!trim(line).empty()) base = std::min(base, indent_of(line));
  for (std::string_view line : s.content)
    parts.emplace_back(trim_right(line.size() > base ? line.substr(base) : trim(line)));
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  std::string text = join(parts, "\n");
  return keep_lines ? text : collapse_whitespace(text);
}

}  // namespace

size_t parse_google_sections(std::string_view cleaned, ParsedDocstring& out) {
  std::vector<std::string_view> lines = split_lines(cleaned);
  std::vector<Section> sections;
  size_t first = std::string_view::npos;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string kind, inline_text;
    if (section_title(lines[i], kind, inline_text)) {
      if (first == std::string_view::npos) first = i;
      sections.push_back({kind, inline_text, {}});
    } else if (!sections.empty()) {
      std::string_view line = lines[i];
      if (!trim(line).empty() && indent_of(line) == 0) {
        sections.push_back({"", "", {}});  // prose after a section ends it
        continue;
      }
      sections.back().content.push_back(line);
    }
  }
  for (const Section& s : sections) {
    if (s.kind == "params" || s.kind == "attributes") {
      for (const auto& [head, more] : items_of(s.content))
        (s.kind == "params" ? out.params : out.attributes).push_back(param_item(head, more));
    } else if (s.kind == "raises") {
      for (const auto& [head, more] : items_of(s.content)) {
        size_t colon = head.find(':');
        DocRaise r;
        r.type = std::string(trim(std::string_view(head).substr(0, colon)));
        if (colon != std::string::npos) r.description = collapse_whitespace(head.substr(colon + 1) + more);
        out.raises.push_back(std::move(r));
      }
    } else if (s.kind == "returns" || s.kind == "yields") {
      std::string text = block_text(s, false);
      if (!text.empty()) (s.kind == "returns" ? out.returns : out.yields).push_back(return_item(text));
    } else if (s.kind == "examples") {
      std::string text = block_text(s, true);
      if (!text.empty()) out.examples.push_back(text);
    } else if (s.kind == "notes") {
      std::string text = block_text(s, false);
      if (!text.empty()) out.notes.push_back(text);
    } else if (s.kind == "deprecated") {
      out.deprecation = block_text(s, false);
    }
  }
  return first;
}

}  // namespace codetrace
