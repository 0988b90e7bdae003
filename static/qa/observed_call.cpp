#include "static/qa/observed_call.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>

#include "core/text.hpp"

namespace codetrace {
namespace {

constexpr size_t kNone = std::string_view::npos;

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool ident_char(char c) { return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

// Where the string literal at `i` (its prefix or its quote) ends; kNone when it is not one, is
// an f-string (it would run code), or is not closed.
size_t string_end(std::string_view s, size_t i) {
  size_t q = i;
  while (q < s.size() && q - i < 2 && std::strchr("rRbBuU", s[q]) && s[q] != '\0') ++q;
  if (q >= s.size() || (s[q] != '\'' && s[q] != '"')) return kNone;
  char quote = s[q];
  bool triple = s.substr(q, 3) == std::string(3, quote);
  size_t j = q + (triple ? 3 : 1);
  while (j < s.size()) {
    if (s[j] == '\\') {
      j += 2;
      continue;
    }
    if (triple ? s.substr(j, 3) == std::string(3, quote) : s[j] == quote) return j + (triple ? 3 : 1);
    if (!triple && s[j] == '\n') return kNone;
    ++j;
  }
  return kNone;
}

bool starts_string(std::string_view s, size_t i) {
  if (s[i] == '\'' || s[i] == '"') return true;
  size_t q = i;
  while (q < s.size() && q - i < 2 && std::strchr("rRbBuU", s[q]) && s[q] != '\0') ++q;
  return q > i && q < s.size() && (s[q] == '\'' || s[q] == '"');
}

size_t number_end(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && (ident_char(s[j]) || s[j] == '.' ||
                          ((s[j] == '+' || s[j] == '-') && j > i && (s[j - 1] == 'e' || s[j - 1] == 'E') && !(s.substr(i, 2) == "0x" || s.substr(i, 2) == "0X"))))
    ++j;
  return j;
}

size_t skip_space(std::string_view s, size_t i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// Splits `text` at the top-level occurrences of `separator` (not in strings or brackets).
std::vector<std::string> split_top(std::string_view text, char separator, size_t max_parts = kNone) {
  std::vector<std::string> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (starts_string(text, i) && (i == 0 || !ident_char(text[i - 1]))) {
      size_t end = string_end(text, i);
      i = end == kNone ? text.size() : end;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') --depth;
    else if (c == separator && depth == 0 && parts.size() + 1 < max_parts) {
      parts.emplace_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
    ++i;
  }
  parts.emplace_back(trim(text.substr(start)));
  return parts;
}

bool is_keyword(std::string_view word) {
  static const std::set<std::string_view> keywords = {"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
                                                      "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
                                                      "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
                                                      "return", "try", "while", "with", "yield"};
  return keywords.count(word) > 0;
}

bool is_identifier(std::string_view word) {
  if (word.empty() || !ident_start(word[0]) || is_keyword(word)) return false;
  return std::all_of(word.begin(), word.end(), ident_char);
}


bool has_decorator(const Symbol& s, std::string_view name) {
  for (const std::string& d : s.decorators)
    if (d == name || ends_with(d, "." + std::string(name))) return true;
  return false;
}

// Operators and builtins that call a dunder: `a + b` for a.__add__(b), `len(a)` for a.__len__().
struct Spelling {
  const char* format;  // %s: the receiver, %o: the other operand
  int operands;        // 1: the receiver only, 2: and one argument
};
const std::multimap<std::string_view, Spelling>& dunder_spellings() {
  static const std::multimap<std::string_view, Spelling> table = {
      {"__add__", {"%s + %o", 2}},       {"__sub__", {"%s - %o", 2}},       {"__mul__", {"%s * %o", 2}},
      {"__truediv__", {"%s / %o", 2}},   {"__floordiv__", {"%s // %o", 2}}, {"__mod__", {"%s % %o", 2}},
      {"__pow__", {"%s ** %o", 2}},      {"__matmul__", {"%s @ %o", 2}},    {"__and__", {"%s & %o", 2}},
      {"__or__", {"%s | %o", 2}},        {"__xor__", {"%s ^ %o", 2}},       {"__lshift__", {"%s << %o", 2}},
      {"__rshift__", {"%s >> %o", 2}},   {"__eq__", {"%s == %o", 2}},       {"__ne__", {"%s != %o", 2}},
      {"__lt__", {"%s < %o", 2}},        {"__le__", {"%s <= %o", 2}},       {"__gt__", {"%s > %o", 2}},
      {"__ge__", {"%s >= %o", 2}},       {"__getitem__", {"%s[%o]", 2}},    {"__contains__", {"%o in %s", 2}},
      {"__neg__", {"-%s", 1}},           {"__pos__", {"+%s", 1}},           {"__invert__", {"~%s", 1}},
      {"__abs__", {"abs(%s)", 1}},       {"__len__", {"len(%s)", 1}},       {"__bool__", {"bool(%s)", 1}},
      {"__int__", {"int(%s)", 1}},       {"__float__", {"float(%s)", 1}},   {"__str__", {"str(%s)", 1}},
      {"__repr__", {"repr(%s)", 1}},     {"__hash__", {"hash(%s)", 1}},     {"__round__", {"round(%s)", 1}},
      {"__round__", {"round(%s, %o)", 2}},
  };
  return table;
}

std::string spell(const char* format, const std::string& self, const std::string& other) {
  std::string out;
  for (const char* p = format; *p; ++p)
    if (p[0] == '%' && p[1] == 's') out += self, ++p;
    else if (p[0] == '%' && p[1] == 'o') out += other, ++p;
    else out += *p;
  return out;
}

// The builtin a spelling calls, shadowed when the module binds the same name.
bool spelling_usable(const char* format, const std::vector<std::string>& globals) {
  std::string_view f = format;
  size_t paren = f.find('(');
  if (paren == kNone) return true;
  return !std::binary_search(globals.begin(), globals.end(), std::string(f.substr(0, paren)));
}

// The path of `s` inside its module: "Fraction.limit_denominator" for fractions.Fraction.limit_denominator.
std::optional<std::string> path_in_module(const ModuleModel& m, const Symbol& s) {
  for (int p = s.parent; p > 0; p = m.symbols[p].parent)
    if (m.symbols[p].kind == SymbolKind::Function || m.symbols[p].kind == SymbolKind::Method) return std::nullopt;  // nested
  if (m.module_name.empty()) return s.qualname;
  if (!starts_with(s.qualname, m.module_name + ".")) return std::nullopt;
  return s.qualname.substr(m.module_name.size() + 1);
}

}  // namespace

bool showable_value(const std::string& repr) {
  return !repr.empty() && repr.find(" at 0x") == std::string::npos && repr.find("<redacted>") == std::string::npos &&
         !ends_with(repr, "...") && repr.find('\n') == std::string::npos;
}

ValueForm value_form(std::string_view s, const std::vector<std::string>* names, const std::set<std::string>* builtins) {
  s = trim(s);
  if (s.empty()) return ValueForm::Unusable;
  ValueForm form = ValueForm::Literal;
  std::vector<std::pair<char, bool>> open;  // bracket, and whether it is a call's parenthesis
  bool after_callee = false;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    bool callee = after_callee;
    after_callee = false;
    if (starts_string(s, i)) {
      size_t end = string_end(s, i);
      if (end == kNone) return ValueForm::Unusable;
      i = end;
    } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      i = number_end(s, i);
    } else if (ident_start(c)) {
      size_t j = i;
      while (j < s.size() && (ident_char(s[j]) || (s[j] == '.' && j + 1 < s.size() && ident_start(s[j + 1])))) ++j;
      std::string_view word = s.substr(i, j - i);
      size_t next = skip_space(s, j);
      i = j;
      if (word == "True" || word == "False" || word == "None") continue;
      bool keyword_argument = next < s.size() && s[next] == '=' && s.substr(next, 2) != "==" && !open.empty() && open.back().second;
      if (keyword_argument && is_identifier(word)) {
        i = next + 1;
        continue;
      }
      if (next >= s.size() || s[next] != '(') return ValueForm::Unusable;  // a bare name: `nan`, `inf`, a variable
      std::string first(word.substr(0, word.find('.')));
      bool bound = (names && std::binary_search(names->begin(), names->end(), first)) || (builtins && builtins->count(first));
      if (!bound) return ValueForm::Unusable;
      form = ValueForm::Constructor;
      after_callee = true;
    } else if (c == '(' || c == '[' || c == '{') {
      open.emplace_back(c, c == '(' && callee);
      ++i;
    } else if (c == ')' || c == ']' || c == '}') {
      char want = c == ')' ? '(' : c == ']' ? '[' : '{';
      if (open.empty() || open.back().first != want) return ValueForm::Unusable;
      open.pop_back();
      ++i;
    } else if (c == ',' || c == ':' || c == '-' || c == '+') {
      ++i;
    } else {
      return ValueForm::Unusable;  // `<`, `...`, `*`, an operator: not a value written back
    }
  }
  return open.empty() ? form : ValueForm::Unusable;
}

std::optional<std::vector<std::string>> container_items(std::string_view repr) {
  repr = trim(repr);
  if (repr.size() < 2) return std::nullopt;
  char first = repr.front(), last = repr.back();
  if (!((first == '(' && last == ')') || (first == '[' && last == ']') || (first == '{' && last == '}'))) return std::nullopt;
  std::string_view inner = trim(repr.substr(1, repr.size() - 2));
  if (split_top(repr, ',').size() != 1) return std::nullopt;  // "(1), (2)": two values, not one container
  std::vector<std::string> items;
  if (inner.empty()) return items;
  items = split_top(inner, ',');
  if (items.back().empty()) items.pop_back();  // ('a',)
  return items;
}

std::optional<RenderedCall> render_observed_call(const ModuleModel& m, const Symbol& s,
                                                 const std::vector<std::pair<std::string, std::string>>& args,
                                                 const std::set<std::string>* builtins) {
  if (s.kind != SymbolKind::Function && s.kind != SymbolKind::Method) return std::nullopt;
  // A generator's or coroutine's call returns an object whose repr is an address; what the hook
  // saw "return" was the first value it yielded.
  if (s.is_generator || s.signature.is_async) return std::nullopt;
  if (has_decorator(s, "overload") || has_decorator(s, "setter") || has_decorator(s, "deleter") || s.is_abstract_stub) return std::nullopt;
  std::optional<std::string> path = path_in_module(m, s);
  if (!path) return std::nullopt;
  std::map<std::string, std::string> value_of(args.begin(), args.end());
  RenderedCall out;
  out.literal_arguments = true;
  auto usable = [&](const std::string& repr, bool argument) {
    if (!showable_value(repr)) return false;
    ValueForm form = value_form(repr, &m.globals, builtins);
    if (form == ValueForm::Unusable) return false;
    if (argument && form != ValueForm::Literal) out.literal_arguments = false;
    return true;
  };
  const std::vector<Parameter>& params = s.signature.params;
  for (const Parameter& p : params)
    if (!value_of.count(p.name)) return std::nullopt;

  // The receiver: the class for a classmethod, the observed instance when it is written back
  // exactly (a constructor expression), nothing for a staticmethod.
  size_t first = 0;
  std::string receiver;
  bool instance = false;
  std::string owner = path->substr(0, path->rfind('.') == std::string::npos ? 0 : path->rfind('.'));
  if (s.kind == SymbolKind::Method && !has_decorator(s, "staticmethod")) {
    if (params.empty() || params[0].kind == ParamKind::VarPositional) return std::nullopt;
    first = 1;
    if (has_decorator(s, "classmethod")) {
      receiver = owner;
    } else {
      const std::string& r = value_of[params[0].name];
      if (!showable_value(r) || value_form(r, &m.globals, builtins) != ValueForm::Constructor) return std::nullopt;
      receiver = r;
      instance = true;
      out.values.push_back(r);
    }
  } else if (s.kind == SymbolKind::Method) {
    receiver = owner;
  }

  bool spread = false;  // *args passed something: every earlier parameter goes by position
  for (const Parameter& p : params)
    if (p.kind == ParamKind::VarPositional) {
      std::optional<std::vector<std::string>> items = container_items(value_of[p.name]);
      if (!items) return std::nullopt;
      spread = !items->empty();
    }
  std::vector<std::string> parts;
  bool by_keyword = false;  // an argument was left out: the later ones go by name
  for (size_t i = first; i < params.size(); ++i) {
    const Parameter& p = params[i];
    const std::string& v = value_of[p.name];
    if (p.kind == ParamKind::VarPositional || p.kind == ParamKind::VarKeyword) {
      std::optional<std::vector<std::string>> items = container_items(v);
      if (!items) return std::nullopt;
      for (const std::string& item : *items) {
        std::string text = item;
        if (p.kind == ParamKind::VarKeyword) {
          std::vector<std::string> kv = split_top(item, ':', 2);
          if (kv.size() != 2 || kv[0].size() < 3 || (kv[0][0] != '\'' && kv[0][0] != '"')) return std::nullopt;
          std::string key = kv[0].substr(1, kv[0].size() - 2);
          if (!is_identifier(key)) return std::nullopt;
          text = key + "=" + kv[1];
          if (!usable(kv[1], true)) return std::nullopt;
        } else if (!usable(item, true)) {
          return std::nullopt;
        }
        parts.push_back(text);
        out.values.push_back(p.kind == ParamKind::VarKeyword ? text.substr(text.find('=') + 1) : item);
      }
      continue;
    }
    if (!usable(v, true)) return std::nullopt;
    bool positional = p.kind == ParamKind::PositionalOnly || p.kind == ParamKind::PositionalOrKeyword;
    if (p.has_default && v == p.default_value && !(spread && positional)) {
      // Left out. A positional-only parameter after it must then be given, so this one is too.
      bool later_positional_only = false;
      for (size_t k = i + 1; k < params.size(); ++k)
        if (params[k].kind == ParamKind::PositionalOnly && !(params[k].has_default && value_of[params[k].name] == params[k].default_value))
          later_positional_only = true;
      if (!later_positional_only) {
        if (positional) by_keyword = true;
        continue;
      }
    }
    parts.push_back(positional && !by_keyword ? v : p.name + "=" + v);
    out.values.push_back(v);
  }
  out.arguments = join(parts, ", ");

  bool property = has_decorator(s, "property") || has_decorator(s, "cached_property");
  if (property) {
    if (!instance || !parts.empty()) return std::nullopt;
    out.callee = receiver + "." + s.name;
    out.expression = out.callee;
    return out;
  }
  out.callee = receiver.empty() ? *path : receiver + "." + s.name;
  out.expression = out.callee + "(" + out.arguments + ")";
  out.plain_call = true;
  auto [from, to] = dunder_spellings().equal_range(s.name);
  for (auto spelling = from; instance && spelling != to; ++spelling)
    if (static_cast<int>(parts.size()) + 1 == spelling->second.operands &&
        (parts.empty() || value_form(parts[0], &m.globals, builtins) != ValueForm::Unusable) &&  // not `name=value`
        spelling_usable(spelling->second.format, m.globals)) {
      out.expression = spell(spelling->second.format, receiver, parts.empty() ? "" : parts[0]);
      out.plain_call = false;
    }
  return out;
}

bool has_long_float(std::string_view repr) {
  for (size_t i = 0; i < repr.size();) {
    if (starts_string(repr, i) && (i == 0 || !ident_char(repr[i - 1]))) {
      size_t end = string_end(repr, i);
      if (end == kNone) return false;
      i = end;
    } else if (ident_start(repr[i])) {
      while (i < repr.size() && ident_char(repr[i])) ++i;
    } else if (std::isdigit(static_cast<unsigned char>(repr[i]))) {
      size_t end = number_end(repr, i);
      std::string_view number = repr.substr(i, end - i);
      if (number.find_first_of(".eE") != kNone && number.find_first_of("xX") == kNone) {
        std::string_view mantissa = number.substr(0, number.find_first_of("eE"));
        size_t digits = 0;
        bool leading = true;
        for (char c : mantissa) {
          if (!std::isdigit(static_cast<unsigned char>(c))) continue;
          if (c != '0') leading = false;
          if (!leading) ++digits;
        }
        if (digits > 6) return true;
      }
      i = end;
    } else {
      ++i;
    }
  }
  return false;
}

namespace {

// The names a piece of Python code uses, with where each ends and whether it is an attribute
// (`x.name`); strings and comments skipped.
struct NameUse {
  std::string name;
  size_t end = 0;
  bool attribute = false;
};
std::vector<NameUse> names_used(std::string_view code) {
  std::vector<NameUse> names;
  for (size_t i = 0; i < code.size();) {
    char c = code[i];
    if (c == '#') {
      while (i < code.size() && code[i] != '\n') ++i;
    } else if (starts_string(code, i) && (i == 0 || !ident_char(code[i - 1]))) {
      size_t end = string_end(code, i);
      if (end == kNone) {  // a string left open on this line: skip the line
        while (i < code.size() && code[i] != '\n') ++i;
      } else {
        i = end;
      }
    } else if (ident_start(c)) {
      size_t j = i;
      while (j < code.size() && ident_char(code[j])) ++j;
      size_t before = i;
      while (before > 0 && (code[before - 1] == ' ' || code[before - 1] == '\t')) --before;
      names.push_back({std::string(code.substr(i, j - i)), j, before > 0 && code[before - 1] == '.'});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      i = number_end(code, i);
    } else {
      ++i;
    }
  }
  return names;
}

// The bare names (not attributes), with where each ends.
std::vector<std::pair<std::string, size_t>> bare_names(std::string_view code) {
  std::vector<std::pair<std::string, size_t>> out;
  for (NameUse& n : names_used(code))
    if (!n.attribute) out.emplace_back(std::move(n.name), n.end);
  return out;
}

// Whether the code after a name changes the value in place: `NAME.append(...)`, `NAME[k] = v`,
// `NAME.attr = v`, `NAME[k] += v`.
bool changed_in_place(std::string_view code, size_t after) {
  static const std::set<std::string_view> mutators = {"append", "extend", "insert", "pop", "popitem", "remove", "clear",
                                                      "update", "add", "discard", "setdefault", "sort", "reverse"};
  size_t i = skip_space(code, after);
  if (i < code.size() && code[i] == '.') {
    size_t j = skip_space(code, i + 1), k = j;
    while (k < code.size() && ident_char(code[k])) ++k;
    size_t next = skip_space(code, k);
    if (next < code.size() && code[next] == '(' && mutators.count(code.substr(j, k - j))) return true;
    i = next;  // `NAME.attr` then maybe an assignment
  } else if (i < code.size() && code[i] == '[') {
    int depth = 0;
    for (; i < code.size(); ++i) {
      if (code[i] == '[') ++depth;
      else if (code[i] == ']' && --depth == 0) break;
      else if (code[i] == '\n') return false;
    }
    i = skip_space(code, i + 1);
  } else {
    return false;
  }
  if (i < code.size() && std::strchr("+-*/|&", code[i]) && code[i] != '\0' && i + 1 < code.size() && code[i + 1] == '=') return true;
  return i < code.size() && code[i] == '=' && (i + 1 >= code.size() || code[i + 1] != '=');
}

std::string_view lines_of(const ModuleModel& m, int first, int last) {
  std::string_view src = m.source;
  size_t begin = 0;
  for (int n = 1; n < first && begin != kNone; ++n) begin = src.find('\n', begin) + 1;
  size_t end = begin;
  for (int n = first; n <= last && end < src.size(); ++n) {
    size_t nl = src.find('\n', end);
    end = nl == kNone ? src.size() : nl + 1;
  }
  return begin == kNone || begin > src.size() ? std::string_view() : src.substr(begin, end - begin);
}

}  // namespace

std::set<std::string> identifiers_in(std::string_view code) {
  std::set<std::string> out;
  for (NameUse& n : names_used(code)) out.insert(std::move(n.name));
  return out;
}

std::set<std::string> globals_written(const ModuleModel& m) {
  std::set<std::string> out;
  for (const Symbol& s : m.symbols) {
    if (s.kind != SymbolKind::Function && s.kind != SymbolKind::Method) continue;
    std::string_view code = lines_of(m, s.def_line, s.end_line);
    for (std::string_view line : split_lines(code)) {
      line = trim(line);
      if (!starts_with(line, "global ")) continue;
      line = line.substr(0, line.find('#'));
      for (std::string name : split_top(line.substr(7), ','))
        if (is_identifier(name)) out.insert(name);
    }
    for (const auto& [name, end] : bare_names(code))
      if (std::binary_search(m.globals.begin(), m.globals.end(), name) && !m.imported.count(name) && changed_in_place(code, end))
        out.insert(name);
  }
  return out;
}

std::string nondeterminism(const ModuleModel& m, const Symbol& s, const std::set<std::string>& written) {
  // The modules and builtins through which a result can depend on the clock, chance, the
  // process's environment, files or the network.
  static const std::set<std::string> outside = {"time", "random", "datetime", "uuid", "secrets", "os", "socket", "subprocess",
                                                "threading", "multiprocessing", "asyncio", "tempfile", "shutil", "signal",
                                                "select", "getpass", "input", "open", "id", "urllib", "http", "requests", "sys"};
  std::vector<std::pair<std::string, size_t>> names = bare_names(lines_of(m, s.def_line, s.end_line));
  for (const auto& [n, end] : names)
    if (outside.count(n)) return "it uses `" + n + "`";
  for (const auto& [n, end] : names)
    if (n == "global") return "it assigns a global";
  for (const auto& [n, end] : names)
    if (written.count(n)) return "it uses `" + n + "`, which a function of the module changes";
  return "";
}

}  // namespace codetrace
