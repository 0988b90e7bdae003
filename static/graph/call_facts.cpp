#include "static/graph/call_facts.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <tuple>

#include "core/module_naming.hpp"
#include "core/stack_budget.hpp"
#include "core/text.hpp"
#include "static/source_lines.hpp"

namespace codetrace {
namespace {

class FactsBuilder {
 public:
  FactsBuilder(const SyntaxTree& tree, const std::string& source, CallFacts& facts)
      : t_(tree), lines_(source), f_(facts) {}

  void build() {
    Scope module;
    module.kind = ScopeKind::Module;
    module.name = f_.module_name.substr(f_.module_name.rfind('.') + 1);
    module.qualname = f_.module_name;
    f_.scopes.push_back(std::move(module));
    visit_children(t_.root(), 0);
  }

 private:
  const SyntaxTree& t_;
  SourceLines lines_;
  CallFacts& f_;

  std::string segment(NodeId id) const { return lines_.segment(t_.node(id)); }

  ExprId add_expr(Expr e, int scope) {
    e.in_scope = scope;
    if (e.at.line == 0) e.at.block = block_;
    f_.exprs.push_back(std::move(e));
    return static_cast<ExprId>(f_.exprs.size() - 1);
  }

  // Bindings take effect at `effect_` (set by the statement being visited) in the current block.
  void bind(int scope, const std::string& name, Binding b) {
    if (int target = binding_scope(scope, name); target != scope) {
      // `global x` then `x = ...` in a function binds the module's x, whenever the function
      // runs: visible to every read of it, hiding none. (Its value is still evaluated in the
      // function: Expr::in_scope.)
      b.weak = b.anywhere = true;
      scope = target;
    }
    if (b.at.line == 0) b.at = effect_;
    b.at.block = block_;
    b.weak = b.weak || weak_targets_;
    b.anywhere = b.anywhere || anywhere_targets_;
    if (b.annotation == kNoExpr) b.annotation = annotation_;
    f_.scopes[scope].bindings[name].push_back(std::move(b));
  }

  // The scope a binding of `name` made in `scope` goes to: the module's after `global name`.
  int binding_scope(int scope, const std::string& name) const {
    const std::vector<std::string>& globals = f_.scopes[scope].globals;
    return scope != 0 && std::find(globals.begin(), globals.end(), name) != globals.end() ? 0 : scope;
  }

  Place place_of(const Node& n, bool end) const {
    Place p;
    p.line = static_cast<int>(end ? n.end_line : n.line);
    p.col = static_cast<int>(end ? n.end_col : n.col);
    p.block = block_;
    return p;
  }

  Place effect_;               // where the bindings being made take effect
  int block_ = -1;             // the current block of the current scope
  bool weak_targets_ = false;  // binding loop / comprehension targets
  bool anywhere_targets_ = false;
  ExprId annotation_ = kNoExpr;  // the annotation of the `name: T = value` being bound

  // The expression a node evaluates to, for the resolver. Visits nothing: calls inside it are
  // recorded by visit(). Made once per node: an operator chain `g(a) + g(a) + ...` asks for
  // each left operand again at every level, which would be quadratic.
  ExprId expr_of(NodeId id, int scope) {
    if (id == kNoNode) return kNoExpr;
    if (id < expr_memo_.size() && expr_memo_[id] != kUnmade) return expr_memo_[id];
    if (stack_.exhausted()) {  // nested deeper than this thread's stack can follow
      ++f_.too_deep;
      return kNoExpr;
    }
    ExprId made = make_expr(id, scope);
    if (id >= expr_memo_.size()) expr_memo_.resize(std::max<std::size_t>(id + 1, t_.nodes.size()), kUnmade);
    expr_memo_[id] = made;
    return made;
  }

  // A type annotation, as an expression the resolver reads as the types it names (Resolver::
  // annotation_types): names and attributes as they are, `X | Y` an Either, `X[A, B]` a Subscript
  // whose items are A and B, a string annotation (`"Item"`, `"t.Optional[Item]"`) parsed the
  // same way. kNoExpr for anything else. Nothing here is a call: annotations add no call sites.
  ExprId annotation_of(NodeId id, int scope) {
    if (id == kNoNode) return kNoExpr;
    const Node& n = t_.node(id);
    switch (n.kind) {
      case NodeKind::Name:
      case NodeKind::Attribute: return expr_of(id, scope);
      case NodeKind::Constant: return n.const_kind == ConstKind::Str ? annotation_text(std::string(n.name), scope) : kNoExpr;
      case NodeKind::BinOp: {
        NodeId op = t_.kid(id, Field::op);
        if (op == kNoNode || t_.node(op).kind != NodeKind::BitOr) return kNoExpr;
        Expr either;
        either.kind = ExprKind::Either;
        either.items = {annotation_of(t_.kid(id, Field::left), scope), annotation_of(t_.kid(id, Field::right), scope)};
        return add_expr(std::move(either), scope);
      }
      case NodeKind::Subscript: {
        Expr generic;
        generic.kind = ExprKind::Subscript;
        generic.base = annotation_of(t_.kid(id, Field::value), scope);
        NodeId key = t_.kid(id, Field::slice);
        if (key != kNoNode && t_.node(key).kind == NodeKind::Tuple) {
          for (NodeId item : t_.kids(key, Field::elts)) generic.items.push_back(annotation_of(item, scope));
        } else {
          generic.items.push_back(annotation_of(key, scope));
        }
        return add_expr(std::move(generic), scope);
      }
      default: return kNoExpr;
    }
  }

