// Question kinds, one function each, in the order their pairs appear for a symbol:
//   module_purpose  What is the module `shop.io` for?                  (module docstring)
//   purpose         What does `shop.io.load_data` do?                 (docstring, else comment above it)
//   inputs          What are the inputs of `...load_data`?            (signature + documented params)
//   outputs         What does `...load_data` return / yield?           (annotation, docs, return statements)
//   raises          What exceptions can `...load_data` raise?          (docs + raise statements)
//   class_interface What are the inputs and outputs of class `Cart`?   (constructor/fields + methods)
//   deprecation     Is `...` deprecated?                                (docstring)
//   example         What does `add(2, 3)` return?                      (doctest in the docstring)
//   code_comment    What does `total += tax` do in `...`? / Why ...?   (comment on that code)
//   calls           Which functions does `...` call?                   (call graph, with --callgraph)
//   callers         Where is `...` called from?                         (call graph, with --callgraph)
//   location        Where is `...Cart` defined?                        (syntax tree)
#include "static/qa/qa_generator.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/hash.hpp"
#include "core/json_line.hpp"
#include "core/text.hpp"
#include "core/validate/near_duplicates.hpp"
#include "static/qa/doctest_session.hpp"
#include "static/qa/pair_builder.hpp"
#include "static/qa/qa_filters.hpp"

