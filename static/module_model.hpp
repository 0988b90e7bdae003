#pragma once
// ModuleModel: what one Python module defines, read from its SyntaxTree and comments: every
// module, class, function and method with its qualified name, lines, signature, decorators,
// docstring (raw, cleaned, parsed), attached comments, raise sites and return expressions.
// This is the "model" layer: Q&A generators (and later the call graph) read it, never the AST.
//
// Qualified names follow the import path: `shop/orders/cart.py` in package `shop` gives
// `shop.orders.cart`; its class `Cart` gives `shop.orders.cart.Cart`; a function nested in
// `Cart.total` gives `shop.orders.cart.Cart.total.<inner>` named `...total.inner`.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "static/comment_scanner.hpp"
#include "static/docstring/docstring.hpp"
#include "static/syntax_tree.hpp"

namespace codetrace {

enum class SymbolKind { Module, Class, Function, Method };
const char* symbol_kind_name(SymbolKind kind);  // "module", "class", "function", "method"

enum class ParamKind { PositionalOnly, PositionalOrKeyword, VarPositional, KeywordOnly, VarKeyword };
const char* param_kind_name(ParamKind kind);  // the names inspect.Parameter uses, lower-case

struct Parameter {
  std::string name;
  ParamKind kind = ParamKind::PositionalOrKeyword;
  std::string annotation;     // source text, "" when none
  std::string default_value;  // source text, "" when none
  bool has_default = false;
};

struct Signature {
  std::vector<Parameter> params;
  std::string returns;  // return annotation source text, "" when none
  bool is_async = false;
};

struct RaiseSite {
  std::string exception;  // "ValueError" for `raise ValueError("x")`; "" for a bare re-raise
  std::string text;       // the raised expression as written
  int line = 0;
};

struct ReturnSite {
  std::string text;  // the returned expression as written
  int line = 0;
};

struct ClassField {  // a class-level annotated name: dataclass fields, typed attributes
  std::string name;
  std::string annotation;
  std::string default_value;
  bool has_default = false;
  int line = 0;
};

// A comment that explains code: an own-line comment block right above a statement, or a
// comment at the end of a statement's line.
struct CommentedCode {
  std::string comment;  // the comment lines joined with spaces
  int comment_line = 0; // first line of the comment
  int start_line = 0;   // the code it annotates
  int end_line = 0;
  std::string code;     // the first line of that code, stripped
  bool trailing = false;
};

struct Symbol {
  std::string name;      // "total"
  std::string qualname;  // "shop.orders.cart.Cart.total"
  SymbolKind kind = SymbolKind::Function;
  int parent = -1;       // index into ModuleModel::symbols; -1 for the module
  int start_line = 0;    // first decorator, or the def/class line
  int def_line = 0;      // the `def` / `class` line
  int end_line = 0;
  Signature signature;                  // functions and methods
  std::vector<std::string> decorators;  // source text without '@'
  std::vector<std::string> bases;       // classes: base classes and keywords (metaclass=...)
  std::vector<ClassField> fields;       // classes: annotated class-level names
  bool is_dataclass = false;
  bool is_generator = false;
  std::optional<std::string> docstring_raw;  // as written (string value, not source)
  std::string docstring;                      // cleaned (inspect.cleandoc)
  int docstring_line = 0, docstring_end_line = 0;
  ParsedDocstring doc;
  std::vector<std::string> leading_comments;  // own-line comments right above the definition
  int leading_comment_line = 0;
  std::vector<RaiseSite> raises;        // raise statements in its own body (not nested defs)
  std::vector<ReturnSite> returns;      // return statements with a value, likewise
  std::vector<CommentedCode> commented_code;
  bool is_abstract_stub = false;        // body is only `...`, `pass` or `raise NotImplementedError`
};

struct ModuleModel {
  std::string path;         // relative to the analysed root, '/'-separated
  std::string module_name;  // dotted import path
  std::string encoding;     // source encoding
  std::string source;       // the UTF-8 text (set by the pipeline; analyses that keep models may drop it)
  int line_count = 0;
  std::vector<Symbol> symbols;  // symbols[0] is the module; the rest in source order
  // Names bound at the module's top level (defs, classes, assignment, import, for and with
  // targets, in any branch), sorted: what `from module import name` can reach.
  std::vector<std::string> globals;
  bool star_import = false;  // a top-level `from x import *` binds names nobody can list
  // The names among `globals` that a top-level import binds, with that import written absolute:
  // "nx" -> "import networkx as nx", "Decimal" -> "from decimal import Decimal".
  std::map<std::string, std::string> imported;
};

// The dotted module name of a file. `package_dirs` answers whether a folder (relative path, ""
// for the root) is a package, i.e. has __init__.py; `root_package_prefix` is the dotted name of
// the root folder itself when it lies inside a package ("" otherwise).
std::string module_name_for(const std::string& relative_path,
                            const std::vector<std::string>& package_dirs_sorted,
                            const std::string& root_package_prefix);

// Builds the model of one parsed module. `source` is the UTF-8 text the tree was parsed from.
ModuleModel build_module_model(const SyntaxTree& tree, const std::string& source,
                               const std::vector<Comment>& comments, const std::string& path,
                               const std::string& module_name);

}  // namespace codetrace