  // A string annotation: `Name`, `a.b.Name`, `X[A, B]` and `X | Y` of those; kNoExpr when it
  // is anything else, or nested deeper than any real annotation (a string is not bounded by
  // the parser's nesting limit, and this recursion would follow it). Its names are read with
  // no position (as from the end of the module).
  ExprId annotation_text(const std::string& text, int scope) {
    constexpr int kMaxNesting = 32;
    std::size_t at = 0;
    int depth = 0;
    bool ok = true;
    auto skip = [&] {
      while (at < text.size() && text[at] == ' ') ++at;
    };
    auto identifier = [&] {
      skip();
      std::size_t start = at;
      while (at < text.size() && (std::isalnum(static_cast<unsigned char>(text[at])) || text[at] == '_')) ++at;
      if (start == at || std::isdigit(static_cast<unsigned char>(text[start]))) ok = false;
      return text.substr(start, at - start);
    };
    std::function<ExprId()> either;
    auto primary = [&]() -> ExprId {
      Expr name;
      name.kind = ExprKind::Name;
      name.name = identifier();
      ExprId e = add_expr(std::move(name), scope);
      for (skip(); ok && at < text.size() && text[at] == '.'; skip()) {
        ++at;
        Expr attribute;
        attribute.kind = ExprKind::Attribute;
        attribute.base = e;
        attribute.name = identifier();
        e = add_expr(std::move(attribute), scope);
      }
      if (!ok || at >= text.size() || text[at] != '[') return e;
      Expr generic;
      generic.kind = ExprKind::Subscript;
      generic.base = e;
      if (++depth > kMaxNesting) ok = false;
      while (ok && at < text.size() && (text[at] == '[' || text[at] == ',')) {
        ++at;
        generic.items.push_back(either());
        skip();
        if (at < text.size() && text[at] == ']') break;
      }
      --depth;
      if (at >= text.size() || text[at] != ']') ok = false;
      ++at;
      return add_expr(std::move(generic), scope);
    };
    either = [&]() -> ExprId {
      ExprId left = primary();
      for (skip(); ok && at < text.size() && text[at] == '|'; skip()) {
        ++at;
        Expr union_of;
        union_of.kind = ExprKind::Either;
        union_of.items = {left, primary()};
        left = add_expr(std::move(union_of), scope);
      }
      return left;
    };
    ExprId made = either();
    skip();
    return ok && at == text.size() ? made : kNoExpr;
  }

  static constexpr ExprId kUnmade = static_cast<ExprId>(-2);
  std::vector<ExprId> expr_memo_;  // by node: what expr_of made of it
  StackBudget stack_;              // measured when the builder was made

  ExprId make_expr(NodeId id, int scope) {
    const Node& n = t_.node(id);
    Expr e;
    switch (n.kind) {
      case NodeKind::Name:
        e.kind = ExprKind::Name;
        e.name = std::string(n.name);
        e.at = place_of(n, false);
        break;
      case NodeKind::Attribute:
        e.kind = ExprKind::Attribute;
        e.name = std::string(n.name);
        e.base = expr_of(t_.kid(id, Field::value), scope);
        break;
      case NodeKind::Call: {
        e.kind = ExprKind::Call;
        e.base = expr_of(t_.kid(id, Field::func), scope);
        // The arguments, for a result that depends on them (a function that returns a
        // parameter): positional ones up to the first `*args`, then keywords by name.
        bool unpacked = false;
        for (NodeId a : t_.kids(id, Field::args)) {
          unpacked = unpacked || t_.node(a).kind == NodeKind::Starred;
          if (!unpacked) e.items.push_back(expr_of(a, scope));
        }
        e.keys.assign(e.items.size(), "");
        for (NodeId k : t_.kids(id, Field::keywords)) {
          const Node& kw = t_.node(k);
          if (kw.name.empty()) {  // **kwargs
            unpacked = true;
            continue;
          }
          e.items.push_back(expr_of(t_.kid(k, Field::value), scope));
          e.keys.emplace_back(kw.name);
        }
        if (unpacked) e.name = "*";
        break;
      }
      case NodeKind::Lambda:
        e.kind = ExprKind::Lambda;
        e.scope = lambda_scope(id);
        break;
      case NodeKind::NamedExpr: return expr_of(t_.kid(id, Field::value), scope);
      case NodeKind::IfExp:  // `a if c else b`: either branch
        e.kind = ExprKind::Either;
        e.items = {expr_of(t_.kid(id, Field::body), scope), expr_of(t_.kid(id, Field::orelse), scope)};
        break;
      case NodeKind::BoolOp:  // `a or b`, `a and b`: one of the operands
        e.kind = ExprKind::Either;
        for (NodeId v : t_.kids(id, Field::values)) e.items.push_back(expr_of(v, scope));
        break;
      case NodeKind::BinOp: {
        // a + b is a.__add__(b): its value is what that method returns.
        NodeId op = t_.kid(id, Field::op);
        const char* dunder = op == kNoNode ? nullptr : binary_dunder(t_.node(op).kind);
        if (!dunder) {
          e.name = node_kind_name(n.kind);
          break;
        }
        Expr method;
        method.kind = ExprKind::Attribute;
        method.base = expr_of(t_.kid(id, Field::left), scope);
        method.name = dunder;
        e.kind = ExprKind::Call;
        e.base = add_expr(std::move(method), scope);
        break;
      }
      case NodeKind::Compare:
        e.kind = ExprKind::Literal;
        e.name = "builtins.bool";
        break;
      case NodeKind::List:
      case NodeKind::Tuple:
      case NodeKind::Set:
        e.kind = ExprKind::Container;
        e.name = literal_type(n);
        for (NodeId item : t_.kids(id, Field::elts)) e.items.push_back(expr_of(item, scope));
        break;
      case NodeKind::Dict: {
        e.kind = ExprKind::Container;
        e.at = place_of(n, false);
        e.name = "builtins.dict";
        std::vector<NodeId> keys = t_.kids(id, Field::keys), values = t_.kids(id, Field::values);
        for (size_t i = 0; i < values.size(); ++i) {
          e.items.push_back(expr_of(values[i], scope));
          e.keys.push_back(i < keys.size() ? constant_key(keys[i]) : "");
        }
        break;
      }
      case NodeKind::ListComp:
      case NodeKind::SetComp:
      case NodeKind::GeneratorExp:
      case NodeKind::DictComp:
        e.kind = ExprKind::Container;
        e.name = n.kind == NodeKind::GeneratorExp ? "generator" : literal_type(n);
        {
          int saved = current_scope_for_lambda_;
          current_scope_for_lambda_ = scope;
          int inner = comprehension_scope(id);
          current_scope_for_lambda_ = saved;
          e.items.push_back(expr_of(t_.kid(id, n.kind == NodeKind::DictComp ? Field::value : Field::elt), inner));
        }
        if (n.kind == NodeKind::DictComp) e.keys.push_back("");
        break;
      case NodeKind::Subscript: {
        e.kind = ExprKind::Subscript;
        e.at = place_of(n, false);
        e.base = expr_of(t_.kid(id, Field::value), scope);
        NodeId key = t_.kid(id, Field::slice);
        if (key != kNoNode && t_.node(key).kind == NodeKind::Slice) {
          // A slice is a view starting at its lower bound: ":1" for xs[1:3], ":?" when not constant.
          NodeId lower = t_.kid(key, Field::lower);
          std::string start = lower == kNoNode ? "0" : constant_key(lower);
          e.name = ":" + (start.empty() || start[0] == '\'' ? std::string("?") : start);
        } else {
          e.name = constant_key(key);
          // A key computed at run time may still be a constant that flows in (a parameter, an
          // imported name): the resolver follows it.
          if (e.name.empty() && key != kNoNode) e.items.push_back(expr_of(key, scope));
        }
        break;
      }
      case NodeKind::Constant:
      case NodeKind::JoinedStr: {
        const char* type = literal_type(n);
        if (!type) {
          e.name = node_kind_name(n.kind);
          break;
        }
        e.kind = ExprKind::Literal;
        e.name = type;
        if (std::string value = constant_key(id); !value.empty()) e.keys.push_back(std::move(value));
        if (n.kind == NodeKind::JoinedStr) {  // f"visit_{kind}": its constant start, for getattr
          std::vector<NodeId> parts = t_.kids(id, Field::values);
          if (!parts.empty() && t_.node(parts.front()).kind == NodeKind::Constant &&
              t_.node(parts.front()).const_kind == ConstKind::Str && !t_.node(parts.front()).name.empty())
            e.keys = {"", std::string(t_.node(parts.front()).name)};
        }
        break;
      }
      case NodeKind::Await: return expr_of(t_.kid(id, Field::value), scope);
      default: e.name = node_kind_name(n.kind); break;
    }
    return add_expr(std::move(e), scope);
  }

