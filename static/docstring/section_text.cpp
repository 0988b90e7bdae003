#include "static/docstring/section_text.hpp"

#include <cctype>

#include "core/text.hpp"
#include "static/docstring/markdown.hpp"

namespace codetrace {

void split_type_spec(std::string_view spec_in, DocParam& param) {
  // "string, optional (default='weight')", "int (default: 3)": the parenthesised default is the
  // default, not part of the type.
  std::string spec_text(spec_in);
  size_t paren = to_lower(spec_text).find("(default");
  if (paren != std::string::npos) {
    size_t close = spec_text.rfind(')');
    if (close != std::string::npos && close > paren) {
      std::string_view value = std::string_view(spec_text).substr(paren + 8, close - paren - 8);
      while (!value.empty() && (value.front() == '=' || value.front() == ':' || value.front() == ' ')) value.remove_prefix(1);
      if (starts_with(value, "is ")) value.remove_prefix(3);
      param.default_value = std::string(trim(value));
      param.optional = true;
      spec_text = std::string(trim_right(std::string_view(spec_text).substr(0, paren))) + spec_text.substr(close + 1);
    }
  }
  std::string_view spec = spec_text;
  // Split on top-level commas: "Dict[str, int], optional" -> "Dict[str, int]" + "optional".
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  for (char c : spec) {
    if (c == '[' || c == '(' || c == '{') ++depth;
    if (c == ']' || c == ')' || c == '}') --depth;
    if (c == ',' && depth == 0) {
      parts.emplace_back(trim(current));
      current.clear();
    } else {
      current += c;
    }
  }
  parts.emplace_back(trim(current));
  std::vector<std::string> type_parts;
  for (const std::string& part : parts) {
    std::string lower = to_lower(part);
    if (lower == "optional") {
      param.optional = true;
    } else if (starts_with(lower, "default")) {
      std::string_view rest = std::string_view(part).substr(7);
      while (!rest.empty() && (rest.front() == ':' || rest.front() == '=' || rest.front() == ' ' ||
                               rest.front() == 's'))  // "defaults to"
        rest.remove_prefix(1);
      if (starts_with(rest, "to ")) rest.remove_prefix(3);
      if (starts_with(rest, "is ")) rest.remove_prefix(3);
      param.default_value = std::string(trim(rest));
      param.optional = true;
    } else if (!part.empty()) {
      type_parts.push_back(part);
    }
  }
  param.type = join(type_parts, ", ");
}

std::string default_from_description(std::string_view description) {
  static const char* const markers[] = {"Defaults to ", "defaults to ", "Default is ", "default is ",
                                        "Default: ", "default: ", "(default ", "(default: "};
  for (const char* marker : markers) {
    size_t at = description.find(marker);
    if (at == std::string_view::npos) continue;
    std::string_view rest = description.substr(at + std::string_view(marker).size());
    size_t end = 0;
    int depth = 0;
    for (; end < rest.size(); ++end) {
      char c = rest[end];
      if (c == '(' || c == '[') ++depth;
      if ((c == ')' || c == ']') && depth-- == 0) break;
      if (depth == 0 && (c == ',' || c == ';' || (c == '.' && (end + 1 == rest.size() || rest[end + 1] == ' '))))
        break;
    }
    std::string value(trim(rest.substr(0, end)));
    if (value.size() >= 2 && value.front() == '`' && value.back() == '`') {
      while (!value.empty() && value.front() == '`') value.erase(0, 1);
      while (!value.empty() && value.back() == '`') value.pop_back();
    }
    return value;
  }
  return "";
}

std::vector<Doctest> extract_doctests(std::string_view cleaned) {
  std::vector<Doctest> out;
  std::vector<std::string_view> lines = split_lines(cleaned);
  for (size_t i = 0; i < lines.size();) {
    std::string_view line = trim(lines[i]);
    if (!starts_with(line, ">>>")) {
      ++i;
      continue;
    }
    size_t indent = indent_of(lines[i]);
    Doctest test;
    test.line_offset = static_cast<int>(i);
    test.source = std::string(trim(line.substr(3)));
    ++i;
    while (i < lines.size() && starts_with(trim(lines[i]), "...") && indent_of(lines[i]) == indent) {
      std::string_view cont = trim(lines[i]).substr(3);
      if (!cont.empty() && cont.front() == ' ') cont.remove_prefix(1);
      test.source += "\n" + std::string(trim_right(cont));
      ++i;
    }
    std::vector<std::string> expected;
    while (i < lines.size() && !trim(lines[i]).empty() && !starts_with(trim(lines[i]), ">>>")) {
      std::string_view out_line = lines[i];
      out_line = out_line.size() > indent ? out_line.substr(std::min(indent, indent_of(out_line))) : trim(out_line);
      expected.emplace_back(trim_right(out_line));
      ++i;
    }
    test.expected = join(expected, "\n");
    if (!test.source.empty()) out.push_back(std::move(test));
  }
  return out;
}

void split_prose(const std::vector<std::string_view>& lines, size_t first_section_line, ParsedDocstring& out) {
  size_t end = std::min(first_section_line, lines.size());
  std::vector<std::string> blocks = markdown_blocks(std::vector<std::string_view>(lines.begin(), lines.begin() + static_cast<long>(end)));
  if (blocks.empty()) return;
  if (!starts_with(blocks.front(), "```")) {  // the summary is prose, never a code block
    out.summary = blocks.front();
    blocks.erase(blocks.begin());
  }
  out.description = join(blocks, "\n\n");
}

std::string deprecation_text(std::string_view version, std::string_view explanation) {
  std::string v(trim(version)), e = collapse_whitespace(explanation);
  if (v.empty()) return e;
  return "since version " + v + (e.empty() ? "" : ": " + e);
}

std::string section_kind(std::string_view title) {
  std::string t = to_lower(trim(title));
  if (t == "args" || t == "arguments" || t == "parameters" || t == "params" || t == "parameter" ||
      t == "keyword args" || t == "keyword arguments" || t == "kwargs" || t == "other parameters" ||
      t == "other params" || t == "other args" || t == "other arguments" || t == "keyword parameters")
    return "params";
  if (t == "returns" || t == "return") return "returns";
  if (t == "yields" || t == "yield") return "yields";
  if (t == "raises" || t == "raise" || t == "exceptions" || t == "except" || t == "throws") return "raises";
  if (t == "example" || t == "examples") return "examples";
  if (t == "note" || t == "notes" || t == "warning" || t == "warnings") return "notes";
  if (t == "attributes" || t == "attribute") return "attributes";
  if (t == "deprecated") return "deprecated";
  if (t == "see also" || t == "references" || t == "todo" || t == "methods" || t == "warns" ||
      t == "receives" || t == "tip" || t == "hint" || t == "important")
    return "other";
  return "";
}

}  // namespace codetrace
