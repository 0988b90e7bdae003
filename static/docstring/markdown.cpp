#include "static/docstring/markdown.hpp"

#include <cctype>
#include <set>

#include "core/text.hpp"

namespace codetrace {
namespace {

bool is_role_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '+'; }

// The text a role shows: "title <target>" -> title; "~pkg.mod.Name" -> Name; "!Name" -> Name.
std::string role_text(std::string_view content) {
  std::string_view c = trim(content);
  size_t open = c.rfind('<');
  if (open != std::string_view::npos && !c.empty() && c.back() == '>' && open > 0) return std::string(trim(c.substr(0, open)));
  if (!c.empty() && c.front() == '!') c.remove_prefix(1);
  if (!c.empty() && c.front() == '.') c.remove_prefix(1);  // Sphinx's relative target (:exc:`.SecurityError`)
  if (!c.empty() && c.front() == '~') {
    c.remove_prefix(1);
    size_t dot = c.rfind('.');
    if (dot != std::string_view::npos) c = c.substr(dot + 1);
  }
  return std::string(c);
}

// :role:`content` and :domain:role:`content` at `at` (a ':'): the code span it stands for, and
// how many characters it took; 0 when there is no role there.
size_t role_at(std::string_view s, size_t at, std::string& out) {
  size_t i = at;
  std::string role;
  while (i < s.size() && s[i] == ':') {  // ":name:", repeated for a domain (":py:class:")
    size_t start = i + 1, j = start;
    while (j < s.size() && is_role_char(s[j])) ++j;
    if (j == start || j >= s.size() || s[j] != ':') return 0;
    role = std::string(s.substr(start, j - start));
    i = j + 1;
    if (i < s.size() && s[i] == '`') break;
    if (i < s.size() && is_role_char(s[i])) {
      i = j;  // the ':' that closed this part opens the next
      continue;
    }
    return 0;
  }
  if (i >= s.size() || s[i] != '`') return 0;
  size_t close = s.find('`', i + 1);
  if (close == std::string_view::npos) return 0;
  std::string text = role_text(s.substr(i + 1, close - i - 1));
  static const std::set<std::string> prose_roles = {"ref", "doc", "term", "abbr", "dfn", "sup", "sub", "numref", "pep", "rfc"};
  if (role == "pep") text = "PEP " + text;
  else if (role == "rfc") text = "RFC " + text;
  out = prose_roles.count(role) ? text : "`" + text + "`";
  return close + 1 - at;
}

// Epydoc's X{...} with its braces balanced: C{code}, L{link}, I{italic}, B{bold}, U{url}, M{math},
// E{lb}/E{rb}. 0 when there is none at `at`.
size_t epydoc_at(std::string_view s, size_t at, std::string& out) {
  if (at + 2 >= s.size() || s[at + 1] != '{' || std::string_view("CLIBUMVE").find(s[at]) == std::string_view::npos) return 0;
  if (at > 0 && std::isalnum(static_cast<unsigned char>(s[at - 1]))) return 0;
  int depth = 0;
  size_t close = at + 1;
  for (; close < s.size(); ++close) {
    if (s[close] == '{') ++depth;
    if (s[close] == '}' && --depth == 0) break;
  }
  if (close >= s.size()) return 0;
  std::string inner = inline_markdown(s.substr(at + 2, close - at - 2));
  switch (s[at]) {
    case 'C': case 'M': case 'V': out = "`" + inner + "`"; break;
    case 'L': out = "`" + role_text(inner) + "`"; break;
    case 'I': out = "*" + inner + "*"; break;
    case 'B': out = "**" + inner + "**"; break;
    case 'E': out = inner == "lb" ? "{" : inner == "rb" ? "}" : inner; break;
    default: out = inner;
  }
  return close + 1 - at;
}

bool is_rule(std::string_view t) {
  if (t.size() < 3) return false;
  char c = t.front();
  if (std::string_view("=-~^\"'`#*+_:.").find(c) == std::string_view::npos) return false;
  for (char d : t)
    if (d != c) return false;
  return true;
}

bool is_list_item(std::string_view t) {
  if (t.size() < 2) return false;
  if ((t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') return true;
  size_t n = 0;
  while (n < t.size() && std::isdigit(static_cast<unsigned char>(t[n]))) ++n;
  if (n == 0 && t[0] == '#') n = 1;
  return n > 0 && n + 1 < t.size() && (t[n] == '.' || t[n] == ')') && t[n + 1] == ' ';
}

std::string fenced(const std::vector<std::string_view>& lines, size_t from, size_t to, const std::string& language) {
  size_t common = std::string::npos;
  for (size_t i = from; i < to; ++i)
    if (!trim(lines[i]).empty()) common = std::min(common, indent_of(lines[i]));
  std::vector<std::string> body;
  for (size_t i = from; i < to; ++i) body.emplace_back(trim(lines[i]).empty() ? std::string_view() : lines[i].substr(std::min(common, lines[i].size())));
  while (!body.empty() && body.back().empty()) body.pop_back();
  while (!body.empty() && body.front().empty()) body.erase(body.begin());
  if (body.empty()) return "";
  return "```" + language + "\n" + join(body, "\n") + "\n```";
}

// The end of the block indented more than `indent` that starts at `from` (blank lines inside it
// belong to it).
size_t indented_block_end(const std::vector<std::string_view>& lines, size_t from, size_t indent) {
  size_t end = from;
  for (size_t i = from; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) continue;
    if (indent_of(lines[i]) <= indent) break;
    end = i + 1;
  }
  return end;
}

// A reST footnote or citation reference at `i` ("[1]_", "[#]_", "[Newman2003]_"): its length,
// 0 when there is none. The note it points to is not part of the text.
size_t footnote_reference_at(std::string_view s, size_t i) {
  size_t close = s.find(']', i + 1);
  if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != '_' || close == i + 1) return 0;
  for (size_t k = i + 1; k < close; ++k)
    if (!(std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '#' || s[k] == '-' || s[k] == '_')) return 0;
  if (close + 2 < s.size() && (std::isalnum(static_cast<unsigned char>(s[close + 2])) || s[close + 2] == '_')) return 0;
  return close + 2 - i;
}

// A Markdown reference link to an API object ("[`ConfigDict`][pydantic.config.ConfigDict]", as
// mkdocstrings writes them): its code span, the target being documentation elsewhere.
size_t reference_link_at(std::string_view s, size_t i, std::string& piece) {
  if (i + 1 >= s.size() || s[i + 1] != '`') return 0;
  size_t close_code = s.find('`', i + 2);
  if (close_code == std::string_view::npos || close_code + 2 >= s.size() || s[close_code + 1] != ']' || s[close_code + 2] != '[') return 0;
  size_t label_end = s.find(']', close_code + 3);
  if (label_end == std::string_view::npos) return 0;
  for (size_t k = close_code + 3; k < label_end; ++k)
    if (!(std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '.' || s[k] == '_')) return 0;
  piece = std::string(s.substr(i + 1, close_code - i));
  return label_end + 1 - i;
}

// A paragraph that is only a Markdown link ("[Fields](../concepts/fields.md)"): a pointer to
// documentation elsewhere, nothing to read here.
bool only_a_link(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.front() != '[' || text.back() != ')') return false;
  size_t mid = text.find("](");
  return mid != std::string_view::npos && text.find("](", mid + 2) == std::string_view::npos && text.find(']') == mid;
}