  // A dict key or subscript written as a constant: "a" -> a, 0 -> 0; "" otherwise.
  std::string constant_key(NodeId id) const {
    if (id == kNoNode) return "";
    const Node& n = t_.node(id);
    if (n.kind != NodeKind::Constant) return "";
    if (n.const_kind == ConstKind::Str) return "'" + std::string(n.name);
    if (n.const_kind == ConstKind::Int) return segment(id);
    return "";
  }

  // The builtin type of a literal, or null (None, Ellipsis: no methods worth following).
  static const char* literal_type(const Node& n) {
    switch (n.kind) {
      case NodeKind::Constant:
        switch (n.const_kind) {
          case ConstKind::Str: return "builtins.str";
          case ConstKind::Bytes: return "builtins.bytes";
          case ConstKind::Int: return "builtins.int";
          case ConstKind::Float: return "builtins.float";
          case ConstKind::Complex: return "builtins.complex";
          case ConstKind::Bool: return "builtins.bool";
          default: return nullptr;
        }
      case NodeKind::JoinedStr: return "builtins.str";
      case NodeKind::List:
      case NodeKind::ListComp: return "builtins.list";
      case NodeKind::Dict:
      case NodeKind::DictComp: return "builtins.dict";
      case NodeKind::Set:
      case NodeKind::SetComp: return "builtins.set";
      case NodeKind::Tuple: return "builtins.tuple";
      default: return nullptr;
    }
  }

  // Lambdas get their scope when first met (by expr_of or visit), keyed by node.
  std::map<NodeId, int> lambda_scopes_;
  std::set<NodeId> callee_nodes_;  // the func of every call: an attribute there is a method call, not a read
  std::map<std::tuple<int, std::uint32_t, std::string>, int> lambdas_on_line_;
  std::vector<std::pair<NodeId, int>> pending_lambdas_;  // (node, enclosing scope)
  int current_scope_for_lambda_ = 0;

  int lambda_scope(NodeId id) { return expression_scope(id, ScopeKind::Lambda, "lambda"); }

  static const char* comprehension_name(NodeKind kind) {
    switch (kind) {
      case NodeKind::ListComp: return "listcomp";
      case NodeKind::SetComp: return "setcomp";
      case NodeKind::DictComp: return "dictcomp";
      default: return "genexpr";
    }
  }

  // A comprehension's scope. Its first iterable is evaluated outside, in `outer`.
  int comprehension_scope(NodeId id) {
    return expression_scope(id, ScopeKind::Comprehension, comprehension_name(t_.node(id).kind));
  }

  // Lambdas and comprehensions get their scope when first met (by expr_of or visit), keyed by
  // node: "<lambda@LINE>", and "<lambda@LINE:COL>" for a second one on the same line.
  int expression_scope(NodeId id, ScopeKind kind, const char* label) {
    auto it = lambda_scopes_.find(id);
    if (it != lambda_scopes_.end()) return it->second;
    const Node& n = t_.node(id);
    Scope s;
    s.kind = kind;
    s.node = id;
    int same_line = lambdas_on_line_[{current_scope_for_lambda_, n.line, label}]++;
    s.name = anonymous_scope_name(label, static_cast<int>(n.line), same_line ? static_cast<int>(n.col) : -1);
    s.parent = current_scope_for_lambda_;
    s.qualname = f_.scopes[s.parent].qualname + "." + s.name;
    s.line = static_cast<int>(n.line);
    s.end_line = static_cast<int>(n.end_line);
    f_.scopes.push_back(std::move(s));
    int index = static_cast<int>(f_.scopes.size()) - 1;
    lambda_scopes_[id] = index;
    return index;
  }

