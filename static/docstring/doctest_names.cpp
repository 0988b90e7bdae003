#include "static/docstring/doctest_names.hpp"

#include <cctype>
#include <vector>

namespace codetrace {
namespace {

enum class Tok { Name, Op, Other };

struct Token {
  Tok kind;
  std::string text;
};

struct Line {
  size_t indent = 0;
  std::vector<Token> tokens;
};

bool is_name_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool is_name_char(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

bool is_keyword(const std::string& w) {
  static const std::set<std::string> keywords = {
      "False", "None",   "True",    "and",      "as",     "assert", "async", "await",  "break", "class", "continue",
      "def",   "del",    "elif",    "else",     "except", "finally", "for",  "from",   "global", "if",   "import",
      "in",    "is",     "lambda",  "nonlocal", "not",    "or",     "pass",  "raise",  "return", "try",  "while",
      "with",  "yield"};
  return keywords.count(w) > 0;
}

bool opens(const Token& t) { return t.kind == Tok::Op && (t.text == "(" || t.text == "[" || t.text == "{"); }
bool closes(const Token& t) { return t.kind == Tok::Op && (t.text == ")" || t.text == "]" || t.text == "}"); }
bool is_op(const Token& t, const char* text) { return t.kind == Tok::Op && t.text == text; }

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view s) : s_(s) {}

  std::vector<Line> lines() {
    start_line();
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '\n') {
        ++i_;
        if (depth_ == 0) end_line(), start_line();
      } else if (c == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {
        i_ += 2;  // an explicit continuation joins the lines
      } else if (c == '#') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        ++i_;
      } else if (c == ';' && depth_ == 0) {
        ++i_;
        size_t indent = current_.indent;
        end_line();
        current_.indent = indent;
      } else if (is_name_start(c)) {
        size_t b = i_;
        while (i_ < s_.size() && is_name_char(static_cast<unsigned char>(s_[i_]))) ++i_;
        if (i_ < s_.size() && (s_[i_] == '\'' || s_[i_] == '"') && i_ - b <= 3) string(s_.substr(b, i_ - b));
        else current_.tokens.push_back({Tok::Name, std::string(s_.substr(b, i_ - b))});
      } else if (c == '\'' || c == '"') {
        string("");
      } else if (std::isdigit(c) || (c == '.' && i_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + 1])))) {
        while (i_ < s_.size() && (is_name_char(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.')) ++i_;
        current_.tokens.push_back({Tok::Other, "0"});
      } else {
        op();
      }
    }
    end_line();
    return std::move(out_);
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
  int depth_ = 0;
  Line current_;
  std::vector<Line> out_;

  void start_line() {
    size_t b = i_;
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    current_.indent = i_ - b;
  }
  void end_line() {
    if (!current_.tokens.empty()) out_.push_back(std::move(current_));
    current_ = Line{};
  }

  void op() {
    static const char* multi[] = {"**=", "//=", ">>=", "<<=", "...", "->", ":=", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=",
                                  "%=",  "&=",  "|=",  "^=",  "@=",  "**", "//", "<<", ">>"};
    for (const char* m : multi) {
      std::string_view mv(m);
      if (s_.substr(i_, mv.size()) == mv) {
        current_.tokens.push_back({Tok::Op, std::string(mv)});
        i_ += mv.size();
        return;
      }
    }
    char c = s_[i_++];
    if (c == '(' || c == '[' || c == '{') ++depth_;
    if ((c == ')' || c == ']' || c == '}') && depth_ > 0) --depth_;
    current_.tokens.push_back({Tok::Op, std::string(1, c)});
  }

  // A string literal at i_ (after its prefix). An f-string's replacement fields are code: their
  // tokens join the line, inside brackets so that they never end it.
  void string(std::string_view prefix) {
    bool formatted = false, raw = false;
    for (char p : prefix) formatted |= (p == 'f' || p == 'F'), raw |= (p == 'r' || p == 'R');
    char q = s_[i_];
    bool triple = s_.substr(i_, 3) == std::string(3, q);
    size_t open = triple ? 3 : 1;
    i_ += open;
    std::string field;
    int field_depth = 0;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\\' && !raw && field_depth == 0) {
        i_ += 2;
        continue;
      }
      if (field_depth == 0 && c == q && (!triple || s_.substr(i_, 3) == std::string(3, q))) {
        i_ += open;
        break;
      }
      if (!triple && c == '\n') break;  // unterminated: stop at the line's end
      if (formatted && c == '{') {
        if (field_depth == 0 && i_ + 1 < s_.size() && s_[i_ + 1] == '{') {
          i_ += 2;
          continue;
        }
        if (field_depth++ > 0) field += c;
      } else if (formatted && c == '}' && field_depth > 0) {
        if (--field_depth == 0) fields_code(field), field.clear();
        else field += c;
      } else if (field_depth > 0) {
        field += c;
      }
      ++i_;
    }
    current_.tokens.push_back({Tok::Other, "''"});
  }

  void fields_code(const std::string& code) {
    std::vector<Line> inner = Tokenizer(code).lines();
    current_.tokens.push_back({Tok::Op, "("});
    for (Line& l : inner) {
      bool conversion = false;  // `{value!r}`: `r` is a conversion, not a name
      for (Token& t : l.tokens) {
        bool bang = is_op(t, "!");
        if (!conversion) current_.tokens.push_back(std::move(t));
        conversion = bang;
      }
    }
    current_.tokens.push_back({Tok::Op, ")"});
  }
};