namespace codetrace {
namespace {


std::string lines_text(int a, int b) {
  return a == b ? "line " + std::to_string(a) : "lines " + std::to_string(a) + "\u2013" + std::to_string(b);
}

// One of several phrasings of a question, the same for a symbol and kind in every run.
std::string phrasing(const Symbol& s, std::string_view kind, const std::vector<std::string>& forms) {
  return forms[hash_parts({s.qualname, std::string(kind)}) % forms.size()];
}

std::string kind_phrase(const Symbol& s) {
  switch (s.kind) {
    case SymbolKind::Class: return "class";
    case SymbolKind::Method: return "method";
    case SymbolKind::Function: return "function";
    case SymbolKind::Module: return "module";
  }
  return "function";
}

bool is_property(const Symbol& s) {
  for (const std::string& d : s.decorators)
    if (d == "property" || d == "functools.cached_property" || d == "cached_property" || ends_with(d, ".getter"))
      return true;
  return false;
}

bool is_static(const Symbol& s) {
  return std::find(s.decorators.begin(), s.decorators.end(), "staticmethod") != s.decorators.end();
}

// Parameters a caller passes: without the implicit self/cls of a method.
std::vector<const Parameter*> caller_params(const Symbol& s) {
  std::vector<const Parameter*> out;
  for (size_t i = 0; i < s.signature.params.size(); ++i) {
    const Parameter& p = s.signature.params[i];
    if (i == 0 && s.kind == SymbolKind::Method && !is_static(s) && (p.name == "self" || p.name == "cls")) continue;
    out.push_back(&p);
  }
  return out;
}

const DocParam* documented(const Symbol& s, const std::string& name) {
  for (const DocParam& d : s.doc.params) {
    std::string_view n = d.name;
    while (!n.empty() && n.front() == '*') n.remove_prefix(1);
    if (n == name) return &d;
  }
  return nullptr;
}

const DocParam* documented_attribute(const Symbol& s, const std::string& name) {
  for (const DocParam& d : s.doc.attributes)
    if (d.name == name) return &d;
  return nullptr;
}

int docstring_end(const Symbol& s) { return s.docstring_end_line ? s.docstring_end_line : s.docstring_line; }

// A summary that is a title ("Multi-line Adjacency List", a reST heading): a few words with no
// sentence's end, which the paragraph after it explains.
bool title_like(const std::string& summary) {
  if (summary.empty() || words(summary).size() > 6) return false;
  char last = summary.back();
  return last != '.' && last != '!' && last != '?' && last != ':' && last != ')';
}

// Prose of the docstring: summary plus the paragraphs after it, at most ~600 characters (a title
// keeps at least the paragraph after it).
std::string prose(const Symbol& s) {
  std::string text = s.doc.summary;
  // A heading that is only the symbol's own name ("requests.compat" over its module docstring).
  if ((text == s.qualname || text == s.name || ends_with(s.qualname, "." + text)) && !s.doc.description.empty()) return s.doc.description;
  if (title_like(text) && !s.doc.description.empty() && text.size() + s.doc.description.size() >= 600)
    return text + "\n\n" + s.doc.description.substr(0, s.doc.description.find("\n\n"));
  if (!s.doc.description.empty() && (text.size() + s.doc.description.size() < 600 || is_trivial_docstring(text, s.name)))
    text += (text.empty() ? "" : "\n\n") + s.doc.description;
  return text;
}

// Triviality is judged on the whole prose: a docstring whose first line only names the thing
// ("*401* `Unauthorized`", a heading) can still explain it in the paragraphs that follow.
bool has_useful_docstring(const Symbol& s) {
  if (s.docstring.empty() || (s.doc.summary.empty() && s.doc.description.empty())) return false;
  return !is_trivial_docstring(s.doc.description.empty() ? s.doc.summary : s.doc.summary + " " + s.doc.description, s.name);
}

void purpose(PairBuilder& b, const Symbol& s) {
  std::string name = code(s.qualname);
  std::string question = s.kind == SymbolKind::Class
                             ? phrasing(s, "purpose", {"What is the class " + name + " for?", "What does the class " + name + " represent?",
                                                       "Describe the class " + name + "."})
                             : phrasing(s, "purpose", {"What does the " + kind_phrase(s) + " " + name + " do?", "Explain what " + name + " does.",
                                                       "What is the purpose of the " + kind_phrase(s) + " " + name + "?"});
  if (has_useful_docstring(s)) {
    b.add(s, "purpose", question, prose(s), "docstring", s.docstring_line, docstring_end(s));
    return;
  }
  std::string comment = collapse_whitespace(join(s.leading_comments, " "));
  // A comment above a definition that speaks of several ("First we define some auxiliary search
  // functions ...") introduces a group, it is not this one's purpose.
  std::string lower = to_lower(comment);
  bool group = lower.find("functions") != std::string::npos || lower.find("methods") != std::string::npos ||
               lower.find("the following") != std::string::npos || lower.find("below") != std::string::npos;
  if (!comment.empty() && !group && is_explanatory_comment(comment) && !is_trivial_docstring(comment, s.name)) {
    int first = s.leading_comment_line;
    b.add(s, "purpose", question, comment, "comment", first, first + static_cast<int>(s.leading_comments.size()) - 1);
  }
}

void module_purpose(PairBuilder& b, const Symbol& s) {
  if (!has_useful_docstring(s)) return;
  std::string name = code(s.qualname);
  b.add(s, "module_purpose",
        phrasing(s, "module_purpose", {"What is the module " + name + " for?", "What does the module " + name + " provide?",
                                       "Summarise what the module " + name + " is about."}),
        prose(s), "docstring", s.docstring_line, docstring_end(s));
}

std::string describe_param(const Parameter& p, const DocParam* d) {
  std::string name = p.name;
  if (p.kind == ParamKind::VarPositional) name = "*" + name;
  if (p.kind == ParamKind::VarKeyword) name = "**" + name;
  std::vector<std::string> facts;
  std::string type = !p.annotation.empty() ? p.annotation : (d ? d->type : "");
  if (!type.empty()) facts.push_back(type);
  if (p.kind == ParamKind::KeywordOnly) facts.push_back("keyword-only");
  if (p.kind == ParamKind::PositionalOnly) facts.push_back("positional-only");
  if (p.has_default) facts.push_back("default " + code(p.default_value));
  else if (p.kind != ParamKind::VarPositional && p.kind != ParamKind::VarKeyword) facts.push_back("required");
  std::string line = "- " + code(name);
  if (!facts.empty()) line += " (" + join(facts, ", ") + ")";
  if (d && !d->description.empty()) line += ": " + d->description;
  return line;
}

void inputs(PairBuilder& b, const Symbol& s) {
  std::vector<const Parameter*> params = caller_params(s);
  if (params.empty() || is_property(s)) return;
  bool from_doc = false;
  std::vector<std::string> lines;
  for (const Parameter* p : params) {
    const DocParam* d = documented(s, p->name);
    from_doc = from_doc || (d && !d->description.empty());
    lines.push_back(describe_param(*p, d));
  }
  std::string answer = code(s.name) + " takes " + std::to_string(params.size()) +
                       (params.size() == 1 ? " parameter:\n" : " parameters:\n") + join(lines, "\n");
  std::string name = code(s.qualname);
  b.add(s, "inputs",
        phrasing(s, "inputs", {"What are the inputs of " + name + "?", "What parameters does " + name + " take?",
                               "Which arguments does " + name + " accept?"}),
        answer, from_doc ? "docstring" : "signature",
        from_doc ? s.docstring_line : s.def_line, from_doc ? docstring_end(s) : s.def_line);
}

std::string describe_returns(const std::vector<DocReturn>& items) {
  std::vector<std::string> parts;
  for (const DocReturn& r : items) {
    std::string part = r.description;
    std::string type = r.type.empty() ? "" : code(r.type);
    if (!r.name.empty()) part = code(r.name) + (type.empty() ? "" : " (" + type + ")") + (part.empty() ? "" : ": " + part);
    else if (!type.empty()) part = part.empty() ? type : part + " (" + type + ")";
    if (!part.empty()) parts.push_back(part);
  }
  return join(parts, "; ");
}

// Every `return` gives a bare local variable (`return G`, `return s`): "It returns `G`" says
// nothing the code in the context does not, and nothing about what G is.
bool returns_only_locals(const Symbol& s) {
  for (const ReturnSite& r : s.returns) {
    // `return obj, end` is a tuple of locals: each part is looked at.
    std::string text = r.text;
    if (text.size() > 2 && text.front() == '(' && text.back() == ')') text = text.substr(1, text.size() - 2);
    size_t start = 0;
    do {
      size_t comma = text.find(',', start);
      std::string v(trim(std::string_view(text).substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
      start = comma == std::string::npos ? std::string::npos : comma + 1;
      bool identifier = !v.empty() && !std::isdigit(static_cast<unsigned char>(v[0])) &&
                        std::all_of(v.begin(), v.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
      if (!identifier || v == "None" || v == "True" || v == "False" || v == "self" || v == "cls") return false;
      for (const Parameter& p : s.signature.params)
        if (p.name == v) return false;  // returning an argument (as given) is a fact worth stating
    } while (start != std::string::npos);
  }
  return true;
}

void outputs(PairBuilder& b, const Symbol& s) {
  if (s.is_abstract_stub && s.doc.returns.empty() && s.doc.yields.empty() && s.signature.returns.empty()) return;
  bool gen = s.is_generator || !s.doc.yields.empty();
  std::string name = code(s.qualname);
  std::string question = gen ? phrasing(s, "outputs", {"What does " + name + " yield?", "What values does " + name + " produce?"})
                             : phrasing(s, "outputs", {"What does " + name + " return?", "What is the result of calling " + name + "?"});
  const std::vector<DocReturn>& doc_items = gen && !s.doc.yields.empty() ? s.doc.yields : s.doc.returns;
  std::string documented_text = describe_returns(doc_items);
  std::string annotation = s.signature.returns;
  if (!documented_text.empty()) {
    std::string answer = documented_text;
    if (!annotation.empty() && answer.find(annotation) == std::string::npos)
      answer += " (annotated " + code(annotation) + ")";
    b.add(s, "outputs", question, answer, "docstring", s.docstring_line, docstring_end(s));
  } else if (!annotation.empty()) {
    std::string answer = annotation == "None" ? code(s.name) + " returns nothing (annotated `-> None`)."
                                              : "A value of type " + code(annotation) + " (from its annotation).";
    b.add(s, "outputs", question, answer, "signature", s.def_line, s.def_line);
  } else if (!s.returns.empty() && !gen && !returns_only_locals(s)) {
    std::vector<std::string> parts;
    std::set<std::string> seen;
    for (const ReturnSite& r : s.returns)
      if (seen.insert(r.text).second && parts.size() < 4) parts.push_back(code(r.text));
    b.add(s, "outputs", question, "It returns " + join(parts, ", or ") + ".", "ast", s.returns.front().line,
          s.returns.back().line);
  }
}

// An exception class by its own name: the docstring's `NetworkXError` and the body's
// `nx.NetworkXError` are one class.
std::string exception_name(const std::string& written) { return written.substr(written.rfind('.') + 1); }

void raises(PairBuilder& b, const Symbol& s) {
  std::vector<std::string> lines;
  std::set<std::string> named;
  for (const DocRaise& r : s.doc.raises) {
    named.insert(exception_name(r.type));
    lines.push_back("- " + code(r.type) + (r.description.empty() ? "" : ": " + r.description));
  }
  bool from_doc = !lines.empty();
  int first_line = 0, last_line = 0;
  for (const RaiseSite& r : s.raises) {
    // `raise self._exception`, `raise error`: a value raised again, of a class the code does not say.
    std::string own = exception_name(r.exception);
    if (own.empty() || std::islower(static_cast<unsigned char>(own[0])) || own[0] == '_') continue;
    if (!named.insert(own).second) continue;
    std::string statement = "raise " + (r.text.empty() ? r.exception : r.text);
    if (statement.size() > 90) statement = std::string(utf8_prefix(statement, 87)) + "...";
    lines.push_back("- " + code(r.exception) + " (raised in its body: " + code(statement) + ")");
    if (!first_line) first_line = r.line;
    last_line = r.line;
  }
  if (lines.empty()) return;
  std::string name = code(s.qualname);
  b.add(s, "raises",
        phrasing(s, "raises", {"What exceptions can " + name + " raise?", "Which errors may " + name + " raise?",
                               "What exceptions can a call of " + name + " end with?"}),
        join(lines, "\n"),
        from_doc ? "docstring" : "ast", from_doc ? s.docstring_line : first_line, from_doc ? docstring_end(s) : last_line);
}

void class_interface(PairBuilder& b, const ModuleModel& m, size_t index, const QaOptions& options) {
  const Symbol& cls = m.symbols[index];
  std::vector<std::string> inputs_text, outputs_text;
  const Symbol* init = nullptr;
  std::vector<const Symbol*> methods;
  std::set<std::string> method_names;
  for (const Symbol& s : m.symbols) {
    if (s.parent != static_cast<int>(index) || s.kind != SymbolKind::Method) continue;
    if (is_overload_stub(s) || !method_names.insert(s.name).second) continue;  // one method, one line
    if (s.name == "__init__") init = &s;
    else if (!is_private_name(s.name) && !(starts_with(s.name, "__") && ends_with(s.name, "__"))) methods.push_back(&s);
    else if (options.include_private && is_private_name(s.name)) methods.push_back(&s);
  }
  // From the code alone, unless a docstring describes a parameter or field: then the answer
  // carries that text, and the docstring is hidden from the context.
  std::string where = "signature";
  if (init) {
    // NumPy and Google styles often document constructor parameters on the class itself.
    for (const Parameter* p : caller_params(*init)) {
      const DocParam* d = documented(*init, p->name);
      if (!d || d->description.empty()) d = documented(cls, p->name);
      if (d && !d->description.empty()) where = "docstring";
      inputs_text.push_back(describe_param(*p, d));
    }
  } else if (cls.is_dataclass) {
    // A dataclass's fields are its parameters; its docstring documents them as parameters
    // ("Parameters", "Args") or as attributes.
    for (const ClassField& f : cls.fields) {
      std::string line = "- " + code(f.name) + " (" + f.annotation;
      line += f.has_default ? ", default " + code(f.default_value) + ")" : ", required)";
      const DocParam* d = documented(cls, f.name);
      if (!d || d->description.empty()) d = documented_attribute(cls, f.name);
      if (d && !d->description.empty()) line += ": " + d->description, where = "docstring";
      inputs_text.push_back(line);
    }
  }
  for (const Symbol* s : methods) {
    std::string ret = s->signature.returns;
    std::string doc_ret = describe_returns(s->is_generator ? s->doc.yields : s->doc.returns);
    std::string line = "- " + code(s->name + (is_property(*s) ? "" : "()"));
    if (is_property(*s)) line += " (property)";
    if (!ret.empty()) line += " \u2192 " + code(ret);
    else if (!doc_ret.empty()) line += " \u2192 " + doc_ret;
    else if (s->is_generator) line += " \u2192 a generator";
    outputs_text.push_back(line);
  }
  if (inputs_text.empty() && outputs_text.empty()) return;
  std::string answer;
  std::string constructor = cls.is_dataclass && !init ? "dataclass fields" : "constructor parameters";
  bool own_constructor = init || cls.is_dataclass;
  std::vector<std::string> quoted;
  for (const std::string& base : cls.bases) quoted.push_back(code(base));
  std::string bases = join(quoted, ", ");
  bool plain_bases = cls.bases.empty() || (cls.bases.size() == 1 && cls.bases[0] == "object");
  // A constructor inherited from a base: the answer would be "inherited from X" and a method list,
  // a template that sibling classes share nearly word for word.
  if (!own_constructor && !plain_bases) return;
  if (!inputs_text.empty()) answer = "Inputs (" + constructor + "):\n" + join(inputs_text, "\n");
  else if (own_constructor || plain_bases) answer = "Inputs: its constructor takes no arguments.";
  else answer = "Inputs: no `__init__` of its own; the constructor is inherited from " + bases + ".";
  if (!outputs_text.empty()) answer += "\nOutputs (public methods and what they return):\n" + join(outputs_text, "\n");
  std::string name = code(cls.qualname);
  b.add(cls, "class_interface",
        phrasing(cls, "class_interface", {"What are the inputs and outputs of class " + name + "?",
                                          "How is class " + name + " constructed, and what do its methods return?",
                                          "Describe the interface of class " + name + ": constructor and public methods."}),
        answer, where, cls.def_line, cls.end_line);
}

void deprecation(PairBuilder& b, const Symbol& s) {
  if (!s.doc.deprecation) return;
  std::string text = *s.doc.deprecation;
  std::string answer = text.empty() ? "Yes." : starts_with(text, "since") ? "Yes, " + text : "Yes: " + text;
  // The docstring is hidden from the context: the pair is kept only when the code itself warns.
  ContextRequest hidden;
  hidden.hide_docstring = true;
  hidden.max_lines = b.context_lines();
  std::string context = b.contexts().build(s, hidden);
  if (to_lower(context).find("deprecat") == std::string::npos) return;
  b.add_with_context(s, "deprecation", "Is " + code(s.qualname) + " deprecated?", answer, "docstring", s.docstring_line,
                     docstring_end(s), std::move(context));
}

// An expression statement (its value is what doctest shows), on one line or continued in brackets.
bool looks_like_expression(const std::string& src) {
  // Python 2's print statement (`print a['utf-8']`) is not Python any more.
  if (starts_with(src, "print ") && src.find_first_not_of(' ', 6) != std::string::npos && src[src.find_first_not_of(' ', 6)] != '(')
    return false;
  for (const char* kw : {"import ", "from ", "def ", "class ", "for ", "while ", "with ", "if ", "try:", "del ",
                         "assert ", "raise ", "return ", "global ", "@", "async "})
    if (starts_with(src, kw)) return false;
  int depth = 0;
  for (size_t i = 0; i < src.size(); ++i) {
    char c = src[i];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (c == '=' && depth == 0) {
      char prev = i ? src[i - 1] : ' ', next = i + 1 < src.size() ? src[i + 1] : ' ';
      if (prev != '=' && prev != '!' && prev != '<' && prev != '>' && next != '=') return false;  // assignment
    }
  }
  return true;
}

// A module name `from ... import` can reach: dotted identifiers (a script named `my-tool.py` is not).
bool importable(const std::string& module_name) {
  bool part_start = true;
  for (char ch : module_name) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '.' && !part_start) {
      part_start = true;
      continue;
    }
    if (!(std::isalnum(c) || c == '_' || c >= 0x80) || (part_start && std::isdigit(c))) return false;
    part_start = false;
  }
  return !part_start;
}

// What a doctest expects when the line raises: doctest compares the exception's last lines, the
// ones after the traceback header and its indented frames ("ValueError: bad"); "" otherwise.
std::string expected_exception(const std::string& expected) {
  if (!starts_with(expected, "Traceback (most recent call last)")) return "";
  std::vector<std::string> tail;
  std::vector<std::string_view> lines = split_lines(expected);
  for (size_t i = 1; i < lines.size(); ++i)
    if (!tail.empty() || (!lines[i].empty() && lines[i][0] != ' ' && lines[i][0] != '\t' && trim(lines[i]) != "...")) tail.emplace_back(lines[i]);
  return join(tail, "\n");
}

// The context of an example: the code it documents (docstring hidden: the answer is in it), then
// the session that runs before the line asked about: the imports of the module names it reads and
// the earlier lines it depends on (doctest_session.hpp).
std::string example_context(const PairBuilder& b, const Symbol& s, const std::string& session) {
  ContextRequest hidden;
  hidden.hide_docstring = true;
  hidden.max_lines = b.context_lines();
  std::string out = b.contexts().build_with_helpers(s, hidden);
  if (!session.empty()) out += "\n\n# The example's session before the line asked about:\n" + session.substr(0, session.size() - 1);
  return out;
}

void examples(PairBuilder& b, const Symbol& s, const ModuleModel& m, const std::set<std::string>& builtins) {
  std::map<std::string, int> uses;  // an expression evaluated again later in the same example
  const std::vector<Doctest>& tests = s.doc.doctests;
  for (size_t i = 0; i < tests.size(); ++i) {
    const Doctest& t = tests[i];
    if (t.expected.empty() || !looks_like_expression(t.source) || doctest_skipped(t)) continue;
    std::string source = without_doctest_directives(t.source);
    DoctestSession session = plan_doctest_session(tests, i, ExampleScope{m.module_name, m.globals, m.star_import, builtins, &m.imported});
    if (!session.self_contained || (!session.import_lines.empty() && !importable(m.module_name))) continue;
    bool prints = starts_with(source, "print(") || starts_with(source, "pprint(") || starts_with(source, "pprint.pprint(");
    int use = ++uses[source];
    const char* ordinals[] = {"", "", " the second time", " the third time"};
    std::string again = use < 4 ? ordinals[use] : " the " + std::to_string(use) + "th time";
    std::string where = s.kind == SymbolKind::Module ? "the module " + code(s.qualname) : code(s.qualname);
    std::string raised = expected_exception(t.expected);
    // A line continued over several is shown as a block after the question.
    bool block = source.find('\n') != std::string::npos;
    std::string shown = block ? "this expression" : code(source);
    std::string after = block ? "\n\n```python\n" + source + "\n```" : "";
    std::string question, answer;
    if (!raised.empty()) {
      question = "In the docstring example of " + where + ", what happens when " + shown + " runs" + again + "?" + after;
      answer = "It raises " + (raised.find('\n') == std::string::npos ? code(raised) : "\n```\n" + raised + "\n```");
    } else {
      question = "In the docstring example of " + where + ", what does " + shown + (prints ? " print" : " return") + again + "?" + after;
      answer = t.expected.find('\n') == std::string::npos ? code(t.expected) : "```\n" + t.expected + "\n```";
    }
    int line = s.docstring_line + t.line_offset;
    b.add_with_context(s, "example", question, answer, "docstring", line,
                       line + 1 + static_cast<int>(std::count(t.expected.begin(), t.expected.end(), '\n')),
                       example_context(b, s, render_doctest_session(tests, i, session, false)));
    b.last().doctest = render_doctest_session(tests, i, session, true);
  }
}

bool explains_why(const std::string& comment) {
  std::string lower = to_lower(comment);
  for (const char* cue : {"because", "so that", "otherwise", "to avoid", "in order to", "why", "since ", "prevent"})
    if (lower.find(cue) != std::string::npos) return true;
  // A purpose clause ("Only to make it all fit on one line", "To keep the order stable") says why
  // the code is there, not what it does.
  for (const char* opening : {"to ", "only to ", "just to ", "needed to ", "needed for ", "required for ", "so we ", "so the "})
    if (starts_with(lower, opening)) return true;
  return false;
}

// The statement a comment explains, as one line: its first line, or as many lines as it takes to
// close its brackets (`if (` alone asks about nothing). "" when that is longer than 100 characters.
std::string commented_statement(const PairBuilder& b, const CommentedCode& c) {
  if (c.trailing) return c.code;
  std::string text;
  int depth = 0;
  for (int n = c.start_line; n <= c.end_line; ++n) {
    std::string_view l = trim(b.contexts().source_line(n));
    text += (text.empty() ? "" : " ") + std::string(l);
    for (char ch : l) depth += (ch == '(' || ch == '[' || ch == '{') - (ch == ')' || ch == ']' || ch == '}');
    if (depth <= 0) break;
  }
  text = collapse_whitespace(text);
  return text.size() > 100 ? "" : text;
}

// A statement that says nothing by itself, or that stands more than once in the symbol (the
// question could not tell which one is meant).
bool ambiguous_statement(const PairBuilder& b, const Symbol& s, const std::string& statement) {
  static const std::set<std::string> bare = {"pass", "try:", "else:", "finally:", "except:", "return", "continue", "break", "...",
                                             "raise", "yield", "else", "try"};
  if (statement.empty() || bare.count(statement)) return true;
  int seen = 0;
  for (int n = s.start_line; n <= s.end_line; ++n) {
    std::string_view l = trim(b.contexts().source_line(n));
    size_t hash = l.find("  #");
    if (hash != std::string_view::npos) l = trim(l.substr(0, hash));
    seen += starts_with(statement, l) && !l.empty() && l.size() * 2 >= std::min<size_t>(statement.size(), 40);
  }
  return seen > 1;
}

// A comment whose every word already stands in the statement ("The parent of this frame" on
// `self.parent = parent`) explains nothing the code does not say.
bool restates(const std::string& comment, const std::string& statement) {
  static const std::set<std::string> filler = {"the", "a", "an", "of", "this", "that", "to", "for", "and", "or", "is", "in", "on",
                                               "it", "its", "we", "be", "with", "set", "get", "our", "from", "by", "as", "at"};
  std::string code = to_lower(statement);
  for (char& ch : code)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = ' ';
  std::set<std::string> code_words;
  for (std::string_view w : words(code)) code_words.emplace(w);
  std::string text = to_lower(comment);
  for (char& ch : text)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = ' ';
  int content = 0;
  for (std::string_view w : words(text)) {
    std::string word(w);
    if (filler.count(word)) continue;
    ++content;
    bool found = code_words.count(word) || (word.size() > 3 && word.back() == 's' && code_words.count(word.substr(0, word.size() - 1)));
    if (!found) return false;
  }
  return content > 0;
}

// The name a statement binds when it is a plain assignment or annotation of one name
// (`limit = 3`, `limit: int = 3`, `limit: int`); "" otherwise.
std::string assigned_name(const std::string& statement) {
  size_t end = 0;
  while (end < statement.size() && (std::isalnum(static_cast<unsigned char>(statement[end])) || statement[end] == '_')) ++end;
  if (end == 0 || std::isdigit(static_cast<unsigned char>(statement[0]))) return "";
  std::string_view rest = trim(std::string_view(statement).substr(end));
  bool assigns = starts_with(rest, "=") && !starts_with(rest, "==");
  return assigns || starts_with(rest, ":") ? statement.substr(0, end) : "";
}

void code_comments(PairBuilder& b, const Symbol& s) {
  std::set<std::string> asked_attributes;
  for (const CommentedCode& c : s.commented_code) {
    if (c.code.empty() || !is_explanatory_comment(c.comment)) continue;
    std::string statement = commented_statement(b, c);
    // A comment above an import is about the code the import serves, not the import.
    bool import = starts_with(statement, "import ") || starts_with(statement, "from ");
    if (import || ambiguous_statement(b, s, statement) || restates(c.comment, statement)) continue;
    std::string where = s.kind == SymbolKind::Module ? "module " + code(s.qualname) : code(s.qualname);
    std::string snippet = statement;
    // A comment on its own lines above a statement often speaks for the lines that follow too
    // ("Greedily merge communities ..." above `old_modularity = None`): the question asks about
    // the code starting there. A comment at the end of a line is about that line.
    // A comment on a class or module attribute (`#: The maximum content length.` above
    // `max_content_length: int | None = None`) says what the attribute is, whatever its words.
    std::string attribute = s.kind == SymbolKind::Class || s.kind == SymbolKind::Module ? assigned_name(statement) : "";
    // In `__init__`, an instance attribute set on `self` (`#: Maximum number of redirects allowed.`
    // above `self.max_redirects = ...`). Elsewhere in a method such a comment is more often about
    // why the code does it ("Save these values for pickling"), and so is a reason given here.
    if (attribute.empty() && s.kind == SymbolKind::Method && s.name == "__init__" && !explains_why(c.comment) &&
        starts_with(statement, "self.") && !assigned_name(statement.substr(5)).empty())
      attribute = "self." + assigned_name(statement.substr(5));
    if (!attribute.empty() && !asked_attributes.insert(attribute).second) attribute.clear();  // its first comment says what it is
    std::string question = !attribute.empty()       ? "What is " + code(attribute) + " in " + where + "?"
                           : explains_why(c.comment) ? "Why does " + where + " run " + code(snippet) + "?"
                           : c.trailing              ? "What does the code " + code(snippet) + " in " + where + " do?"
                                                     : "What does the code starting with " + code(snippet) + " in " + where + " do?";
    std::string answer = c.comment;
    // An item of a numbered list the comment was part of ("2. keys of the definitions object"):
    // the number means nothing alone.
    size_t digits = 0;
    while (digits < answer.size() && std::isdigit(static_cast<unsigned char>(answer[digits]))) ++digits;
    if (digits > 0 && digits <= 2 && digits + 1 < answer.size() && (answer[digits] == '.' || answer[digits] == ')') && answer[digits + 1] == ' ')
      answer = answer.substr(digits + 2);
    // A sentence starts with a capital, but an identifier keeps its spelling (`y_weight will ...`).
    std::string first_word = answer.substr(0, answer.find(' '));
    bool plain_word = std::all_of(first_word.begin(), first_word.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)) || ch == ','; });
    if (!answer.empty() && plain_word) answer[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(answer[0])));
    int comment_last = c.trailing ? c.comment_line : c.start_line - 1;
    ContextRequest request;
    request.hide_comment_first = c.comment_line;
    request.hide_comment_last = comment_last;
    request.hide_comment_text = c.comment;
    request.focus_line = c.start_line;
    b.add(s, "code_comment", question, answer, "comment", c.comment_line, comment_last, request);
  }
}