  // Branch and loop bodies get a block of their own, so that resolution knows which bindings
  // always run before a read and which only may.
  void visit_children(NodeId id, int scope) {
    NodeKind kind = t_.node(id).kind;
    bool branches = kind == NodeKind::If || kind == NodeKind::For || kind == NodeKind::AsyncFor ||
                    kind == NodeKind::While || kind == NodeKind::Try || kind == NodeKind::TryStar || kind == NodeKind::Match;
    bool loop = kind == NodeKind::For || kind == NodeKind::AsyncFor || kind == NodeKind::While;
    int outer = block_;
    std::map<Field, int> blocks;
    for (const ChildRef* c = t_.begin_children(id); c != t_.end_children(id); ++c) {
      bool body = c->field == Field::body || c->field == Field::orelse || c->field == Field::handlers ||
                  c->field == Field::finalbody || c->field == Field::cases;
      if (branches && body) {
        auto it = blocks.find(c->field);
        if (it == blocks.end()) {
          f_.blocks.push_back(Block{outer, loop && c->field == Field::body});
          it = blocks.emplace(c->field, static_cast<int>(f_.blocks.size()) - 1).first;
        }
        block_ = it->second;
      } else {
        block_ = outer;
      }
      visit(c->node, scope);
    }
    block_ = outer;
    if (kind == NodeKind::If && blocks.count(Field::body) && blocks.count(Field::orelse)) {
      f_.blocks[blocks[Field::body]].other = blocks[Field::orelse];
      f_.blocks[blocks[Field::orelse]].other = blocks[Field::body];
    }
    if (kind == NodeKind::If) narrow(t_.kid(id, Field::test), blocks, scope);
  }

  // `if isinstance(x, C)` / `if not isinstance(x, C)`: what each branch says of the name x.
  void narrow(NodeId test, const std::map<Field, int>& blocks, int scope) {
    bool is_instance = true;
    if (test != kNoNode && t_.node(test).kind == NodeKind::UnaryOp) {
      NodeId op = t_.kid(test, Field::op);
      if (op == kNoNode || t_.node(op).kind != NodeKind::Not) return;
      is_instance = false;
      test = t_.kid(test, Field::operand);
    }
    if (test == kNoNode || t_.node(test).kind != NodeKind::Call) return;
    NodeId func = t_.kid(test, Field::func);
    std::vector<NodeId> args = t_.kids(test, Field::args);
    if (func == kNoNode || t_.node(func).kind != NodeKind::Name || t_.node(func).name != "isinstance" || args.size() != 2 ||
        t_.node(args[0]).kind != NodeKind::Name)
      return;
    Narrowing n;
    n.name = std::string(t_.node(args[0]).name);
    std::vector<NodeId> classes = t_.node(args[1]).kind == NodeKind::Tuple ? t_.kids(args[1], Field::elts) : std::vector<NodeId>{args[1]};
    for (NodeId c : classes) {
      if (t_.node(c).kind != NodeKind::Name && t_.node(c).kind != NodeKind::Attribute) return;
      n.classes.push_back(expr_of(c, scope));
    }
    for (auto [field, body_is_instance] : {std::pair{Field::body, true}, std::pair{Field::orelse, false}}) {
      auto it = blocks.find(field);
      if (it == blocks.end()) continue;
      n.is_instance = body_is_instance == is_instance;
      f_.blocks[it->second].narrowing = static_cast<int>(f_.narrowings.size());
      f_.narrowings.push_back(n);
    }
  }

  // Visits a new scope's body from its own straight-line code.
  void visit_body_of(const std::vector<NodeId>& statements, int scope) {
    int outer = block_;
    Place effect = effect_;
    block_ = -1;
    for (NodeId stmt : statements) visit(stmt, scope);
    block_ = outer;
    effect_ = effect;
  }

