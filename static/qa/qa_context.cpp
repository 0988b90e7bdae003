#include "static/qa/qa_context.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace codetrace {
namespace {

constexpr int kMaxHeaderLines = 40;
constexpr int kMaxConstantLines = 12;    // a longer constant is cut
constexpr size_t kMaxConstants = 6;     // constants shown before one function

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `NAME = ...` or `NAME: type = ...` at the start of a line (not `==`): NAME, else "".
std::string assigned_name(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && is_identifier_char(line[n])) ++n;
  if (n == 0 || std::isdigit(static_cast<unsigned char>(line[0]))) return "";
  std::string_view rest = trim(line.substr(n));
  if (starts_with(rest, ":")) {
    size_t eq = rest.find('=');
    if (eq == std::string_view::npos) return "";
    rest = rest.substr(eq);
  }
  if (!starts_with(rest, "=") || starts_with(rest, "==")) return "";
  return std::string(line.substr(0, n));
}

// Whether `name` stands as a whole identifier in `text`.
bool names(std::string_view text, std::string_view name) {
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    bool left = at == 0 || !is_identifier_char(text[at - 1]);
    size_t end = at + name.size();
    bool right = end >= text.size() || !is_identifier_char(text[end]);
    if (left && right) return true;
  }
  return false;
}

// Brackets opened minus closed on a line, strings and comments skipped (roughly: enough to find
// where a `def` or `import (` ends).
int bracket_balance(std::string_view line) {
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '#') break;
    if (c == '\'' || c == '"') quote = c;
    else if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') --depth;
  }
  return depth;
}

// Removes the common indentation; blank lines stay blank.
void dedent(std::vector<std::string>& lines) {
  size_t common = std::string::npos;
  for (const std::string& l : lines)
    if (!trim(l).empty()) common = std::min(common, indent_of(l));
  if (common == std::string::npos || common == 0) return;
  for (std::string& l : lines) l = trim(l).empty() ? "" : l.substr(std::min(common, l.size()));
}

// At most `max` lines; the last kept line is replaced by one saying how many were left out.
void cut(std::vector<std::string>& lines, int max) {
  if (max <= 1 || static_cast<int>(lines.size()) <= max) return;
  size_t keep = static_cast<size_t>(max - 1);
  size_t left = lines.size() - keep;
  std::string indent(indent_of(lines[keep]), ' ');
  lines.resize(keep);
  lines.push_back(indent + "# ... " + std::to_string(left) + " more lines not shown");
}

// The header, then a window of the body around `focus` (a source line) that fits in `max` lines,
// with a line saying what was left out above and below it.
std::vector<std::string> around(const std::vector<std::string>& lines, const std::vector<int>& numbers, size_t header, int focus, int max) {
  size_t at = header;
  while (at < lines.size() && at < numbers.size() && numbers[at] < focus) ++at;
  size_t budget = static_cast<size_t>(std::max(4, max - static_cast<int>(header) - 2));
  size_t first = std::max(header, at > budget / 2 ? at - budget / 2 : 0);
  size_t last = std::min(lines.size(), first + budget);
  first = last > budget ? std::max(header, last - budget) : header;
  std::vector<std::string> out(lines.begin(), lines.begin() + static_cast<long>(header));
  std::string indent(indent_of(lines[std::min(first, lines.size() - 1)]), ' ');
  if (first > header) out.push_back(indent + "# ... " + std::to_string(first - header) + " lines not shown");
  out.insert(out.end(), lines.begin() + static_cast<long>(first), lines.begin() + static_cast<long>(last));
  if (last < lines.size()) out.push_back(indent + "# ... " + std::to_string(lines.size() - last) + " more lines not shown");
  return out;
}

std::string joined(std::vector<std::string> lines, int max) {
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  dedent(lines);
  cut(lines, max);
  return join(lines, "\n");
}