// "- `other`" lines, at most 25; the rest are counted on a last line. `here`: callers in another
// file say which (a model given one function's code cannot know where it is called from).
std::string listed_refs(const std::vector<CallRef>& refs, const std::string& here, bool files) {
  constexpr size_t kMaxListed = 25;
  std::vector<std::string> lines;
  for (const CallRef& r : refs) {
    if (lines.size() == kMaxListed) {
      lines.push_back("- and " + std::to_string(refs.size() - kMaxListed) + " more");
      break;
    }
    std::string sites = r.sites > 1 ? std::to_string(r.sites) + " call sites" : "";
    std::string file = files && r.first_site.file.str() != here ? "in " + code(r.first_site.file.str()) : "";
    std::string note = join(std::vector<std::string>{file, sites}, file.empty() || sites.empty() ? "" : ", ");
    lines.push_back("- " + code(r.other) + (note.empty() ? "" : " (" + note + ")"));
  }
  return join(lines, "\n");
}

void calls(PairBuilder& b, const ModuleModel& m, const Symbol& s, const CallIndex& index) {
  auto it = index.callees.find(s.qualname);
  if (it == index.callees.end() || it->second.empty()) return;
  auto unresolved = index.unresolved.find(s.qualname);
  size_t open = unresolved == index.unresolved.end() ? 0 : unresolved->second;
  std::string answer = code(s.qualname) + " calls:\n" + listed_refs(it->second, m.path, false);
  if (open) answer += "\n" + std::to_string(open) + (open == 1 ? " call" : " calls") + " could not be resolved statically.";
  std::string name = code(s.qualname);
  ContextRequest request;
  request.with_imports = true;  // the imports say which module a called name comes from
  b.add(s, "calls",
        phrasing(s, "calls", {"Which functions does " + name + " call?", "What does " + name + " call?",
                              "List the functions and methods that " + name + " calls."}),
        answer, "callgraph", s.def_line, s.end_line, request);
}