bool is_word(const Token& t, const char* text) { return t.kind == Tok::Name && t.text == text; }
bool augmented(const Token& t) {
  return t.kind == Tok::Op && t.text.size() >= 2 && t.text.back() == '=' && t.text != "==" && t.text != "!=" &&
         t.text != "<=" && t.text != ">=" && t.text != ":=";
}

class Scanner {
 public:
  StatementNames run(std::string_view source) {
    std::vector<Line> lines = Tokenizer(source).lines();
    for (size_t k = 0; k < lines.size(); ++k) {
      const Line& line = lines[k];
      while (!bodies_.empty() && line.indent <= bodies_.back()) bodies_.pop_back();
      bool in_def = !bodies_.empty();
      statement(line.tokens, in_def);
      const std::vector<Token>& t = line.tokens;
      size_t first = !t.empty() && is_word(t[0], "async") ? 1 : 0;
      if (first < t.size() && (is_word(t[first], "def") || is_word(t[first], "class"))) bodies_.push_back(line.indent);
    }
    return std::move(out_);
  }

 private:
  StatementNames out_;
  std::set<std::string> locals_;  // bound inside the statement only
  std::vector<size_t> bodies_;    // indents of the def/class lines whose bodies we are in

  void bind(const std::string& name, bool local) {
    if (local) locals_.insert(name);
    else out_.binds.insert(name);
  }
  void read(const std::string& name) {
    if (is_keyword(name) || locals_.count(name) || out_.binds.count(name)) return;
    out_.reads.insert(name);
  }

  void statement(const std::vector<Token>& t, bool in_def) {
    if (t.empty()) return;
    size_t first = is_word(t[0], "async") ? 1 : 0;
    if (first >= t.size()) return;
    const Token& head = t[first];
    if (is_word(head, "import")) return import_names(t, first + 1, in_def);
    if (is_word(head, "from")) return from_import(t, first, in_def);
    if (is_word(head, "def") || is_word(head, "class")) return definition(t, first, in_def);
    if (is_word(head, "for")) return for_statement(t, first, in_def);
    if (is_word(head, "with") || is_word(head, "except")) return as_targets(t, first + 1, in_def);
    if (is_word(head, "global") || is_word(head, "nonlocal")) return;
    assignment(t, in_def);
  }