// A copyright or license notice ("Copyright (c) 2015 ...", "Redistribution and use in source and
// binary forms ...") is metadata, like a `:license:` field: never prose to answer with. `started`:
// a notice began in an earlier block, and this one (a clause, a disclaimer) goes on with it.
bool license_text(const std::string& text, bool started) {
  std::string lower = to_lower(text);
  if (starts_with(lower, "copyright ") || starts_with(lower, "(c) ") || starts_with(text, "\u00a9")) return true;
  for (const char* phrase : {"redistribution and use in source and binary forms", "permission is hereby granted",
                             "this software is provided", "licensed under the", "spdx-license-identifier"})
    if (lower.find(phrase) != std::string::npos) return true;
  if (!started) return false;
  for (const char* word : {"copyright", "licens", "warrant", "liab", "redistribut", "disclaim"})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

// A field with no body (":private:", ":meta private:", ":noindex:"): Sphinx metadata.
bool bare_field(std::string_view text) {
  text = trim(text);
  if (text.size() < 3 || text.front() != ':' || text.back() != ':') return false;
  for (size_t k = 1; k + 1 < text.size(); ++k)
    if (!(std::isalnum(static_cast<unsigned char>(text[k])) || text[k] == ' ' || text[k] == '-' || text[k] == '_')) return false;
  return true;
}

}  // namespace