void callers(PairBuilder& b, const ModuleModel& m, const Symbol& s, const CallIndex& index) {
  auto it = index.callers.find(s.qualname);
  if (it == index.callers.end() || it->second.empty()) return;
  b.add(s, "callers", "Where is " + code(s.qualname) + " called from?",
        code(s.qualname) + " is called from:\n" + listed_refs(it->second, m.path, true), "callgraph", s.def_line, s.def_line);
}

void location(PairBuilder& b, const ModuleModel& m, const Symbol& s) {
  std::string owner;
  if (s.parent > 0) owner = " of " + kind_phrase(m.symbols[s.parent]) + " " + code(m.symbols[s.parent].qualname);
  std::string answer = code(s.qualname) + " is a " + kind_phrase(s) + owner + " defined in " + code(m.path) + ", " +
                       lines_text(s.start_line, s.end_line) + ".";
  b.add(s, "location", "Where is " + code(s.qualname) + " defined?", answer, "ast", s.start_line, s.end_line);
}

}  // namespace

std::string render_signature(const Symbol& s) {
  if (s.kind == SymbolKind::Module) return "module " + s.qualname;
  if (s.kind == SymbolKind::Class) return "class " + s.name + (s.bases.empty() ? "" : "(" + join(s.bases, ", ") + ")");
  std::vector<std::string> parts;
  bool slash_done = false, star_done = false;
  for (size_t i = 0; i < s.signature.params.size(); ++i) {
    const Parameter& p = s.signature.params[i];
    if (!slash_done && p.kind != ParamKind::PositionalOnly && i > 0 &&
        s.signature.params[i - 1].kind == ParamKind::PositionalOnly) {
      parts.push_back("/");
      slash_done = true;
    }
    if (p.kind == ParamKind::KeywordOnly && !star_done) {
      bool has_var = std::any_of(s.signature.params.begin(), s.signature.params.end(),
                                 [](const Parameter& q) { return q.kind == ParamKind::VarPositional; });
      if (!has_var) parts.push_back("*");
      star_done = true;
    }
    std::string text = (p.kind == ParamKind::VarPositional ? "*" : p.kind == ParamKind::VarKeyword ? "**" : "") + p.name;
    if (!p.annotation.empty()) text += ": " + p.annotation;
    if (p.has_default) text += (p.annotation.empty() ? "=" : " = ") + p.default_value;
    parts.push_back(text);
  }
  if (!slash_done && !s.signature.params.empty() && s.signature.params.back().kind == ParamKind::PositionalOnly)
    parts.push_back("/");
  std::string out = std::string(s.signature.is_async ? "async def " : "def ") + s.name + "(" + join(parts, ", ") + ")";
  if (!s.signature.returns.empty()) out += " -> " + s.signature.returns;
  return out;
}