  void visit(NodeId id, int scope) {
    if (id == kNoNode) return;
    if (stack_.exhausted()) {  // its calls are left out, and counted
      ++f_.too_deep;
      return;
    }
    const Node& n = t_.node(id);
    current_scope_for_lambda_ = scope;
    // A statement's bindings take effect when it completes; a def's when the def runs.
    switch (n.kind) {
      case NodeKind::Assign: case NodeKind::AnnAssign: case NodeKind::AugAssign: case NodeKind::Import:
      case NodeKind::ImportFrom: case NodeKind::With: case NodeKind::AsyncWith: case NodeKind::NamedExpr:
        effect_ = place_of(n, true);
        break;
      case NodeKind::FunctionDef: case NodeKind::AsyncFunctionDef: case NodeKind::ClassDef:
        effect_ = place_of(n, false);
        break;
      case NodeKind::Return: case NodeKind::Raise: case NodeKind::Break: case NodeKind::Continue:
        if (block_ >= 0) f_.blocks[block_].exits = true;
        break;
      default: break;
    }
    switch (n.kind) {
      case NodeKind::FunctionDef:
      case NodeKind::AsyncFunctionDef: return function_def(id, scope);
      case NodeKind::ClassDef: return class_def(id, scope);
      case NodeKind::Lambda: return lambda(id, scope);
      case NodeKind::ListComp:
      case NodeKind::SetComp:
      case NodeKind::DictComp:
      case NodeKind::GeneratorExp: return comprehension(id, scope);
      case NodeKind::Import: return import(id, scope);
      case NodeKind::ImportFrom: return import_from(id, scope);
      case NodeKind::Assign:
      case NodeKind::AnnAssign: assign(id, scope); break;
      case NodeKind::Global:
        for (NodeId name : t_.kids(id, Field::names)) f_.scopes[scope].globals.emplace_back(t_.node(name).name);
        return;
      case NodeKind::Return:
        if (NodeId value = t_.kid(id, Field::value); value != kNoNode) {
          ExprId v = expr_of(value, scope);  // first: it may add scopes (lambdas), moving f_.scopes
          f_.scopes[scope].returns.push_back(v);
        }
        break;
      case NodeKind::For:
      case NodeKind::AsyncFor: {
        NodeId iter = t_.kid(id, Field::iter);
        ExprId iterable = expr_of(iter, scope);
        Expr element;
        element.kind = ExprKind::Iterate;
        element.base = iterable;
        effect_ = place_of(t_.node(iter), true);
        weak_targets_ = true;  // an empty iterable binds nothing
        bind_unpack(t_.kid(id, Field::target), kNoNode, add_expr(std::move(element), scope), scope);
        weak_targets_ = false;
        add_site(CallKind::Iterate, scope, iter, iterable);
        break;
      }
      case NodeKind::withitem: {
        // `with ctx as v`: calls ctx.__enter__ (v is what it returns) and later ctx.__exit__.
        NodeId ctx = t_.kid(id, Field::context_expr);
        ExprId manager = expr_of(ctx, scope);
        add_site(CallKind::With, scope, ctx, manager);
        Expr enter;
        enter.kind = ExprKind::Attribute;
        enter.base = manager;
        enter.name = "__enter__";
        Expr entered;
        entered.kind = ExprKind::Call;
        entered.base = add_expr(std::move(enter), scope);
        bind_unpack(t_.kid(id, Field::optional_vars), kNoNode, add_expr(std::move(entered), scope), scope);
        break;
      }
      case NodeKind::BinOp:
      case NodeKind::AugAssign: {
        NodeId op = t_.kid(id, Field::op);
        const char* dunder = op == kNoNode ? nullptr : binary_dunder(t_.node(op).kind);
        NodeId left = t_.kid(id, n.kind == NodeKind::BinOp ? Field::left : Field::target);
        if (dunder) {
          // `x += y` calls __iadd__, falling back to __add__ (the resolver tries both).
          std::string name = n.kind == NodeKind::AugAssign ? "__i" + std::string(dunder + 2) : dunder;
          add_site(CallKind::Operator, scope, id, expr_of(left, scope), name.c_str());
        }
        break;
      }
      case NodeKind::Compare: {
        NodeId op = t_.kid(id, Field::ops);
        const char* dunder = op == kNoNode ? nullptr : compare_dunder(t_.node(op).kind);
        // `x in c` asks the container: c.__contains__(x).
        bool contains = op != kNoNode && (t_.node(op).kind == NodeKind::In || t_.node(op).kind == NodeKind::NotIn);
        NodeId receiver = t_.kid(id, contains ? Field::comparators : Field::left);
        if (dunder && receiver != kNoNode) add_site(CallKind::Operator, scope, id, expr_of(receiver, scope), dunder);
        break;
      }
      case NodeKind::Subscript:
        if (NodeId ctx = t_.kid(id, Field::ctx); ctx != kNoNode && t_.node(ctx).kind == NodeKind::Load)
          add_site(CallKind::Operator, scope, id, expr_of(t_.kid(id, Field::value), scope), "__getitem__");
        break;
      case NodeKind::Attribute:
        if (NodeId ctx = t_.kid(id, Field::ctx); ctx != kNoNode && t_.node(ctx).kind == NodeKind::Load && !is_callee(id))
          add_site(CallKind::Property, scope, id, expr_of(id, scope));
        break;
      case NodeKind::Yield:
      case NodeKind::YieldFrom:
        if (NodeId value = t_.kid(id, Field::value); value != kNoNode) {
          ExprId v = expr_of(value, scope);
          if (n.kind == NodeKind::YieldFrom) {
            Expr element;
            element.kind = ExprKind::Iterate;
            element.base = v;
            v = add_expr(std::move(element), scope);
          }
          f_.scopes[scope].yields.push_back(v);
        }
        break;
      case NodeKind::Raise:
        if (NodeId exc = t_.kid(id, Field::exc); exc != kNoNode && t_.node(exc).kind != NodeKind::Call)
          add_site(CallKind::Raise, scope, exc, expr_of(exc, scope));
        break;
      case NodeKind::ExceptHandler:
        if (!n.name.empty()) {
          Binding b{BindingKind::Unknown};
          b.weak = true;
          bind(scope, std::string(n.name), b);
        }
        break;
      case NodeKind::NamedExpr: {
        NodeId target = t_.kid(id, Field::target);
        if (target != kNoNode && t_.node(target).kind == NodeKind::Name) {
          Binding b{BindingKind::Value};
          b.value = expr_of(t_.kid(id, Field::value), scope);
          bind(scope, std::string(t_.node(target).name), std::move(b));
        }
        break;
      }
      case NodeKind::Call: {
        callee_nodes_.insert(t_.kid(id, Field::func));
        CallSite site;
        site.scope = scope;
        site.line = static_cast<int>(n.line);
        site.col = static_cast<int>(n.col);
        NodeId func = t_.kid(id, Field::func);
        site.callee = expr_of(func, scope);
        site.text = segment(func);
        int position = 0;
        for (const ChildRef* c = t_.begin_children(id); c != t_.end_children(id); ++c) {
          if (c->field == Field::args) {
            bool starred = t_.node(c->node).kind == NodeKind::Starred;
            site.args.push_back(Argument{starred ? -1 : position++, "", expr_of(c->node, scope), starred});
          } else if (c->field == Field::keywords) {
            const Node& k = t_.node(c->node);
            site.args.push_back(Argument{-1, std::string(k.name), expr_of(t_.kid(c->node, Field::value), scope), k.name.empty()});
          }
        }
        record_mutation(func, site, scope);
        f_.calls.push_back(std::move(site));
        break;
      }
      default: break;
    }
    visit_children(id, scope);
  }

  bool is_callee(NodeId id) const { return callee_nodes_.count(id) > 0; }

  static const char* binary_dunder(NodeKind op) {
    switch (op) {
      case NodeKind::Add: return "__add__";
      case NodeKind::Sub: return "__sub__";
      case NodeKind::Mult: return "__mul__";
      case NodeKind::MatMult: return "__matmul__";
      case NodeKind::Div: return "__truediv__";
      case NodeKind::FloorDiv: return "__floordiv__";
      case NodeKind::Mod: return "__mod__";
      case NodeKind::Pow: return "__pow__";
      case NodeKind::LShift: return "__lshift__";
      case NodeKind::RShift: return "__rshift__";
      case NodeKind::BitOr: return "__or__";
      case NodeKind::BitXor: return "__xor__";
      case NodeKind::BitAnd: return "__and__";
      default: return nullptr;
    }
  }

