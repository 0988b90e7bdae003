#include "static/comment_scanner.hpp"

#include <cctype>

#include "core/text.hpp"

namespace codetrace {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view src) : s_(src) {}

  std::vector<Comment> run() {
    scan_code(/*closing=*/0);
    return std::move(comments_);
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  std::vector<Comment> comments_;

  char at(size_t k) const { return k < s_.size() ? s_[k] : '\0'; }

  void newline() {
    ++line_;
    line_start_ = i_ + 1;
  }

  // Code until the matching `closing` bracket (0: end of input). Inside an f-string replacement
  // field, `closing` is '}' and a ':' or '!' at depth 0 hands control back to the string.
  void scan_code(char closing) {
    int depth = 0;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\n') {
        newline();
        ++i_;
      } else if (c == '#') {
        comment();
      } else if (c == '\\' && at(i_ + 1) == '\n') {
        ++i_;
        newline();
        ++i_;
      } else if (c == '\'' || c == '"') {
        string_literal(i_, "");
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
        identifier_or_prefixed_string();
      } else if (c == '(' || c == '[' || c == '{') {
        ++depth;
        ++i_;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0 && closing && c == closing) return;  // caller consumes it
        if (depth > 0) --depth;
        ++i_;
      } else if (closing && depth == 0 && (c == ':' || c == '!') && at(i_ + 1) != '=') {
        return;  // format spec or conversion of an f-string field
      } else {
        ++i_;
      }
    }
  }

  void comment() {
    size_t start = i_;
    size_t end = s_.find('\n', i_);
    if (end == std::string_view::npos) end = s_.size();
    Comment c;
    c.line = line_;
    c.column = static_cast<int>(start - line_start_);
    c.text = std::string(trim(s_.substr(start + 1, end - start - 1)));
    c.own_line = trim(s_.substr(line_start_, start - line_start_)).empty();
    comments_.push_back(std::move(c));
    i_ = end;
  }

  void identifier_or_prefixed_string() {
    size_t start = i_;
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (!(std::isalnum(c) || c == '_' || c >= 0x80)) break;
      ++i_;
    }
    char q = at(i_);
    if ((q == '\'' || q == '"') && i_ - start <= 3) {
      std::string prefix = to_lower(s_.substr(start, i_ - start));
      bool valid = true;
      for (char p : prefix) valid = valid && (p == 'r' || p == 'b' || p == 'u' || p == 'f' || p == 't');
      if (valid) string_literal(i_, prefix);
    }
  }

  // A string literal whose opening quote is at `open`; leaves i_ after its closing quote.
  void string_literal(size_t open, const std::string& prefix) {
    char q = s_[open];
    bool triple = at(open + 1) == q && at(open + 2) == q;
    bool formatted = prefix.find('f') != std::string::npos || prefix.find('t') != std::string::npos;
    i_ = open + (triple ? 3 : 1);
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\\') {
        // An escaped character (raw strings too: \" does not close the string), which may be
        // the newline of a continued line.
        if (at(i_ + 1) == '\n') {
          ++i_;
          newline();
          ++i_;
        } else {
          i_ += 2;
        }
        continue;
      }
      if (c == '\n') {
        if (!triple) return;  // unterminated: the parser reports it; stop the string here
        newline();
        ++i_;
        continue;
      }
      if (c == q && (!triple || (at(i_ + 1) == q && at(i_ + 2) == q))) {
        i_ += triple ? 3 : 1;
        return;
      }
      if (formatted && c == '{') {
        if (at(i_ + 1) == '{') {
          i_ += 2;
          continue;
        }
        ++i_;
        replacement_field();
        continue;
      }
      ++i_;
    }
  }

  // After the '{' of an f-string field: expression, optional !conversion, optional :spec, '}'.
  void replacement_field() {
    scan_code('}');
    if (at(i_) == '!') {
      while (i_ < s_.size() && s_[i_] != ':' && s_[i_] != '}') ++i_;
    }
    if (at(i_) == ':') {
      ++i_;
      while (i_ < s_.size() && s_[i_] != '}') {  // the format spec may hold nested fields
        if (s_[i_] == '{') {
          ++i_;
          replacement_field();
          continue;
        }
        if (s_[i_] == '\n') newline();
        ++i_;
      }
    }
    if (at(i_) == '}') ++i_;
  }
};

}  // namespace

std::vector<Comment> scan_comments(std::string_view source) { return Scanner(source).run(); }

}  // namespace codetrace