// A trailing comment cut from its line: at the last '#' followed by the comment's text.
std::string without_trailing_comment(const std::string& line, std::string_view comment) {
  std::string_view head = trim(comment).substr(0, 10);
  std::string_view text = line;
  for (size_t at = text.rfind('#'); at != std::string_view::npos; at = at ? text.rfind('#', at - 1) : std::string_view::npos)
    if (starts_with(trim(text.substr(at + 1)), head)) return std::string(trim_right(text.substr(0, at)));
  // The comment's text was cleaned (a `#:` marker, roles): cut at the last '#' after some code.
  size_t at = text.rfind('#');
  return at != std::string_view::npos && at > 0 && !trim(text.substr(0, at)).empty() ? std::string(trim_right(text.substr(0, at))) : line;
}

// Whether `text` calls `name(...)` (a whole identifier followed by an opening parenthesis).
bool calls_name(std::string_view text, std::string_view name) {
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    if (at > 0 && (is_identifier_char(text[at - 1]) || text[at - 1] == '.')) continue;
    size_t end = at + name.size();
    while (end < text.size() && text[end] == ' ') ++end;
    if (end < text.size() && text[end] == '(') return true;
  }
  return false;
}

}  // namespace

ContextBuilder::ContextBuilder(const ModuleModel& module) : m_(module) {
  for (std::string_view l : split_lines(module.source)) lines_.emplace_back(l);
  // Top-level import statements: lines at column 0 outside every top-level definition and the
  // module docstring.
  std::vector<bool> covered(lines_.size() + 2, false);
  auto cover = [&](int a, int b) {
    for (int n = std::max(a, 1); n <= b && n <= static_cast<int>(lines_.size()); ++n) covered[static_cast<size_t>(n)] = true;
  };
  if (!module.symbols.empty()) cover(module.symbols[0].docstring_line, module.symbols[0].docstring_end_line);
  for (const Symbol& s : module.symbols)
    if (s.parent == 0) cover(s.start_line, s.end_line);
  for (size_t n = 1; n <= lines_.size(); ++n) {
    const std::string& l = lines_[n - 1];
    bool import = starts_with(l, "import ") || starts_with(l, "from ");
    std::string constant = import ? "" : assigned_name(l);
    if (covered[n] || (!import && constant.empty())) continue;
    std::vector<std::string> statement = {l};
    int depth = bracket_balance(l);
    while ((depth > 0 || ends_with(trim_right(statement.back()), "\\")) && n < lines_.size()) {
      statement.push_back(lines_[n]);
      depth += bracket_balance(lines_[n]);
      ++n;
    }
    if (import) {
      imports_.push_back(join(statement, "\n"));
    } else {
      cut(statement, kMaxConstantLines);
      constants_.emplace_back(constant, join(statement, "\n"));
    }
  }
}

const std::string& ContextBuilder::line(int number) const {
  static const std::string none;
  return number >= 1 && number <= static_cast<int>(lines_.size()) ? lines_[static_cast<size_t>(number - 1)] : none;
}

std::vector<std::string> ContextBuilder::constants_used(const std::vector<std::string>& code) const {
  std::vector<std::string> out;
  std::string text = join(code, "\n");
  for (const auto& [name, statement] : constants_)
    if (out.size() < kMaxConstants && names(text, name)) out.push_back(statement);
  return out;
}

std::string ContextBuilder::build_with_helpers(const Symbol& s, const ContextRequest& request) const {
  std::string out = build(s, request);
  for (const std::string& helper : helpers(s, request)) out = helper + "\n\n\n" + out;
  return out;
}

std::vector<std::string> ContextBuilder::helpers(const Symbol& s, const ContextRequest& request, size_t limit) const {
  std::vector<std::string> body;
  for (int n = s.def_line; n <= s.end_line; ++n) body.push_back(line(n));
  std::string text = join(body, "\n");
  std::vector<std::string> out;
  ContextRequest hidden = request;
  hidden.hide_docstring = true;
  hidden.with_imports = false;
  for (const Symbol& f : m_.symbols)
    if (out.size() < limit && f.parent == 0 && f.kind == SymbolKind::Function && &f != &s && calls_name(text, f.name))
      out.push_back(function_source(f, hidden));
  return out;
}