  static const char* compare_dunder(NodeKind op) {
    switch (op) {
      case NodeKind::Eq: return "__eq__";
      case NodeKind::NotEq: return "__ne__";
      case NodeKind::Lt: return "__lt__";
      case NodeKind::LtE: return "__le__";
      case NodeKind::Gt: return "__gt__";
      case NodeKind::GtE: return "__ge__";
      case NodeKind::In: return "__contains__";
      case NodeKind::NotIn: return "__contains__";
      default: return nullptr;
    }
  }

  void add_site(CallKind kind, int scope, NodeId at, ExprId callee, const char* dunder = nullptr) {
    CallSite site;
    site.kind = kind;
    if (dunder) site.dunder = dunder;
    site.scope = scope;
    site.line = static_cast<int>(t_.node(at).line);
    site.col = static_cast<int>(t_.node(at).col);
    site.callee = callee;
    site.text = segment(at);
    f_.calls.push_back(std::move(site));
  }

  // x.append(v), x.add(v), x.insert(i, v), x.update(d), x.extend(l): values flowing into x.
  void record_mutation(NodeId func, const CallSite& site, int scope) {
    const Node& fn = t_.node(func);
    if (fn.kind != NodeKind::Attribute) return;
    std::string method(fn.name);
    bool merge = method == "update" || method == "extend";
    size_t position = method == "insert" ? 1 : 0;
    if (!merge && method != "append" && method != "add" && method != "insert") return;
    for (const Argument& a : site.args)
      if (a.position == static_cast<int>(position))
        f_.item_writes.push_back(ItemWrite{scope, place_of(fn, true), expr_of(t_.kid(func, Field::value), scope), "", a.value, merge});
  }

  // Binds an assignment target to a value, element by element for tuple and list targets:
  // `a, (b, c) = f1, (f2, f3)` binds a=f1, b=f2, c=f3; `a, *b = xs` binds a=xs[0], b=... .
  // `value_node` is the value's syntax when it is known (to match literal tuples), else kNoNode.
  void bind_unpack(NodeId target, NodeId value_node, ExprId value, int scope) {
    if (target == kNoNode) return;
    const Node& tn = t_.node(target);
    switch (tn.kind) {
      case NodeKind::Name: {
        Binding b{BindingKind::Value};
        b.value = value;
        bind(scope, std::string(tn.name), std::move(b));
        if (scope == 0 && tn.name == "__all__" && value_node != kNoNode) read_all(value_node);
        return;
      }
      case NodeKind::Attribute: return self_attribute(target, value, scope);
      case NodeKind::Subscript: {
        NodeId base = t_.kid(target, Field::value);
        f_.item_writes.push_back(ItemWrite{scope, effect_, expr_of(base, scope), constant_key(t_.kid(target, Field::slice)), value, false});
        f_.item_writes.back().at.block = block_;
        return;
      }
      case NodeKind::Starred: return bind_unpack(t_.kid(target, Field::value), kNoNode, value, scope);
      case NodeKind::Tuple:
      case NodeKind::List: break;
      default: return;
    }
    std::vector<NodeId> targets = t_.kids(target, Field::elts);
    size_t star = targets.size();
    for (size_t i = 0; i < targets.size(); ++i)
      if (t_.node(targets[i]).kind == NodeKind::Starred) star = i;
    const Node* vn = value_node == kNoNode ? nullptr : &t_.node(value_node);
    std::vector<NodeId> values;
    if (vn && (vn->kind == NodeKind::Tuple || vn->kind == NodeKind::List)) values = t_.kids(value_node, Field::elts);
    bool literal = !values.empty() && (star == targets.size() ? values.size() == targets.size() : values.size() + 1 >= targets.size());
    for (size_t i = 0; i < targets.size(); ++i) {
      if (literal) {
        if (i < star) {
          bind_unpack(targets[i], values[i], expr_of(values[i], scope), scope);
        } else if (i > star) {
          size_t from_end = targets.size() - i;
          NodeId v = values[values.size() - from_end];
          bind_unpack(targets[i], v, expr_of(v, scope), scope);
        } else {  // the starred target takes the middle as a list
          Expr middle;
          middle.kind = ExprKind::Container;
          middle.name = "builtins.list";
          for (size_t k = star; k + (targets.size() - star - 1) < values.size(); ++k) middle.items.push_back(expr_of(values[k], scope));
          bind_unpack(targets[i], kNoNode, add_expr(std::move(middle), scope), scope);
        }
        continue;
      }
      Expr element;
      element.kind = ExprKind::Subscript;
      element.base = value;
      element.name = i < star ? std::to_string(i) : i > star ? "" : ":";
      bind_unpack(targets[i], kNoNode, add_expr(std::move(element), scope), scope);
    }
  }



  // `a = b = value`; `name: T = value`; `name: T` declares what name holds and binds nothing.
  void assign(NodeId id, int scope) {
    NodeId value = t_.kid(id, Field::value);
    std::vector<NodeId> targets = t_.kids(id, Field::targets);
    if (NodeId single = t_.kid(id, Field::target); single != kNoNode) targets.push_back(single);
    ExprId annotation = annotation_of(t_.kid(id, Field::annotation), scope);
    if (value == kNoNode) {
      if (annotation == kNoExpr || targets.size() != 1 || t_.node(targets.front()).kind != NodeKind::Name) return;
      Binding declared{BindingKind::Declared};
      declared.weak = true;  // it assigns nothing
      declared.annotation = annotation;
      bind(scope, std::string(t_.node(targets.front()).name), declared);
      return;
    }
    ExprId v = expr_of(value, scope);
    annotation_ = annotation;
    for (NodeId target : targets) bind_unpack(target, value, v, scope);
    annotation_ = kNoExpr;
  }

