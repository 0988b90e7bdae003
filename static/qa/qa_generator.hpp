#pragma once
// Q&A generation: turns a ModuleModel into question/answer pairs. Each question kind is one
// small function (see qa_generator.cpp); every answer is built only from the module's own text
// (docstrings, comments, signatures, the syntax tree) and says which of them it came from.
//
// Call-context questions ("Which functions does X call?", "Where is X called from?") come from
// the call graph, when the run built one (QaContext::calls).
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/qa_kinds.hpp"
#include "core/qa_pair.hpp"
#include "static/graph/call_index.hpp"
#include "static/module_model.hpp"

namespace codetrace {

struct QaOptions {
  bool include_private = false;    // members whose name (or an enclosing name) starts with '_'
  std::vector<std::string> kinds;  // --kinds: the question kinds to write ("": the default set)
  int context_lines = 120;         // --context-lines: longer code is cut in `context`
};

// A `typing.overload` stub: one accepted form of the implementation that follows it, which is
// the symbol the pairs are about. With it, a name defined twice in a module (a property's setter,
// `if ...: def f` / `else: def f`) is its first definition: one symbol, one identity.
bool is_overload_stub(const Symbol& symbol);

// Whether a pair is written: its kind is in `kinds`, or, with no --kinds, it is in the default set,
// which leaves out what any script could write from the name or the signature alone (`location`,
// `callers`, and inputs/outputs that only repeat the signature).
bool kind_wanted(const QaPair& pair, const std::vector<std::string>& kinds);

// Facts shared by all modules of one run.
struct QaContext {
  std::string repo;
  std::optional<std::string> commit;
  const CallIndex* calls = nullptr;  // the call graph of the whole tree; null: no call-context questions
  // The interpreter's builtin names: what a docstring example may read without importing it. Null:
  // none, so examples that read any name neither the example nor the module binds are left out.
  const std::set<std::string>* builtins = nullptr;
};

// All pairs for one module, in source order, before cross-module de-duplication.
std::vector<QaPair> generate_qa(const ModuleModel& module, const QaContext& context, const QaOptions& options);

// The `def`/`class` line rebuilt from the model: "def total(self, rate: float = 0.2) -> float".
std::string render_signature(const Symbol& symbol);

}  // namespace codetrace