std::vector<std::string> ContextBuilder::def_lines(const Symbol& s) const {
  std::vector<std::string> out;
  int depth = 0;
  for (int n = s.def_line; n <= s.end_line && n < s.def_line + kMaxHeaderLines; ++n) {
    out.push_back(line(n));
    depth += bracket_balance(line(n));
    if (depth <= 0) break;
  }
  return out;
}

std::vector<std::string> ContextBuilder::header_lines(const Symbol& s) const {
  std::vector<std::string> out;
  for (int n = s.start_line; n < s.def_line; ++n) out.push_back(line(n));
  std::vector<std::string> def = def_lines(s);
  out.insert(out.end(), def.begin(), def.end());
  return out;
}

std::optional<std::string> ContextBuilder::without_asked_comment(int n, const ContextRequest& r) const {
  std::string text = line(n);
  if (!r.hide_comment_first || n < r.hide_comment_first || n > r.hide_comment_last) return text;
  if (starts_with(trim(text), "#")) return std::nullopt;
  return without_trailing_comment(text, r.hide_comment_text);
}

std::vector<std::string> ContextBuilder::docstring_lines(const Symbol& s) const {
  std::vector<std::string> out;
  if (!s.docstring_line) return out;
  int last = s.docstring_end_line ? s.docstring_end_line : s.docstring_line;
  for (int n = s.docstring_line; n <= last; ++n) out.push_back(line(n));
  return out;
}

std::string ContextBuilder::build(const Symbol& s, const ContextRequest& r) const {
  std::string code = s.kind == SymbolKind::Function || s.kind == SymbolKind::Method ? function_source(s, r)
                     : r.focus_line                  ? code_window(s, r)
                     : s.kind == SymbolKind::Class   ? class_outline(s, r)
                                                     : module_outline(s, r);
  if (!r.with_imports || imports_.empty()) return code;
  return join(imports_, "\n") + "\n\n\n" + code;
}

std::string ContextBuilder::function_source(const Symbol& s, const ContextRequest& r) const {
  std::vector<std::string> out;
  // A method is shown under its class's header, so that `self` has a type.
  if (s.parent > 0 && m_.symbols[static_cast<size_t>(s.parent)].kind == SymbolKind::Class)
    out = def_lines(m_.symbols[static_cast<size_t>(s.parent)]);
  std::vector<std::string> header = header_lines(s);
  int body_first = s.def_line + static_cast<int>(header.size()) - (s.def_line - s.start_line);
  out.insert(out.end(), header.begin(), header.end());
  size_t header_end = out.size();
  int doc_first = r.hide_docstring && s.docstring_line >= body_first ? s.docstring_line : 0;
  int doc_last = doc_first ? (s.docstring_end_line ? s.docstring_end_line : s.docstring_line) : 0;
  std::vector<int> numbers(out.size(), 0);  // the source line of each body line kept
  for (int n = body_first; n <= s.end_line; ++n) {
    if (doc_first && n >= doc_first && n <= doc_last) continue;
    std::optional<std::string> shown = without_asked_comment(n, r);
    if (!shown) continue;
    std::string text = *shown;
    bool asked = r.hide_comment_first && n >= r.hide_comment_first && n <= r.hide_comment_last;
    if (!asked && !r.hide_comment_text.empty()) {  // the same remark elsewhere in the body
      size_t hash = text.find('#');
      std::string_view remark = hash == std::string::npos ? std::string_view() : trim(std::string_view(text).substr(hash + 1));
      if (remark.size() >= 8 && r.hide_comment_text.find(remark) != std::string::npos) {
        if (starts_with(trim(text), "#")) continue;
        text = without_trailing_comment(text, remark);
      }
    }
    out.push_back(text);
    numbers.push_back(n);
  }
  // A body that was only its docstring still needs a statement.
  bool has_body = false;
  for (size_t i = header_end; i < out.size() && !has_body; ++i) has_body = !trim(out[i]).empty();
  if (!has_body) out.push_back(std::string(indent_of(line(s.def_line)) + 4, ' ') + "...");
  if (r.focus_line && static_cast<int>(out.size()) > r.max_lines) out = around(out, numbers, header_end, r.focus_line, r.max_lines);
  std::string code = joined(out, r.max_lines);
  std::vector<std::string> constants = constants_used(out);
  return constants.empty() ? code : join(constants, "\n") + "\n\n\n" + code;
}

