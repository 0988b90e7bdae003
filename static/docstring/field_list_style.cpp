// Field-list styles: reST/Sphinx (marker ':') and Epydoc (marker '@'), Javadoc's colon-less
// "@param path text" read as Epydoc.
//
//   :param path: Where the CSV file lives.        @param path: Where the CSV file lives.
//   :type path: str                               @type path: str
//   :returns: The parsed orders.                  @return: The parsed orders.
//   :rtype: list[Order]                           @rtype: list[Order]
//   :raises ValueError: On a malformed row.       @raise ValueError: On a malformed row.
//
// reST also writes "..  deprecated:: 2.0" and ".. note::" directives.
#include <map>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "static/docstring/docstring_parser.hpp"
#include "static/docstring/section_text.hpp"

namespace codetrace {
namespace {

struct FieldLine {
  std::string tag;       // "param", "type", "returns", ...
  std::string argument;  // "str path" / "path" / "ValueError" / ""
  std::string body;      // description, continuation lines joined
};

// Javadoc writes Epydoc's fields without the colon: "@param path Where the CSV file lives.",
// "@return The parsed orders.", "@throws ValueError On a malformed row." Only these tags are
// read so, so that prose starting with "@property" is not a field.
bool parse_javadoc_field(std::string_view line, FieldLine& field) {
  size_t space = line.find(' ');
  if (space == std::string_view::npos) return false;
  std::string tag = to_lower(line.substr(1, space - 1));
  std::string_view rest = trim(line.substr(space + 1));
  if (tag == "return" || tag == "returns" || tag == "deprecated") {
    field = {tag, "", std::string(rest)};
    return true;
  }
  if (tag != "param" && tag != "throws" && tag != "exception") return false;
  size_t name_end = rest.find(' ');
  if (name_end == std::string_view::npos || rest.empty()) return false;
  field = {tag, std::string(rest.substr(0, name_end)), std::string(trim(rest.substr(name_end + 1)))};
  return true;
}

// ":param str path: text" -> {param, "str path", text}.
bool parse_field(std::string_view line, char marker, FieldLine& field) {
  if (line.size() < 3 || line[0] != marker) return false;
  size_t end = line.find(':', 1);
  size_t first_space = line.find(' ');
  // "@param path Where it lives: a folder." has its colon after the description's start.
  bool colon_closes_field = end != std::string_view::npos && (marker == ':' || first_space == std::string_view::npos ||
                                                             line.find(' ', first_space + 1) == std::string_view::npos ||
                                                             end < line.find(' ', first_space + 1));
  if (marker == '@' && !colon_closes_field) return parse_javadoc_field(line, field);
  if (end == std::string_view::npos) return false;
  std::string_view inside = line.substr(1, end - 1);
  size_t space = inside.find(' ');
  field.tag = to_lower(inside.substr(0, space));
  field.argument = space == std::string_view::npos ? "" : std::string(trim(inside.substr(space + 1)));
  field.body = std::string(trim(line.substr(end + 1)));
  for (char c : field.tag)
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  return !field.tag.empty();
}

}  // namespace

size_t parse_field_list_sections(std::string_view cleaned, char marker, ParsedDocstring& out) {
  std::vector<std::string_view> lines = split_lines(cleaned);
  std::vector<FieldLine> fields;
  std::vector<std::pair<std::string, std::string>> directives;  // "deprecated"/"note", text
  size_t first = std::string_view::npos;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    FieldLine field;
    bool top = indent_of(line) == 0;
    if (top && parse_field(line, marker, field)) {
      if (first == std::string_view::npos) first = i;
      while (i + 1 < lines.size() && indent_of(lines[i + 1]) > 0 && !trim(lines[i + 1]).empty())
        field.body += " " + std::string(trim(lines[++i]));
      field.body = collapse_whitespace(field.body);
      fields.push_back(std::move(field));
      continue;
    }
    std::string_view t = trim(line);
    if (marker == ':' && top && starts_with(t, "..") && t.find("::") != std::string_view::npos) {
      std::string name = to_lower(trim(t.substr(2, t.find("::") - 2)));
      if (name == "deprecated" || name == "note" || name == "warning" || name == "versionchanged") {
        if (first == std::string_view::npos) first = i;
        std::string head(trim(t.substr(t.find("::") + 2))), text;
        while (i + 1 < lines.size() && (indent_of(lines[i + 1]) > 0 || trim(lines[i + 1]).empty())) {
          ++i;
          if (trim(lines[i]).empty()) {
            if (i + 1 < lines.size() && indent_of(lines[i + 1]) == 0) break;
            continue;
          }
          text += " " + std::string(trim(lines[i]));
        }
        directives.emplace_back(name, name == "deprecated" ? deprecation_text(head, text)
                                                          : collapse_whitespace(head + " " + text));
      }
    }
  }

  std::map<std::string, std::string> param_types;
  std::string rtype, ytype;
  for (const FieldLine& f : fields) {
    const std::string& tag = f.tag;
    if (tag == "param" || tag == "parameter" || tag == "arg" || tag == "argument" || tag == "key" ||
        tag == "keyword" || tag == "kwarg" || tag == "kwparam") {
      DocParam p;
      size_t last_space = f.argument.rfind(' ');
      if (last_space == std::string::npos) {
        p.name = f.argument;
      } else {  // ":param str path:" carries the type inline
        p.name = f.argument.substr(last_space + 1);
        split_type_spec(f.argument.substr(0, last_space), p);
      }
      p.description = f.body;
      p.default_value = default_from_description(p.description);
      if (!p.default_value.empty()) p.optional = true;
      if (!p.name.empty()) out.params.push_back(std::move(p));
    } else if (tag == "type") {
      param_types[f.argument] = f.body;
    } else if (tag == "returns" || tag == "return") {
      out.returns.push_back({"", "", f.body});
    } else if (tag == "rtype") {
      rtype = f.body;
    } else if (tag == "yields" || tag == "yield") {
      out.yields.push_back({"", "", f.body});
    } else if (tag == "ytype") {
      ytype = f.body;
    } else if (tag == "raises" || tag == "raise" || tag == "except" || tag == "exception" || tag == "throws") {
      out.raises.push_back({f.argument, f.body});
    } else if (tag == "var" || tag == "ivar" || tag == "cvar") {
      DocParam a;
      a.name = f.argument;
      a.description = f.body;
      out.attributes.push_back(std::move(a));
    } else if (tag == "deprecated") {
      out.deprecation = f.body;
    } else if (tag == "note" || tag == "warning") {
      out.notes.push_back(f.body);
    } else if (tag == "example") {
      out.examples.push_back(f.body);
    }
  }
  for (DocParam& p : out.params) {
    auto it = param_types.find(p.name);
    if (it == param_types.end()) continue;
    DocParam typed;
    split_type_spec(it->second, typed);
    p.type = typed.type;
    p.optional = p.optional || typed.optional;
  }
  if (!rtype.empty()) {
    if (out.returns.empty()) out.returns.push_back({"", rtype, ""});
    else out.returns.front().type = rtype;
  }
  if (!ytype.empty()) {
    if (out.yields.empty()) out.yields.push_back({"", ytype, ""});
    else out.yields.front().type = ytype;
  }
  for (auto& [name, text] : directives) {
    if (name == "deprecated") out.deprecation = text;
    else if (name == "note" || name == "warning") out.notes.push_back(text);
  }
  return first;
}

}  // namespace codetrace