bool is_overload_stub(const Symbol& s) {
  for (const std::string& d : s.decorators)
    if (d == "overload" || ends_with(d, ".overload")) return true;
  return false;
}

bool kind_wanted(const QaPair& p, const std::vector<std::string>& kinds) {
  if (answer_restates_question(p.question, p.answer, p.question_type)) return false;  // nothing to learn
  if (!kinds.empty()) return std::find(kinds.begin(), kinds.end(), p.question_type) != kinds.end();
  if (p.question_type == "location" || p.question_type == "callers") return false;
  return !((p.question_type == "inputs" || p.question_type == "outputs") && p.answer_source == "signature");
}

std::vector<QaPair> generate_qa(const ModuleModel& m, const QaContext& context, const QaOptions& options) {
  std::vector<QaPair> out;
  PairBuilder b(m, context, out, options.context_lines);
  static const std::set<std::string> no_builtins;
  const std::set<std::string>& builtins = context.builtins ? *context.builtins : no_builtins;
  std::set<std::string> named;  // one symbol, one identity: a name defined again (if/else) keeps its first definition
  for (size_t i = 0; i < m.symbols.size(); ++i) {
    const Symbol& s = m.symbols[i];
    if (!options.include_private && is_private_symbol(m, s)) continue;
    if (is_overload_stub(s) || !named.insert(s.qualname).second) continue;
    if (s.kind == SymbolKind::Module) {
      module_purpose(b, s);
      examples(b, s, m, builtins);
      code_comments(b, s);
      continue;
    }
    purpose(b, s);
    if (s.kind == SymbolKind::Class) {
      class_interface(b, m, i, options);
    } else {
      inputs(b, s);
      outputs(b, s);
      raises(b, s);
    }
    deprecation(b, s);
    examples(b, s, m, builtins);
    code_comments(b, s);
    if (context.calls && s.kind != SymbolKind::Class) {
      calls(b, m, s, *context.calls);
      callers(b, m, s, *context.calls);
    }
    location(b, m, s);
  }
  out.erase(std::remove_if(out.begin(), out.end(), [&](const QaPair& p) { return !kind_wanted(p, options.kinds); }), out.end());
  return out;
}

}  // namespace codetrace
