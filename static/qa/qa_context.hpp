#pragma once
// The `context` of a Q&A pair: what a model is given beside the question, and enough to answer
// it. A function or method: its source (decorators, signature, body; a method under its class's
// header line), after the module-level constants it names. A class: its outline (header, docstring, fields, each member's header and
// docstring summary, bodies as `...`). A module: its outline (docstring, imports, top-level
// headers). When the answer is read from the docstring or a comment, that text is removed from
// the context (the answer must not be readable in the prompt). Code longer than `max_lines`
// is cut, with a last line saying how many lines were left out.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "static/module_model.hpp"

namespace codetrace {

struct ContextRequest {
  bool hide_docstring = false;     // the answer comes from the docstring
  int hide_comment_first = 0;      // the answer comes from the comment on these lines (0: none)
  int hide_comment_last = 0;
  std::string hide_comment_text;   // that comment's text (a trailing comment is cut from its line)
  bool with_imports = false;       // prepend the module's top-level imports (call questions)
  int focus_line = 0;              // code longer than max_lines is shown around this line (0: from the top)
  int max_lines = 120;             // --context-lines
};

class ContextBuilder {
 public:
  explicit ContextBuilder(const ModuleModel& module);
  std::string build(const Symbol& symbol, const ContextRequest& request) const;
  // build(), after the code of the helpers() it calls: the context of a question about what a
  // call computes (an example, an observed call).
  std::string build_with_helpers(const Symbol& symbol, const ContextRequest& request) const;
  // The module's own top-level functions that `s` calls by name, as code (docstrings hidden), at
  // most `limit`: what a reader needs to work out a call's result.
  std::vector<std::string> helpers(const Symbol& s, const ContextRequest& request, size_t limit = 3) const;
  // One line of the source (1-based), "" outside it; valid as long as the builder.
  std::string_view source_line(int number) const { return line(number); }
  // The module's top-level import statements, as written.
  const std::vector<std::string>& imports() const { return imports_; }

 private:
  std::string function_source(const Symbol& s, const ContextRequest& r) const;
  std::string class_outline(const Symbol& s, const ContextRequest& r) const;
  std::string module_outline(const Symbol& s, const ContextRequest& r) const;
  // A module's or class's own code around r.focus_line (a comment on one of its statements).
  std::string code_window(const Symbol& s, const ContextRequest& r) const;
  // The `def`/`class` line(s) up to the colon; with the decorators before them.
  std::vector<std::string> def_lines(const Symbol& s) const;
  std::vector<std::string> header_lines(const Symbol& s) const;
  // Line n as shown: without the comment the question is about (nullopt: the line is that comment).
  std::optional<std::string> without_asked_comment(int n, const ContextRequest& r) const;
  std::vector<std::string> docstring_lines(const Symbol& s) const;
  const std::string& line(int number) const;
  // The module-level constants a piece of code names (`VAT_RATES = {...}` for `VAT_RATES[c]`).
  std::vector<std::string> constants_used(const std::vector<std::string>& code) const;

  const ModuleModel& m_;
  std::vector<std::string> lines_;  // 0-based copy of the source lines
  std::vector<std::string> imports_;
  std::vector<std::pair<std::string, std::string>> constants_;  // top-level `NAME = ...`, in source order
};

// The kind of question asked about a symbol decides what is hidden from its context.
inline constexpr int kDefaultContextLines = 120;

}  // namespace codetrace
