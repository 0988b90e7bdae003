#include "core/glob.hpp"

namespace codetrace {
namespace {

// Matches one character class starting at pattern[i] == '['; advances i past ']'.
bool match_class(std::string_view pattern, size_t& i, char c) {
  size_t j = i + 1;
  bool negate = j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^');
  if (negate) ++j;
  bool matched = false;
  bool first = true;
  for (; j < pattern.size() && (first || pattern[j] != ']'); ++j, first = false) {
    if (j + 2 < pattern.size() && pattern[j + 1] == '-' && pattern[j + 2] != ']') {
      if (pattern[j] <= c && c <= pattern[j + 2]) matched = true;
      j += 2;
    } else if (pattern[j] == c) {
      matched = true;
    }
  }
  if (j >= pattern.size()) {  // no closing bracket: treat '[' literally
    bool literal = c == '[';
    ++i;
    return literal;
  }
  i = j + 1;
  return matched != negate;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  size_t p = 0, s = 0;
  if (p < pattern.size() && pattern[p] == '*') {
    bool double_star = p + 1 < pattern.size() && pattern[p + 1] == '*';
    if (double_star) {
      size_t rest = p + 2;
      if (rest < pattern.size() && pattern[rest] == '/') {
        // "**/x" also matches "x" at the top.
        if (glob_match(pattern.substr(rest + 1), path)) return true;
      }
      for (size_t k = s; k <= path.size(); ++k)
        if (glob_match(pattern.substr(rest), path.substr(k))) return true;
      return false;
    }
    for (size_t k = s; k <= path.size(); ++k) {
      if (glob_match(pattern.substr(p + 1), path.substr(k))) return true;
      if (k < path.size() && path[k] == '/') break;
    }
    return false;
  }
  if (p == pattern.size()) return s == path.size();
  if (s == path.size()) return false;
  char c = path[s];
  if (pattern[p] == '?') {
    return c != '/' && glob_match(pattern.substr(1), path.substr(1));
  }
  if (pattern[p] == '[') {
    size_t i = p;
    if (c == '/' || !match_class(pattern, i, c)) return false;
    return glob_match(pattern.substr(i), path.substr(1));
  }
  if (pattern[p] == '\\' && p + 1 < pattern.size()) {
    return pattern[p + 1] == c && glob_match(pattern.substr(2), path.substr(1));
  }
  return pattern[p] == c && glob_match(pattern.substr(1), path.substr(1));
}

bool path_matches(std::string_view pattern, std::string_view relative_path) {
  if (pattern.empty()) return false;
  if (pattern.back() == '/') {
    std::string_view folder = pattern.substr(0, pattern.size() - 1);
    // The folder itself may sit at any depth when it has no '/' of its own.
    size_t start = 0;
    while (start < relative_path.size()) {
      size_t slash = relative_path.find('/', start);
      if (slash == std::string_view::npos) break;
      std::string_view prefix = relative_path.substr(folder.find('/') == std::string_view::npos ? start : 0,
                                                     slash - (folder.find('/') == std::string_view::npos ? start : 0));
      if (glob_match(folder, prefix)) return true;
      start = slash + 1;
    }
    return false;
  }
  if (pattern.find('/') == std::string_view::npos) {
    size_t slash = relative_path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1);
    return glob_match(pattern, name);
  }
  return glob_match(pattern, relative_path);
}

}  // namespace codetrace