  void import_names(const std::vector<Token>& t, size_t i, bool in_def) {
    // import a.b.c as d, e.f  ->  d, e
    while (i < t.size()) {
      if (t[i].kind != Tok::Name) {
        ++i;
        continue;
      }
      std::string first = t[i].text;
      while (i + 2 < t.size() && is_op(t[i + 1], ".") && t[i + 2].kind == Tok::Name) i += 2;
      ++i;
      if (i + 1 < t.size() && is_word(t[i], "as")) first = t[i + 1].text, i += 2;
      bind(first, in_def);
      while (i < t.size() && !is_op(t[i], ",")) ++i;
    }
  }

  void from_import(const std::vector<Token>& t, size_t i, bool in_def) {
    while (i < t.size() && !is_word(t[i], "import")) ++i;
    for (++i; i < t.size(); ++i) {
      if (is_op(t[i], "*")) out_.star_import = true;
      if (t[i].kind != Tok::Name) continue;
      if (i + 2 < t.size() && is_word(t[i + 1], "as")) {
        bind(t[i + 2].text, in_def);
        i += 2;
      } else {
        bind(t[i].text, in_def);
      }
    }
  }

  // def f(a, b: T = d, *c, **k) -> R:  binds f; a, b, c, k are the body's; T, d, R are read.
  // class C(Base, metaclass=M):  binds C; Base and M are read.
  void definition(const std::vector<Token>& t, size_t i, bool in_def) {
    bool is_def = is_word(t[i], "def");
    if (i + 1 >= t.size() || t[i + 1].kind != Tok::Name) return;
    bind(t[i + 1].text, in_def);
    int depth = 0;
    bool param_position = false;
    for (size_t k = i + 2; k < t.size(); ++k) {
      const Token& tok = t[k];
      if (opens(tok)) {
        param_position = depth == 0;
        ++depth;
        continue;
      }
      if (closes(tok)) --depth;
      if (depth == 1 && (is_op(tok, ",") || is_op(tok, "*") || is_op(tok, "**"))) {
        param_position = true;
        continue;
      }
      if (tok.kind == Tok::Name) {
        if (is_def && depth == 1 && param_position) locals_.insert(tok.text);
        else if (!(k > 0 && is_op(t[k - 1], ".")) && !(k + 1 < t.size() && is_op(t[k + 1], "=") && depth == 1 && !is_def))
          read(tok.text);
      }
      param_position = false;
    }
  }

  void for_statement(const std::vector<Token>& t, size_t i, bool in_def) {
    size_t in = i + 1;
    int depth = 0;
    while (in < t.size() && !(depth == 0 && is_word(t[in], "in"))) {
      if (opens(t[in])) ++depth;
      if (closes(t[in])) --depth;
      ++in;
    }
    expression(t, in + 1, t.size());
    targets(t, i + 1, in, in_def);
  }

  // with a as b, c as (d, e):  /  except E as e:
  void as_targets(const std::vector<Token>& t, size_t i, bool in_def) {
    std::vector<std::pair<size_t, size_t>> bound;
    size_t start = i;
    int depth = 0;
    for (size_t k = i; k < t.size(); ++k) {
      if (opens(t[k])) ++depth;
      if (closes(t[k])) --depth;
      if (depth == 0 && is_word(t[k], "as")) {
        expression(t, start, k);
        size_t end = k + 1;
        int d = 0;
        while (end < t.size() && !(d == 0 && (is_op(t[end], ",") || is_op(t[end], ":")))) {
          if (opens(t[end])) ++d;
          if (closes(t[end])) --d;
          ++end;
        }
        bound.emplace_back(k + 1, end);
        start = k = end;
      }
    }
    expression(t, start, t.size());
    for (auto [b, e] : bound) targets(t, b, e, in_def);
  }