std::string ContextBuilder::class_outline(const Symbol& s, const ContextRequest& r) const {
  std::vector<std::string> out = header_lines(s);
  std::string body_indent(indent_of(line(s.def_line)) + 4, ' ');
  if (!r.hide_docstring) {
    std::vector<std::string> doc = docstring_lines(s);
    out.insert(out.end(), doc.begin(), doc.end());
  }
  // Fields and members in source order: a field's line as written; a member's header, the first
  // line of its docstring, and `...` for its body.
  int index = static_cast<int>(&s - m_.symbols.data());
  struct Part {
    int line;
    const ClassField* field;
    const Symbol* member;
  };
  std::vector<Part> parts;
  for (const ClassField& f : s.fields) parts.push_back({f.line, &f, nullptr});
  for (const Symbol& c : m_.symbols)
    if (c.parent == index) parts.push_back({c.start_line, nullptr, &c});
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.line < b.line; });
  for (const Part& p : parts) {
    if (p.field) {
      out.push_back(line(p.line));
      continue;
    }
    const Symbol& c = *p.member;
    out.push_back("");
    std::vector<std::string> header = header_lines(c);
    out.insert(out.end(), header.begin(), header.end());
    std::string indent(indent_of(line(c.def_line)) + 4, ' ');
    // A member whose docstring repeats the class's (a copied `__new__` docstring) would show the
    // hidden answer again.
    bool repeats_hidden = r.hide_docstring && first_sentence(c.doc.summary) == first_sentence(s.doc.summary);
    if (!c.doc.summary.empty() && !repeats_hidden) out.push_back(indent + "\"\"\"" + first_sentence(c.doc.summary) + "\"\"\"");
    out.push_back(indent + "...");
  }
  if (out.size() == header_lines(s).size()) out.push_back(body_indent + "...");
  return joined(out, r.max_lines);
}

std::string ContextBuilder::code_window(const Symbol& s, const ContextRequest& r) const {
  int half = std::max(5, r.max_lines / 4);
  std::vector<std::string> out;
  int body = s.start_line;
  if (s.kind == SymbolKind::Class) {
    out = header_lines(s);
    body = s.start_line + static_cast<int>(out.size());
  }
  int first = std::max(body, r.focus_line - half), last = std::min(s.end_line, r.focus_line + half);
  std::string indent(s.kind == SymbolKind::Class ? indent_of(line(s.def_line)) + 4 : 0, ' ');
  if (first > body) out.push_back(indent + "# ... " + std::to_string(first - body) + " lines not shown");
  for (int n = first; n <= last; ++n)
    if (std::optional<std::string> shown = without_asked_comment(n, r)) out.push_back(*shown);
  if (last < s.end_line) out.push_back(indent + "# ... " + std::to_string(s.end_line - last) + " more lines not shown");
  return joined(out, r.max_lines + 4);
}

std::string ContextBuilder::module_outline(const Symbol& s, const ContextRequest& r) const {
  std::vector<std::string> out;
  if (!r.hide_docstring) out = docstring_lines(s);
  if (!imports_.empty()) {
    if (!out.empty()) out.push_back("");
    for (const std::string& i : imports_)
      for (std::string_view l : split_lines(i)) out.emplace_back(l);
  }
  for (const Symbol& c : m_.symbols) {
    if (c.parent != 0) continue;
    out.push_back("");
    std::vector<std::string> header = header_lines(c);
    out.insert(out.end(), header.begin(), header.end());
    out.push_back("    ...");
  }
  if (out.empty()) out.push_back("# (empty module)");
  return joined(out, r.max_lines);
}

}  // namespace codetrace