std::string inline_markdown(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    std::string piece;
    size_t taken = 0;
    if (s[i] == ':' ) taken = role_at(s, i, piece);
    else if (s[i] == '`' && i + 1 < s.size() && s[i + 1] == '`') {  // ``literal``
      size_t close = s.find("``", i + 2);
      if (close != std::string_view::npos) {
        piece = "`" + std::string(s.substr(i + 2, close - i - 2)) + "`";
        taken = close + 2 - i;
      }
    } else if (s[i] == '`' && i + 1 < s.size() && s[i + 1] != ' ') {  // `text <url>`_ and `text`_ references
      size_t close = s.find('`', i + 1);
      size_t after = close == std::string_view::npos ? 0 : close + 1 + (close + 2 < s.size() && s[close + 2] == '_');
      bool reference = close != std::string_view::npos && close + 1 < s.size() && s[close + 1] == '_' &&
                       (after + 1 >= s.size() || !std::isalnum(static_cast<unsigned char>(s[after + 1])));
      if (reference) {
        std::string_view inner = s.substr(i + 1, close - i - 1);
        size_t open = inner.rfind('<');
        piece = open != std::string_view::npos && !inner.empty() && inner.back() == '>'
                    ? std::string(trim(inner.substr(0, open))) + " (" + std::string(inner.substr(open + 1, inner.size() - open - 2)) + ")"
                    : std::string(inner);
        taken = close + 2 - i + (close + 2 < s.size() && s[close + 2] == '_');
      }
    } else if (s[i] == '[' && (taken = reference_link_at(s, i, piece)) != 0) {
    } else if (s[i] == '[' && (taken = footnote_reference_at(s, i)) != 0) {
      while (!out.empty() && out.back() == ' ') out.pop_back();  // "dynamics [1]_." -> "dynamics."
    } else {
      taken = epydoc_at(s, i, piece);
    }
    if (taken) {
      out += piece;
      i += taken;
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::vector<std::string> markdown_blocks(const std::vector<std::string_view>& lines) {
  static const std::set<std::string> dropped = {"versionadded", "versionchanged", "deprecated", "image", "figure", "toctree",
                                                "autosummary", "index", "only", "highlight", "currentmodule", "module",
                                                "testsetup", "testcleanup", "plot", "include", "literalinclude", "raw",
                                                "automodule", "autoclass", "autofunction", "automethod", "contents"};
  static const std::set<std::string> code = {"code-block", "code", "sourcecode", "doctest", "testcode", "math", "parsed-literal",
                                             "ipython"};
  std::vector<std::string> blocks;
  bool in_license = false;  // the blocks of a copyright notice, dropped
  for (size_t i = 0; i < lines.size();) {
    std::string_view t = trim(lines[i]);
    size_t indent = indent_of(lines[i]);
    if (t.empty() || is_rule(t)) {  // blank, or the over/underline of a heading
      ++i;
      continue;
    }
    if (i + 1 < lines.size() && is_rule(trim(lines[i + 1])) && trim(lines[i + 1]).size() + 2 >= t.size()) {  // a heading
      blocks.push_back(inline_markdown(t));
      i += 2;
      continue;
    }
    if (starts_with(t, "```") || starts_with(t, "~~~")) {  // a Markdown fence already: kept as written
      std::string fence(t.substr(0, 3));
      size_t end = i + 1;
      while (end < lines.size() && !starts_with(trim(lines[end]), fence)) ++end;
      std::string language(trim(t.substr(3)));
      language = language.substr(0, language.find_first_of(" {"));
      std::string block = fenced(lines, i + 1, std::min(end, lines.size()), language);
      if (!block.empty()) blocks.push_back(block);
      i = std::min(end + 1, lines.size());
      continue;
    }
    if (starts_with(t, "!!! ") || starts_with(t, "??? ") || starts_with(t, "???+ ")) {
      // An MkDocs admonition (`!!! note "Title"` over an indented body): its body is text, with
      // "Note:" before it for the kinds that warn; a body that only links elsewhere is dropped.
      size_t end = indented_block_end(lines, i + 1, indent);
      std::string_view head = trim(t.substr(t.find(' ') + 1));
      std::string kind = to_lower(head.substr(0, head.find_first_of(" \"")));
      std::vector<std::string> inner = markdown_blocks(std::vector<std::string_view>(lines.begin() + static_cast<long>(i + 1), lines.begin() + static_cast<long>(end)));
      bool warns = kind == "note" || kind == "warning" || kind == "danger" || kind == "caution" || kind == "important" || kind == "attention";
      for (std::string& b : inner) {
        if (only_a_link(b)) continue;
        if (warns && !starts_with(b, "```")) b = std::string(1, static_cast<char>(std::toupper(kind[0]))) + kind.substr(1) + ": " + b, warns = false;
        blocks.push_back(std::move(b));
      }
      i = std::max(end, i + 1);
      continue;
    }
    if (starts_with(t, ">>>")) {
      // Examples are not prose: skipped, with their output. But a paragraph that introduces one
      // ("... is called as follows:", "... can be accessed, for example, as") keeps it, as code,
      // or the text would point at nothing.
      size_t end = i;
      while (end < lines.size() && !trim(lines[end]).empty()) ++end;
      bool introduced = !blocks.empty() && !starts_with(blocks.back(), "```") &&
                        (ends_with(blocks.back(), ":") || std::string(".!?)").find(blocks.back().back()) == std::string::npos);
      if (introduced) {
        std::string block = fenced(lines, i, end, "pycon");
        if (!block.empty()) blocks.push_back(block);
      }
      i = end;
      continue;
    }
    if (starts_with(t, "..")) {  // a directive, a comment, a label or a footnote, with its body
      size_t end = indented_block_end(lines, i + 1, indent);
      std::string_view rest = trim(t.substr(2));
      size_t colons = rest.find("::");
      std::string name = colons == std::string_view::npos ? "" : to_lower(trim(rest.substr(0, colons)));
      std::string argument = colons == std::string_view::npos ? "" : std::string(trim(rest.substr(colons + 2)));
      if (code.count(name)) {
        std::string block = fenced(lines, i + 1, end, name == "math" ? "math" : name == "doctest" || name == "testcode" ? "python" : argument);
        if (name == "math" && !argument.empty()) block = "```math\n" + argument + "\n```";
        if (!block.empty()) blocks.push_back(block);
      } else if (!name.empty() && !dropped.count(name) && name[0] != '_' && name[0] != '[' && name[0] != '|') {
        std::string body = argument;
        for (size_t j = i + 1; j < end; ++j) body += " " + std::string(trim(lines[j]));
        std::string title = name == "seealso" ? "See also" : name == "admonition" ? "" : std::string(1, static_cast<char>(std::toupper(name[0]))) + name.substr(1);
        body = inline_markdown(collapse_whitespace(body));
        if (!body.empty()) blocks.push_back(title.empty() ? body : title + ": " + body);
      }
      i = std::max(end, i + 1);
      continue;
    }
    if (is_list_item(t)) {  // a list: one line per item, continuation lines joined into it
      std::vector<std::string> items;
      while (i < lines.size()) {
        std::string_view item = trim(lines[i]);
        if (item.empty() || indent_of(lines[i]) != indent || !is_list_item(item)) break;
        std::string text(item);
        size_t j = i + 1;
        for (; j < lines.size() && !trim(lines[j]).empty() && indent_of(lines[j]) > indent; ++j) text += " " + std::string(trim(lines[j]));
        bool bullet = item[0] == '-' || item[0] == '*' || item[0] == '+';
        std::string marker = bullet ? "- " : std::string(item.substr(0, item.find(' ') + 1));
        if (marker == "#. ") marker = std::to_string(items.size() + 1) + ". ";
        items.push_back(marker + inline_markdown(collapse_whitespace(std::string_view(text).substr(item.find(' ') + 1))));
        i = j;
        while (i < lines.size() && trim(lines[i]).empty() && i + 1 < lines.size() && indent_of(lines[i + 1]) == indent &&
               is_list_item(trim(lines[i + 1])))
          ++i;  // a blank line between items
      }
      std::string list = join(items, "\n");
      in_license = license_text(list, in_license);
      if (!in_license) blocks.push_back(std::move(list));
      continue;
    }
    // A paragraph: up to a blank line, a list or a directive at its indentation.
    std::string text;
    size_t j = i;
    for (; j < lines.size(); ++j) {
      std::string_view l = trim(lines[j]);
      if (l.empty() || (j > i && indent_of(lines[j]) <= indent && (is_list_item(l) || starts_with(l, "..") || starts_with(l, ">>>"))) ||
          (j > i && starts_with(l, "```")))
        break;
      text += (text.empty() ? "" : " ") + std::string(l);
    }
    text = collapse_whitespace(text);
    i = j;
    // A field list in the prose is metadata (":copyright: (c) 2012 ...", ":license: ..."), not text.
    if (starts_with(text, ":") && text.find(": ", 1) != std::string::npos && text.find(": ", 1) < 20 && text.find('`') > text.find(": ", 1))
      continue;
    if (bare_field(text)) continue;
    in_license = license_text(text, in_license);
    if (in_license) continue;
    if (ends_with(text, "::")) {  // a literal block follows
      text = text == "::" ? "" : text.substr(0, text.size() - (ends_with(text, " ::") ? 3 : 1));
      while (i < lines.size() && trim(lines[i]).empty()) ++i;
      size_t end = indented_block_end(lines, i, indent);
      if (!text.empty()) blocks.push_back(inline_markdown(text));
      std::string block = fenced(lines, i, end, "");
      if (!block.empty()) blocks.push_back(block);
      i = std::max(end, i);
      continue;
    }
    blocks.push_back(inline_markdown(text));
  }
  return blocks;
}

}  // namespace codetrace
