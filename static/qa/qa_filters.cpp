#include "static/qa/qa_filters.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/hash.hpp"
#include "core/text.hpp"

namespace codetrace {
namespace {

// "process_data" / "processData" / "ProcessData" -> {"process", "data"}.
std::set<std::string> name_words(std::string_view name) {
  std::set<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) out.insert(to_lower(current));
    current.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '_' || c == '.') {
      flush();
      continue;
    }
    if (std::isupper(static_cast<unsigned char>(c)) && !current.empty() &&
        !std::isupper(static_cast<unsigned char>(current.back())))
      flush();
    current += c;
  }
  flush();
  return out;
}

bool starts_with_marker(std::string_view text, std::initializer_list<const char*> markers) {
  std::string lower = to_lower(text.substr(0, 16));
  for (const char* m : markers)
    if (starts_with(lower, m)) return true;
  return false;
}

}  // namespace

bool is_trivial_docstring(std::string_view text, std::string_view symbol_name) {
  std::vector<std::string_view> w = words(text);
  if (w.size() < 3) return true;
  if (starts_with_marker(trim(text), {"todo", "fixme", "xxx", "tbd", "not implemented", "placeholder", "stub"}))
    return true;
  // Every word is a word of the name or filler: "Return the name." for get_name.
  static const std::set<std::string> filler = {"the", "a", "an", "this", "of", "for", "to", "return", "returns",
                                               "get", "gets", "set", "sets", "function", "method", "class",
                                               "object", "value", "given", "is", "it", "in", "and", "on", "by",
                                               "be", "as", "at", "or", "from", "with", "that"};
  std::set<std::string> own = name_words(symbol_name);
  return std::all_of(w.begin(), w.end(), [&](std::string_view word) {
    std::string lower = to_lower(word);
    return own.count(lower) || filler.count(lower);
  });
}

bool is_explanatory_comment(std::string_view raw) {
  std::string_view text = trim(raw);
  if (words(text).size() < 3) return false;
  if (starts_with_marker(text, {"todo", "fixme", "xxx", "hack", "noqa", "type:", "pragma", "pylint", "fmt:",
                                "isort:", "mypy:", "pyright:", "-*-", "!", "vim:", "spdx", "copyright",
                                "license", "nosec", "coding"}))
    return false;
  std::string lower = to_lower(text);
  if (lower.find("coding:") != std::string::npos || lower.find("coding=") != std::string::npos) return false;
  // A reply to the comment before it ("Yes, largest is ...", "Or start at zero"): half a dialogue.
  for (const char* reply : {"yes,", "yes ", "no,", "or ", "ok,", "ok ", "hmm", "nope", "also "})
    if (starts_with(lower, reply)) return false;
  // A version constraint or changelog stamp ("email-validator >= 2", "py3.10+ only").
  if (words(text).size() <= 5 && (lower.find(">=") != std::string::npos || lower.find("<=") != std::string::npos ||
                                  lower.find("==") != std::string::npos))
    return false;
  // Commented-out code: ends like code, or assigns, or starts with a statement keyword.
  char last = text.back();
  if (last == ')' || last == ':' || last == ']' || last == ',' || last == '{' || last == '(') {
    if (text.find('(') != std::string_view::npos || last == ':' || last == ',') return false;
  }
  if (text.find(" = ") != std::string_view::npos && text.find(' ') == text.find(" = ")) return false;
  for (const char* kw : {"import ", "from ", "return ", "def ", "class ", "print(", "self.", "raise ", "assert "})
    if (starts_with(text, kw)) return false;
  // Prose is mostly letters; tables, diagrams and byte layouts in comments are not.
  size_t letters = 0, visible = 0;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isspace(u)) continue;
    ++visible;
    if (std::isalpha(u) || u >= 0x80) ++letters;
  }
  return letters * 10 >= visible * 6;
}

bool is_private_name(std::string_view name) {
  if (name.empty() || name[0] != '_') return false;
  bool dunder = name.size() > 4 && starts_with(name, "__") && ends_with(name, "__");
  return !dunder;
}

bool is_private_symbol(const ModuleModel& m, const Symbol& s) {
  for (const Symbol* x = &s;; x = &m.symbols[x->parent]) {
    if (is_private_name(x->name)) return true;
    if (x->parent < 0) break;
  }
  for (std::string_view part : words(m.module_name))
    if (is_private_name(part)) return true;
  return false;
}

size_t remove_duplicates(std::vector<QaPair>& pairs, std::unordered_set<std::uint64_t>& seen, NearDuplicateIndex* near) {
  size_t before = pairs.size();
  pairs.erase(std::remove_if(pairs.begin(), pairs.end(),
                             [&](const QaPair& p) {
                               if (!seen.insert(hash_parts({p.question, p.answer})).second) return true;
                               if (near && near->add(near_duplicate_text(p.question, p.answer, p.question_type, p.context)) >= 0) return true;
                               // A docstring or comment copied to another symbol (an override that
                               // repeats its base's docstring, a duplicated helper) is one fact: the
                               // first symbol that says it keeps the pair. Short answers (an example's
                               // `True`) are facts of their own.
                               bool copied_text = (p.answer_source == "docstring" || p.answer_source == "comment") &&
                                                  p.question_type != "example" && p.answer.size() >= 40;
                               return copied_text && !seen.insert(hash_parts({"copied", p.question_type, p.answer})).second;
                             }),
              pairs.end());
  return before - pairs.size();
}

}  // namespace codetrace
