#pragma once
// The resolver: given the CallFacts of every module, answers what each callee expression can
// refer to, and builds the CallGraph. Within a scope it follows the order of the code (which
// bindings reach a read); across scopes every binding counts. It never guesses: what it cannot
// follow is reported with a reason. docs/graph-format.md has the rules and the limits.
//
// It follows: imports (absolute, relative, aliased, `from m import *` with and without __all__,
// re-exports through packages), module attributes, definitions, simple assignments, `self`/`cls`
// of methods, attributes assigned on `self`, class instantiation (-> __init__ through the C3 MRO),
// `super()`, return values of functions, lambdas, decorators (the call to the decorator).
#include <set>
#include <string>
#include <vector>

#include "static/graph/call_facts.hpp"
#include "static/graph/call_graph.hpp"

namespace codetrace {

// `builtin_names`: the names in the embedded interpreter's builtins module (see builtin_names()).
// `heuristic`: for calls it cannot resolve, also add edges to every function of the tree with the
// callee's bare name, marked as guesses (at most kMaxGuesses of them).
CallGraph build_call_graph(const std::vector<CallFacts>& modules, const std::set<std::string>& builtin_names,
                           bool heuristic = false);

inline constexpr size_t kMaxGuesses = 5;

}  // namespace codetrace