  // a = b = value / a, b = value / a.x = value / a[i] += value / name: T = value
  void assignment(const std::vector<Token>& t, bool in_def) {
    std::vector<size_t> equals;
    int depth = 0;
    size_t augmented_at = t.size();
    for (size_t k = 0; k < t.size(); ++k) {
      if (opens(t[k])) ++depth;
      if (closes(t[k])) --depth;
      if (depth == 0 && is_op(t[k], "=")) equals.push_back(k);
      if (depth == 0 && augmented(t[k]) && augmented_at == t.size()) augmented_at = k;
    }
    if (augmented_at < t.size()) {
      expression(t, augmented_at + 1, t.size());
      expression(t, 0, augmented_at);  // the target is read first
      targets(t, 0, augmented_at, in_def);
      return;
    }
    size_t value_start = equals.empty() ? 0 : equals.back() + 1;
    expression(t, value_start, t.size());
    size_t begin = 0;
    for (size_t eq : equals) {
      size_t end = eq;
      if (t.size() > begin + 1 && t[begin].kind == Tok::Name && is_op(t[begin + 1], ":")) {  // name: T = value
        expression(t, begin + 2, end);
        end = begin + 1;
      }
      targets(t, begin, end, in_def);
      begin = eq + 1;
    }
  }

  // Assignment targets: bare names (in tuples and lists too) are bound; `a.x`, `a[i]` read `a`.
  void targets(const std::vector<Token>& t, size_t b, size_t e, bool in_def) {
    int subscript = 0;
    for (size_t k = b; k < e; ++k) {
      const Token& tok = t[k];
      bool after_dot = k > b && is_op(t[k - 1], ".");
      if (tok.kind == Tok::Name && subscript == 0 && !after_dot && !is_keyword(tok.text)) {
        bool qualified = k + 1 < e && (is_op(t[k + 1], ".") || is_op(t[k + 1], "[") || is_op(t[k + 1], "("));
        if (qualified) read(tok.text);
        else bind(tok.text, in_def);
      } else if (tok.kind == Tok::Name && !after_dot) {
        read(tok.text);
      }
      if (is_op(tok, "[") && k > b && (t[k - 1].kind == Tok::Name || closes(t[k - 1]))) ++subscript;
      else if (is_op(tok, "]") && subscript > 0) --subscript;
    }
  }

  // Reads every free name of t[b, e): not attributes, keyword-argument names, nor the variables
  // of its comprehensions and lambdas (bound first, so that the element before `for` is not read).
  void expression(const std::vector<Token>& t, size_t b, size_t e) {
    if (b >= e) return;
    std::set<std::string> inner;
    int depth = 0;
    for (size_t k = b; k < e; ++k) {
      if (opens(t[k])) ++depth;
      if (closes(t[k])) --depth;
      if (depth > 0 && is_word(t[k], "for")) {
        for (size_t j = k + 1; j < e && !is_word(t[j], "in"); ++j)
          if (t[j].kind == Tok::Name) inner.insert(t[j].text);
      }
      if (is_word(t[k], "lambda")) {
        for (size_t j = k + 1; j < e && !is_op(t[j], ":"); ++j)
          if (t[j].kind == Tok::Name && !(j > 0 && is_op(t[j - 1], "="))) inner.insert(t[j].text);
      }
      if (t[k].kind == Tok::Name && k + 1 < e && is_op(t[k + 1], ":=")) bind(t[k].text, false);
    }
    depth = 0;
    for (size_t k = b; k < e; ++k) {
      const Token& tok = t[k];
      if (opens(tok)) ++depth;
      if (closes(tok)) --depth;
      if (tok.kind != Tok::Name || inner.count(tok.text)) continue;
      if (k > b && is_op(t[k - 1], ".")) continue;                                // attribute
      if (depth > 0 && k + 1 < e && is_op(t[k + 1], "=") && k > b && (is_op(t[k - 1], "(") || is_op(t[k - 1], ",")))
        continue;                                                                 // keyword argument
      if (k + 1 < e && is_op(t[k + 1], ":=")) continue;                           // bound above
      read(tok.text);
    }
  }
};

}  // namespace

StatementNames statement_names(std::string_view source) { return Scanner().run(source); }

}  // namespace codetrace
