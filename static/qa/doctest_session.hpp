#pragma once
// DoctestSession: what one line of a docstring example needs in order to run on its own.
//
// A docstring example is a session: `>>> x = Fraction(1, 3)` sets up what `>>> x * 3` reads, and
// doctest runs it in the namespace of the documented module, so it may read the module's names
// without importing them. A question about one line carries the earlier lines it depends on and
// the import of each module name it reads, so that running that session and then the line shows
// the answer. An earlier line is needed when it binds a name the line (or another needed line)
// reads, when it reads such a name after the example bound it (it may change it: `x.append(2)`),
// or when it prints nothing, binds nothing and reads no value the example computed (it is there
// for its effect on global state: `random.seed(1)`, `getcontext().prec = 6`).
// A name the module binds by importing it is imported the same way. A name the module does not
// bind but that names the module itself (`textwrap.shorten(...)` in
// textwrap, `json.dumps` in json's package) is imported as the module. A line that reads a name
// neither the example nor the module binds is not self-contained.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "static/docstring/docstring.hpp"

namespace codetrace {

struct DoctestSession {
  bool self_contained = false;
  std::string missing;                    // a name nobody binds, when not self-contained
  std::vector<std::string> import_lines;  // `import json`, `from fractions import Fraction`
  std::vector<size_t> earlier;            // indices of the earlier lines it needs, in order
};

// The documented module as the example sees it.
struct ExampleScope {
  std::string module_name;                  // dotted
  const std::vector<std::string>& globals;  // what it binds at top level, sorted
  bool star_import = false;                 // it also binds names nobody can list: unknown names are taken as its
  const std::set<std::string>& builtins;
  // Names the module itself imports, with the import that binds them: the session imports `nx`
  // as the module did (`import networkx as nx`), not through the module.
  const std::map<std::string, std::string>* imported = nullptr;
};

// Whether doctest would run this line: `# doctest: +SKIP` lines are shown, never run.
bool doctest_skipped(const Doctest& line);

// The line as a reader sees it: `# doctest: +ELLIPSIS` comments (for the checker) removed.
std::string without_doctest_directives(const std::string& source);

// The session of `tests[index]`, a line of an example in the docstring of a symbol of `scope`.
DoctestSession plan_doctest_session(const std::vector<Doctest>& tests, size_t index, const ExampleScope& scope);

// The session as doctest text: the import lines, then each needed earlier line with its expected
// output, then (with `with_line`) the line itself and its output.
std::string render_doctest_session(const std::vector<Doctest>& tests, size_t index, const DoctestSession& session, bool with_line);

}  // namespace codetrace
