#pragma once
// CallFacts: what one module says about calls, read once from its SyntaxTree on the analysis
// worker thread: its scopes (module, classes, functions, lambdas), the names each scope binds
// (imports, definitions, assignments, parameters), the attributes methods assign on `self`, the
// values functions return, and every call site with its callee as a small expression.
// The resolver (resolver.hpp) later answers "what can this callee be?" across all modules.
//
// Example: in `def f(): return helpers.load(x)` the call site's callee is
// Attribute(Name "helpers", "load"); if `helpers` is bound by `from app import helpers`, the
// resolver finds module app.helpers and its function load.
#include <cstdint>
#include <map>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "static/module_model.hpp"
#include "static/syntax_tree.hpp"

namespace codetrace {

using ExprId = std::uint32_t;
inline constexpr ExprId kNoExpr = 0xFFFFFFFFu;

enum class ExprKind : std::uint8_t {
  Name,       // name: the identifier
  Attribute,  // base.name
  Call,       // base(...): the value a call returns; items: its arguments, positional ones (up to a
              // `*args`) first, keys: "" for those and the keyword's name for the others; name: "*"
              // when `*args` or `**kwargs` pass more
  Lambda,     // scope: the lambda's scope
  Definition, // scope: a def or class defined right here (the argument a decorator receives)
  Literal,    // a constant of a builtin type; name: "builtins.str", "builtins.int", ...; keys[0]: its value as a key ("1", "'a");
              // an f-string that starts with text: keys = {"", that text}
  Container,  // a list/tuple/set/dict display or comprehension; name: its builtin type; items (and keys)
  Subscript,  // base[key]; name: the key when it is a constant ("0", "'a"), "" otherwise; items[0]: the key expression then.
              // In an annotation, `X[A, B]`: items are A and B (annotations too)
  Iterate,    // an element of iterating base (for-loop and comprehension targets)
  Either,     // one of items: `a if c else b`, `a or b`, `a and b`; in an annotation, `X | Y`
  Other,      // anything the resolver does not follow; name: the AST node kind
};

// A position in a scope's code, for the flow-sensitive part of resolution: which binding of a
// name (or which write to a container key) a read sees. `block` is the innermost branch or loop
// body holding it (-1: the scope's own straight-line code); line 0 means "no position".
struct Place {
  int line = 0, col = 0;
  int block = -1;
};

struct Block {
  int parent = -1;    // the enclosing block of the same scope, -1 for none
  bool loop = false;  // a loop body: what it binds can be seen again on the next iteration
  bool exits = false; // holds a return, raise, break or continue: the code after it is not reached from it
  int other = -1;     // an if's body and its else: each is the other's alternative (one of them runs)
  int narrowing = -1; // the branch of an `if isinstance(x, C)`: what it says of x (CallFacts::narrowings)
};

// `if isinstance(x, C):` (or `not isinstance`): in the body x is a C, in the else it is not.
struct Narrowing {
  std::string name;              // x
  std::vector<ExprId> classes;   // C, or the members of a tuple of classes
  bool is_instance = true;       // false in the else branch (or the body of `if not isinstance`)
};

struct Expr {
  ExprKind kind = ExprKind::Other;
  Place at;  // Name and Subscript reads, container displays
  ExprId base = kNoExpr;
  int scope = -1;    // Lambda, Definition
  int in_scope = 0;  // the scope the expression is evaluated in
  std::string name;
  std::vector<ExprId> items;      // Container: elements (dict: values); Call: positional arguments
  std::vector<std::string> keys;  // Container of a dict: each value's constant key, "" if not constant
};

// `target[key] = value`, `target.append(value)`, `target.update({...})`: what flows into a container.
struct ItemWrite {
  int scope = 0;
  Place at;
  ExprId target = kNoExpr;  // the container expression written to
  std::string key;          // constant key, "" when unknown
  ExprId value = kNoExpr;   // the value stored (for update: a Container whose items are merged)
  bool merge = false;       // update()/extend(): value is a container whose items are added
};

enum class BindingKind : std::uint8_t {
  Import,      // import a.b [as c]: module = "a" (no alias) or "a.b" (alias)
  FromImport,  // from m import n [as c]: module = absolute m, name = n
  Definition,  // def / class: scope = its scope
  Decorated,   // a decorated def / class: scope = its scope, value = what the decorators returned
  Value,       // name = expr
  Param,       // a parameter: index = its position
  Declared,    // `name: T` with no value: only its annotation says what it holds (a dataclass field)
  Unknown,     // for-loop targets, with-targets, unpacking, ...: not followed
};

// How a parameter takes arguments.
enum class ParamMode : std::uint8_t { Positional, PositionalOnly, KeywordOnly, VarPositional, VarKeyword };

struct Binding {
  BindingKind kind = BindingKind::Unknown;
  Place at;             // where the binding takes effect (after its value is computed)
  bool weak = false;    // may not happen (loop and comprehension targets): never hides another binding
  bool anywhere = false;  // visible to reads before it too (comprehension targets)
  std::string module;
  std::string name;
  int scope = -1;
  ExprId value = kNoExpr;  // Value: the value; Param: the default, if any
  int index = 0;           // Param: position in the parameter list
  ParamMode mode = ParamMode::Positional;
  ExprId annotation = kNoExpr;  // Value, Param, Declared: its type annotation (see annotation exprs below)
};

// Comprehension: a list/set/dict comprehension or generator expression, its own scope as in
// Python (and its own code object up to 3.11), named "<listcomp@LINE>", "<genexpr@LINE>", ...
enum class ScopeKind : std::uint8_t { Module, Class, Function, Lambda, Comprehension };

struct Scope {
  ScopeKind kind = ScopeKind::Module;
  std::string name;
  std::string qualname;  // same names as `codetrace qa`; lambdas are "<lambda@LINE>"
  NodeId node = kNoNode; // lambdas and comprehensions: their syntax node
  int parent = -1;
  int line = 0, end_line = 0;
  bool is_staticmethod = false, is_classmethod = false;
  bool is_property = false;  // a @property getter: reading the attribute calls it
  std::vector<ExprId> bases;                               // classes
  std::vector<ExprId> metaclass;                           // classes: the metaclass= keyword
  std::unordered_map<std::string, std::vector<Binding>> bindings;  // name -> every way it is bound
  std::vector<std::string> globals;                        // `global` names
  std::vector<ExprId> returns;                             // return values
  ExprId returns_annotation = kNoExpr;                     // functions: `-> T`
  std::vector<ExprId> yields;                              // yielded values (generators)
  std::unordered_map<std::string, std::vector<std::pair<int, ExprId>>> self_attributes;  // classes: self.x = value (method scope, value)
};

struct Argument {
  int position = -1;     // positional index, -1 for a keyword argument
  std::string keyword;   // keyword arguments
  ExprId value = kNoExpr;
  bool unpacked = false; // *args / **kwargs: not matched to parameters
};

enum class CallKind : std::uint8_t {
  Call,      // f(...)
  Decorate,  // @dec on a definition: dec(<the function or class>)
  Iterate,   // for x in obj: calls obj.__iter__ and then __next__ on what that returns
  Raise,     // raise Cls: instantiates Cls
  With,      // with obj: calls obj.__enter__ and obj.__exit__
  Operator,  // a + b, a < b, -a, a[k]: calls the dunder (`name`) of a user class
  Property,  // obj.attr read: calls the getter when attr is a @property
  Comprehension,  // running a comprehension (callee: a reference to its scope)
};

struct CallSite {
  CallKind kind = CallKind::Call;
  int scope = 0;   // the caller
  int line = 0, col = 0;
  ExprId callee = kNoExpr;
  std::string text;  // the callee as written
  std::vector<Argument> args;
  std::string dunder;  // Operator: the method the operator calls ("__add__")
};

struct CallFacts {
  std::string module_name;
  std::string path;
  bool is_package = false;                   // an __init__.py
  std::vector<Scope> scopes;                 // scopes[0] is the module
  std::vector<Expr> exprs;
  std::vector<CallSite> calls;
  std::vector<ItemWrite> item_writes;
  std::vector<Block> blocks;
  std::vector<Narrowing> narrowings;
  std::vector<std::string> star_imports;     // modules `from m import *` names (absolute)
  std::vector<Place> star_import_at;         // where each takes effect (its block: -1 when unconditional)
  std::optional<std::vector<std::string>> all_names;  // __all__, when a literal list/tuple
  std::uint32_t too_deep = 0;  // expressions nested too deeply for the thread's stack: left out
};

CallFacts extract_call_facts(const SyntaxTree& tree, const std::string& source, const std::string& path,
                             const std::string& module_name);

// The same, for a module the analysis pipeline has modelled (its `source` must still be set).
inline CallFacts extract_call_facts(const SyntaxTree& tree, const ModuleModel& module) {
  return extract_call_facts(tree, module.source, module.path, module.module_name);
}

}  // namespace codetrace