  // `self.x = value` inside a method: remembered on the class.
  void self_attribute(NodeId target, ExprId value, int scope) {
    NodeId base = t_.kid(target, Field::value);
    const Scope& s = f_.scopes[scope];
    if (base == kNoNode || t_.node(base).kind != NodeKind::Name || s.kind != ScopeKind::Function) return;
    if (s.parent < 0 || f_.scopes[s.parent].kind != ScopeKind::Class || s.is_staticmethod) return;
    auto self = std::find_if(s.bindings.begin(), s.bindings.end(), [](const auto& entry) {
      return !entry.second.empty() && entry.second.front().kind == BindingKind::Param && entry.second.front().index == 0;
    });
    if (self == s.bindings.end() || self->first != t_.node(base).name) return;
    f_.scopes[s.parent].self_attributes[std::string(t_.node(target).name)].emplace_back(scope, value);
  }

  void read_all(NodeId value) {
    const Node& v = t_.node(value);
    if (v.kind != NodeKind::List && v.kind != NodeKind::Tuple) return;
    std::vector<std::string> names;
    for (NodeId e : t_.kids(value, Field::elts)) {
      const Node& en = t_.node(e);
      if (en.kind != NodeKind::Constant || en.const_kind != ConstKind::Str) return;
      names.emplace_back(en.name);
    }
    f_.all_names = std::move(names);
  }

  // `import a.b` binds `a`; `import a.b as c` binds `c` to a.b.
  void import(NodeId id, int scope) {
    for (NodeId alias : t_.kids(id, Field::names)) {
      const Node& a = t_.node(alias);
      std::string module(a.name);
      Binding b{BindingKind::Import};
      if (a.asname.empty()) {
        b.module = module.substr(0, module.find('.'));
        bind(scope, b.module, b);
      } else {
        b.module = module;
        bind(scope, std::string(a.asname), b);
      }
    }
  }

  std::string absolute_module(const Node& n) const {
    std::string module(n.name);
    if (n.number <= 0) return module;
    // Relative: level 1 is this module's package.
    std::string base = f_.module_name;
    int up = n.number - (f_.is_package ? 1 : 0);
    for (int i = 0; i < up; ++i) {
      size_t dot = base.rfind('.');
      base = dot == std::string::npos ? "" : base.substr(0, dot);
    }
    if (module.empty()) return base;
    return base.empty() ? module : base + "." + module;
  }

  void import_from(NodeId id, int scope) {
    std::string module = absolute_module(t_.node(id));
    for (NodeId alias : t_.kids(id, Field::names)) {
      const Node& a = t_.node(alias);
      if (a.name == "*") {
        if (scope == 0) {
          f_.star_imports.push_back(module);
          Place at = effect_;
          at.block = block_;
          f_.star_import_at.push_back(at);
        }
        continue;
      }
      Binding b{BindingKind::FromImport};
      b.module = module;
      b.name = std::string(a.name);
      bind(scope, std::string(a.asname.empty() ? a.name : a.asname), b);
    }
  }

  int new_scope(NodeId id, int parent, ScopeKind kind) {
    const Node& n = t_.node(id);
    Scope s;
    s.kind = kind;
    s.name = std::string(n.name);
    s.parent = parent;
    s.qualname = f_.scopes[parent].qualname + "." + s.name;
    s.line = static_cast<int>(n.line);
    s.end_line = static_cast<int>(n.end_line);
    f_.scopes.push_back(std::move(s));
    int index = static_cast<int>(f_.scopes.size()) - 1;
    Binding b{BindingKind::Definition};
    b.scope = index;
    bind(parent, f_.scopes[index].name, b);
    return index;
  }

  // Decorators are called where the definition stands, bottom one first: `@a @b def f` calls
  // b(f) and then a(<what b returned>) from the enclosing scope, and binds f to a's result.
  // Returns that final value, or kNoExpr without decorators.
  ExprId decorators(NodeId id, int scope, int defined) {
    std::vector<NodeId> list = t_.kids(id, Field::decorator_list);
    for (NodeId d : list) {
      visit(d, scope);
      const Node& dn = t_.node(d);
      if (dn.kind == NodeKind::Name) {
        if (dn.name == "staticmethod") f_.scopes[defined].is_staticmethod = true;
        if (dn.name == "classmethod") f_.scopes[defined].is_classmethod = true;
        if (dn.name == "property" || dn.name == "cached_property") f_.scopes[defined].is_property = true;
      } else if (dn.kind == NodeKind::Attribute && dn.name == "cached_property") {
        f_.scopes[defined].is_property = true;  // functools.cached_property
      }
    }
    if (list.empty()) return kNoExpr;
    Expr defined_here;
    defined_here.kind = ExprKind::Definition;
    defined_here.scope = defined;
    ExprId value = add_expr(std::move(defined_here), scope);
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      const Node& dn = t_.node(*it);
      CallSite site;
      site.kind = CallKind::Decorate;
      site.scope = scope;
      site.line = static_cast<int>(dn.line);
      site.col = static_cast<int>(dn.col);
      site.callee = expr_of(*it, scope);
      site.text = segment(*it);
      site.args.push_back(Argument{0, "", value, false});
      Expr applied;
      applied.kind = ExprKind::Call;
      applied.base = site.callee;
      applied.items = {value};
      applied.keys = {""};
      value = add_expr(std::move(applied), scope);
      f_.calls.push_back(std::move(site));
    }
    // The name now holds what the decorators returned (in the module, after `global name`).
    const std::string& name = f_.scopes[defined].name;
    Binding& b = f_.scopes[binding_scope(scope, name)].bindings[name].back();
    b.kind = BindingKind::Decorated;
    b.value = value;
    return value;
  }

  void function_def(NodeId id, int scope) {
    int index = new_scope(id, scope, ScopeKind::Function);
    decorators(id, scope, index);
    NodeId args = t_.kid(id, Field::args);
    if (args != kNoNode) bind_parameters(args, scope, index);
    ExprId returns = annotation_of(t_.kid(id, Field::returns), scope);
    f_.scopes[index].returns_annotation = returns;
    visit_body_of(t_.kids(id, Field::body), index);
  }

