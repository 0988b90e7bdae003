#pragma once
// SourceLines: maps the (line, UTF-8 column) positions of a SyntaxTree back to the source text,
// for the expressions, annotations and lines that the analyses quote.
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "static/syntax_tree.hpp"

namespace codetrace {

class SourceLines {
 public:
  explicit SourceLines(const std::string& source) : src_(source) {
    starts_.push_back(0);
    for (size_t i = 0; i < src_.size(); ++i)
      if (src_[i] == '\n') starts_.push_back(i + 1);
  }

  // The source text of a node, whitespace collapsed to one line; "" when it has no position.
  std::string segment(const Node& n) const {
    if (n.line == 0 || n.end_line == 0 || n.line > starts_.size() || n.end_line > starts_.size()) return "";
    size_t begin = starts_[n.line - 1] + n.col, end = starts_[n.end_line - 1] + n.end_col;
    if (begin > src_.size() || end > src_.size() || end < begin) return "";
    return collapse_whitespace(std::string_view(src_).substr(begin, end - begin));
  }

  // One line (1-based), without its newline.
  std::string_view line(int number) const {
    if (number < 1 || static_cast<size_t>(number) > starts_.size()) return {};
    size_t begin = starts_[number - 1];
    size_t end = src_.find('\n', begin);
    return std::string_view(src_).substr(begin, (end == std::string::npos ? src_.size() : end) - begin);
  }

  // Number of lines, a last line without a newline included.
  int count() const { return static_cast<int>(starts_.size()) - (src_.empty() || src_.back() == '\n' ? 1 : 0); }

 private:
  const std::string& src_;
  std::vector<size_t> starts_;  // offset of each line's first byte
};

}  // namespace codetrace
