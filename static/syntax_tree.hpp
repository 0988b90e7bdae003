#pragma once
// SyntaxTree: a Python module's AST as plain C++ data, converted once from CPython's own `ast`
// objects (see python/ast_converter.hpp). Everything after conversion - scopes, docstrings,
// comments, Q&A, the call graph - reads this tree and never touches refcounts or the GIL.
//
// Layout: all nodes of a module live in one vector (an arena); a node's children are one
// contiguous run in `children`, each tagged with the AST field it came from, in source order.
// Example: `f(x)` is a Call node with children {func: Name "f"}, {args: Name "x"}.
// Positions are those of CPython: 1-based lines, 0-based UTF-8 byte columns.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace codetrace {

// Every node class of Python 3.9-3.13's `ast` module, plus Identifier for bare identifier strings
// that the Python AST keeps in lists (Global.names, MatchClass.kwd_attrs).
#define CODETRACE_NODE_KINDS(X)                                                                        \
  X(Module) X(Interactive) X(Expression) X(FunctionType)                                               \
  X(FunctionDef) X(AsyncFunctionDef) X(ClassDef) X(Return) X(Delete) X(Assign) X(TypeAlias)            \
  X(AugAssign) X(AnnAssign) X(For) X(AsyncFor) X(While) X(If) X(With) X(AsyncWith) X(Match)            \
  X(Raise) X(Try) X(TryStar) X(Assert) X(Import) X(ImportFrom) X(Global) X(Nonlocal) X(Expr)           \
  X(Pass) X(Break) X(Continue)                                                                         \
  X(BoolOp) X(NamedExpr) X(BinOp) X(UnaryOp) X(Lambda) X(IfExp) X(Dict) X(Set) X(ListComp)             \
  X(SetComp) X(DictComp) X(GeneratorExp) X(Await) X(Yield) X(YieldFrom) X(Compare) X(Call)             \
  X(FormattedValue) X(JoinedStr) X(Constant) X(Attribute) X(Subscript) X(Starred) X(Name) X(List)      \
  X(Tuple) X(Slice)                                                                                    \
  X(Load) X(Store) X(Del) X(And) X(Or)                                                                 \
  X(Add) X(Sub) X(Mult) X(MatMult) X(Div) X(Mod) X(Pow) X(LShift) X(RShift) X(BitOr) X(BitXor)         \
  X(BitAnd) X(FloorDiv) X(Invert) X(Not) X(UAdd) X(USub)                                               \
  X(Eq) X(NotEq) X(Lt) X(LtE) X(Gt) X(GtE) X(Is) X(IsNot) X(In) X(NotIn)                               \
  X(comprehension) X(ExceptHandler) X(arguments) X(arg) X(keyword) X(alias) X(withitem)                \
  X(match_case) X(MatchValue) X(MatchSingleton) X(MatchSequence) X(MatchMapping) X(MatchClass)         \
  X(MatchStar) X(MatchAs) X(MatchOr) X(TypeIgnore) X(TypeVar) X(ParamSpec) X(TypeVarTuple)             \
  X(Identifier)

// Every AST field that holds nodes (or identifier lists).
#define CODETRACE_FIELDS(X)                                                                            \
  X(body) X(orelse) X(handlers) X(finalbody) X(decorator_list) X(args) X(returns) X(bases)             \
  X(keywords) X(value) X(values) X(targets) X(target) X(iter) X(test) X(func) X(elts) X(keys)          \
  X(left) X(right) X(ops) X(comparators) X(operand) X(op) X(items) X(context_expr)                     \
  X(optional_vars) X(exc) X(cause) X(msg) X(names) X(generators) X(elt) X(key) X(ifs) X(slice)         \
  X(lower) X(upper) X(step) X(annotation) X(posonlyargs) X(vararg) X(kwonlyargs) X(kw_defaults)        \
  X(kwarg) X(defaults) X(type) X(subject) X(cases) X(pattern) X(guard) X(patterns)                     \
  X(kwd_patterns) X(kwd_attrs) X(cls) X(type_params) X(bound) X(default_value) X(format_spec) X(ctx)   \
  X(type_ignores) X(argtypes)

enum class NodeKind : std::uint8_t {
#define CODETRACE_ENUM_ITEM(name) name,
  CODETRACE_NODE_KINDS(CODETRACE_ENUM_ITEM)
#undef CODETRACE_ENUM_ITEM
  Unknown,  // a node class this build does not know (a newer Python); kept with its children
};

enum class Field : std::uint8_t {
#define CODETRACE_ENUM_ITEM(name) name,
  CODETRACE_FIELDS(CODETRACE_ENUM_ITEM)
#undef CODETRACE_ENUM_ITEM
  other,
};

// What a Constant node holds.
enum class ConstKind : std::uint8_t { None, Str, Bytes, Int, Float, Complex, Bool, Ellipsis, Other };

const char* node_kind_name(NodeKind kind);
const char* field_name(Field field);

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xFFFFFFFFu;  // a None inside a list (e.g. kw_defaults)

struct Node {
  NodeKind kind = NodeKind::Unknown;
  ConstKind const_kind = ConstKind::None;  // Constant only
  std::int32_t number = 0;                 // ImportFrom.level, comprehension.is_async, ...
  std::uint32_t line = 0, col = 0, end_line = 0, end_col = 0;  // 0 where the node has no position
  std::uint32_t first_child = 0, child_count = 0;              // run in SyntaxTree::children
  std::string_view name;    // Name.id, Attribute.attr, def/class name, arg.arg, keyword.arg, alias.name,
                            // ImportFrom.module, Identifier text; Constant: the str value (UTF-8)
  std::string_view asname;  // alias.asname
};

struct ChildRef {
  Field field;
  NodeId node;  // kNoNode for a None in a list
};

// Owns stable storage for strings referenced by nodes.
class StringArena {
 public:
  std::string_view store(std::string_view text);

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = 0, capacity_ = 0;
};

class SyntaxTree {
 public:
  std::vector<Node> nodes;         // nodes[0] is the Module
  std::vector<ChildRef> children;  // see Node::first_child
  StringArena strings;

  const Node& node(NodeId id) const { return nodes[id]; }
  NodeId root() const { return 0; }

  // The children of `id`, optionally only those of one field, in source order.
  std::vector<NodeId> kids(NodeId id, Field field) const;
  // The first child of `id` in `field`, or kNoNode.
  NodeId kid(NodeId id, Field field) const;
  // All children with their fields.
  const ChildRef* begin_children(NodeId id) const { return children.data() + nodes[id].first_child; }
  const ChildRef* end_children(NodeId id) const {
    return children.data() + nodes[id].first_child + nodes[id].child_count;
  }
};

}  // namespace codetrace