  // Parameters in order, each with its default value (evaluated in the enclosing scope) if any.
  void bind_parameters(NodeId args, int outer, int function) {
    for (const ChildRef* c = t_.begin_children(args); c != t_.end_children(args); ++c)
      if (c->field == Field::defaults || c->field == Field::kw_defaults) visit(c->node, outer);
    std::vector<NodeId> positional = t_.kids(args, Field::posonlyargs);
    for (NodeId a : t_.kids(args, Field::args)) positional.push_back(a);
    std::vector<NodeId> defaults = t_.kids(args, Field::defaults), kw_defaults = t_.kids(args, Field::kw_defaults);
    size_t posonly = t_.kids(args, Field::posonlyargs).size();
    struct Param {
      NodeId node, default_value;
      ParamMode mode;
    };
    std::vector<Param> params;
    size_t first_default = positional.size() - std::min(positional.size(), defaults.size());
    for (size_t i = 0; i < positional.size(); ++i)
      params.push_back({positional[i], i >= first_default ? defaults[i - first_default] : kNoNode,
                        i < posonly ? ParamMode::PositionalOnly : ParamMode::Positional});
    for (NodeId a : t_.kids(args, Field::vararg)) params.push_back({a, kNoNode, ParamMode::VarPositional});
    std::vector<NodeId> kwonly = t_.kids(args, Field::kwonlyargs);
    for (size_t i = 0; i < kwonly.size(); ++i)
      params.push_back({kwonly[i], i < kw_defaults.size() ? kw_defaults[i] : kNoNode, ParamMode::KeywordOnly});
    for (NodeId a : t_.kids(args, Field::kwarg)) params.push_back({a, kNoNode, ParamMode::VarKeyword});
    std::vector<ExprId> default_values;  // evaluated where the def stands
    for (const Param& p : params) default_values.push_back(p.default_value == kNoNode ? kNoExpr : expr_of(p.default_value, outer));
    // Parameters are bound before anything in the body runs.
    int outer_block = block_;
    block_ = -1;
    for (size_t i = 0; i < params.size(); ++i) {
      Binding b{BindingKind::Param};
      b.at.line = 1;  // before every read in the body
      b.at.col = -1;
      b.index = static_cast<int>(i);
      b.mode = params[i].mode;
      b.value = default_values[i];
      b.annotation = annotation_of(t_.kid(params[i].node, Field::annotation), outer);
      bind(function, std::string(t_.node(params[i].node).name), b);
    }
    block_ = outer_block;
  }

  void class_def(NodeId id, int scope) {
    int index = new_scope(id, scope, ScopeKind::Class);
    decorators(id, scope, index);
    for (NodeId b : t_.kids(id, Field::bases)) {
      visit(b, scope);
      ExprId base = expr_of(b, scope);  // first: it may add scopes (lambdas), moving f_.scopes
      f_.scopes[index].bases.push_back(base);
    }
    for (NodeId k : t_.kids(id, Field::keywords)) {
      visit(k, scope);
      if (t_.node(k).name == "metaclass") {
        ExprId meta = expr_of(t_.kid(k, Field::value), scope);
        f_.scopes[index].metaclass.push_back(meta);
      }
    }
    visit_body_of(t_.kids(id, Field::body), index);
  }

  // Everything but the first iterable runs in the comprehension's own scope; running the
  // comprehension is a call from the enclosing scope (a real one up to Python 3.11).
  void comprehension(NodeId id, int scope) {
    current_scope_for_lambda_ = scope;
    int inner = comprehension_scope(id);
    std::vector<NodeId> generators = t_.kids(id, Field::generators);
    if (!generators.empty()) visit(t_.kid(generators.front(), Field::iter), scope);
    Expr self;
    self.kind = ExprKind::Lambda;  // a reference to the scope, as for a lambda
    self.scope = inner;
    add_site(CallKind::Comprehension, scope, id, add_expr(std::move(self), scope));
    int outer_block = block_;
    block_ = -1;
    for (size_t g = 0; g < generators.size(); ++g) {
      NodeId gen = generators[g];
      NodeId iter = t_.kid(gen, Field::iter);
      ExprId iterable = expr_of(iter, g == 0 ? scope : inner);
      Expr element;
      element.kind = ExprKind::Iterate;
      element.base = iterable;
      effect_ = Place{};
      weak_targets_ = anywhere_targets_ = true;  // [f(x) for x in xs] reads x before its `for`
      bind_unpack(t_.kid(gen, Field::target), kNoNode, add_expr(std::move(element), inner), inner);
      weak_targets_ = anywhere_targets_ = false;
      add_site(CallKind::Iterate, inner, iter, iterable);
      if (g > 0) visit(iter, inner);
      for (NodeId cond : t_.kids(gen, Field::ifs)) visit(cond, inner);
    }
    for (Field f : {Field::elt, Field::key, Field::value})
      if (NodeId part = t_.kid(id, f); part != kNoNode) visit(part, inner);
    block_ = outer_block;
  }

  void lambda(NodeId id, int scope) {
    current_scope_for_lambda_ = scope;
    int index = lambda_scope(id);
    NodeId args = t_.kid(id, Field::args);
    if (args != kNoNode) bind_parameters(args, scope, index);
    NodeId body = t_.kid(id, Field::body);
    ExprId value = expr_of(body, index);  // first: it may add scopes (lambdas), moving f_.scopes
    f_.scopes[index].returns.push_back(value);
    visit_body_of({body}, index);
  }
};

}  // namespace

CallFacts extract_call_facts(const SyntaxTree& tree, const std::string& source, const std::string& path,
                             const std::string& module_name) {
  CallFacts facts;
  facts.module_name = module_name;
  facts.path = path;
  facts.is_package = ends_with(path, "__init__.py");
  FactsBuilder(tree, source, facts).build();
  return facts;
}

}  // namespace codetrace
