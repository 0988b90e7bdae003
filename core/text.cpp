#include "core/text.hpp"

#include <algorithm>
#include <cctype>

namespace codetrace {
namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return trim_right(s);
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += separator;
    out += parts[i];
  }
  return out;
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

size_t indent_of(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

std::string clean_docstring(std::string_view raw) {
  // Tabs are expanded to 8 columns first, as str.expandtabs() does in inspect.cleandoc.
  std::string expanded;
  expanded.reserve(raw.size());
  size_t column = 0;
  for (char c : raw) {
    if (c == '\t') {
      size_t spaces = 8 - column % 8;
      expanded.append(spaces, ' ');
      column += spaces;
    } else {
      expanded += c;
      column = c == '\n' ? 0 : column + 1;
    }
  }
  std::vector<std::string_view> lines = split_lines(expanded);
  if (!expanded.empty() && expanded.back() == '\n') lines.emplace_back();
  size_t margin = std::string_view::npos;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view content = trim(lines[i]);
    if (content.empty()) continue;
    margin = std::min(margin, indent_of(lines[i]));
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (i == 0) line = trim(line);
    else if (margin != std::string_view::npos) line = line.size() > margin ? line.substr(margin) : std::string_view();
    out.emplace_back(trim_right(line));
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  size_t first = 0;
  while (first < out.size() && out[first].empty()) ++first;
  out.erase(out.begin(), out.begin() + static_cast<long>(first));
  return join(out, "\n");
}

size_t find_invalid_utf8(std::string_view bytes) {
  size_t i = 0;
  const size_t n = bytes.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned min = 0;
    if ((c & 0xE0) == 0xC0) len = 2, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, min = 0x10000;
    else return i;
    if (i + len > n) return i;
    unsigned cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(bytes[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  auto is_word = [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) || c == '_';
  };
  while (i < text.size()) {
    while (i < text.size() && !is_word(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && is_word(text[i])) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

std::string first_sentence(std::string_view paragraph) {
  for (size_t i = 0; i + 1 < paragraph.size(); ++i) {
    if (paragraph[i] == '.' && (paragraph[i + 1] == ' ' || paragraph[i + 1] == '\n')) {
      // "e.g. " and "i.e. " do not end a sentence.
      if (i >= 3 && (paragraph.substr(i - 3, 4) == "e.g." || paragraph.substr(i - 3, 4) == "i.e.")) continue;
      return collapse_whitespace(paragraph.substr(0, i + 1));
    }
  }
  return collapse_whitespace(paragraph);
}

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (u < 0x20 || u == 0x7f) {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace codetrace
