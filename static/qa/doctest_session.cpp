#include "static/qa/doctest_session.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "static/docstring/doctest_names.hpp"

namespace codetrace {
namespace {

bool intersects(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const std::string& x : a)
    if (b.count(x)) return true;
  return false;
}

void append_line(std::string& out, const Doctest& t) {
  std::vector<std::string_view> lines = split_lines(t.source);
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "... " : ">>> ") + std::string(lines[i]) + "\n";
  if (!t.expected.empty()) out += t.expected + "\n";
}

bool is_import(const Doctest& t) { return starts_with(t.source, "import ") || starts_with(t.source, "from "); }

}  // namespace

std::string without_doctest_directives(const std::string& source) {
  std::string out;
  for (std::string_view line : split_lines(source)) {
    size_t at = line.find("doctest:");
    if (at != std::string::npos) {
      size_t hash = line.rfind('#', at);
      if (hash != std::string::npos) line = trim_right(line.substr(0, hash));
    }
    out += (out.empty() ? "" : "\n") + std::string(line);
  }
  return out;
}

bool doctest_skipped(const Doctest& line) {
  size_t at = line.source.find("doctest:");
  return at != std::string::npos && line.source.find("+SKIP", at) != std::string::npos;
}

DoctestSession plan_doctest_session(const std::vector<Doctest>& tests, size_t index, const ExampleScope& scope) {
  DoctestSession session;
  std::vector<StatementNames> names;
  names.reserve(index + 1);
  for (size_t i = 0; i <= index; ++i) names.push_back(statement_names(tests[i].source));
  // Every name some earlier line binds by computing it: a value the example may change later
  // (`x.append(2)`). An imported module or function is not such state: the lines that merely use
  // `json` are not part of the session of every later line that uses it.
  std::set<std::string> bound_before;
  bool example_star = false;
  for (size_t i = 0; i < index; ++i)
    if (!doctest_skipped(tests[i])) {
      if (!is_import(tests[i])) bound_before.insert(names[i].binds.begin(), names[i].binds.end());
      example_star |= names[i].star_import;
    }

  std::set<std::string> need = names[index].reads;
  for (size_t i = index; i-- > 0;) {
    if (doctest_skipped(tests[i])) continue;
    const StatementNames& s = names[i];
    std::set<std::string> mentioned_bound;
    for (const std::string& n : s.reads)
      if (need.count(n) && bound_before.count(n)) mentioned_bound.insert(n);
    // Printing nothing and binding nothing, a line is there for its effect; when it touches no value
    // the example computed, that effect is on global state every later line may see.
    bool for_effect = tests[i].expected.empty() && s.binds.empty() && !intersects(s.reads, bound_before);
    if (!intersects(s.binds, need) && mentioned_bound.empty() && !for_effect && !s.star_import) continue;
    session.earlier.push_back(i);
    for (const std::string& n : s.binds) need.erase(n);
    need.insert(s.reads.begin(), s.reads.end());
  }
  std::reverse(session.earlier.begin(), session.earlier.end());

  std::vector<std::string> from_module;
  const std::string& module = scope.module_name;
  size_t last_dot = module.rfind('.');
  std::string top = module.substr(0, module.find('.')), leaf = module.substr(last_dot == std::string::npos ? 0 : last_dot + 1);
  for (const std::string& n : need) {
    if (scope.builtins.count(n)) continue;
    bool module_binds = std::binary_search(scope.globals.begin(), scope.globals.end(), n);
    if (!module_binds && n == top) {
      session.import_lines.push_back("import " + top);
      continue;
    }
    if (!module_binds && n == leaf && last_dot != std::string::npos) {
      session.import_lines.push_back("from " + module.substr(0, last_dot) + " import " + leaf);
      continue;
    }
    if (!module_binds && example_star) continue;  // the example's own `from x import *` binds it
    if (module_binds && scope.imported) {
      auto how = scope.imported->find(n);
      if (how != scope.imported->end()) {
        if (std::find(session.import_lines.begin(), session.import_lines.end(), how->second) == session.import_lines.end())
          session.import_lines.push_back(how->second);
        continue;
      }
    }
    if (module_binds || scope.star_import) {
      from_module.push_back(n);
      continue;
    }
    session.missing = n;
    return session;
  }
  if (!from_module.empty()) session.import_lines.push_back("from " + module + " import " + join(from_module, ", "));
  session.self_contained = true;
  return session;
}

std::string render_doctest_session(const std::vector<Doctest>& tests, size_t index, const DoctestSession& session, bool with_line) {
  std::string out;
  for (const std::string& line : session.import_lines) out += ">>> " + line + "\n";
  for (size_t i : session.earlier) append_line(out, tests[i]);
  if (with_line) append_line(out, tests[index]);
  return out;
}

}  // namespace codetrace
