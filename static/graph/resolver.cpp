#include "static/graph/resolver.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <deque>

#include <sys/resource.h>

#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <boost/container/small_vector.hpp>

#include "core/background_release.hpp"
#include "core/stack_budget.hpp"
#include "core/text.hpp"
#include "static/graph/answer_dependencies.hpp"
#include "static/graph/target.hpp"

namespace codetrace {

const std::string* SitePath::intern(std::string_view text) {
  static std::mutex lock;
  static std::unordered_set<std::string> texts;  // elements never move: pointers stay valid
  std::lock_guard<std::mutex> hold(lock);
  return &*texts.emplace(text).first;
}

const char* graph_node_kind_name(NodeKindInGraph kind) {
  switch (kind) {
    case NodeKindInGraph::Module: return "module";
    case NodeKindInGraph::Class: return "class";
    case NodeKindInGraph::Function: return "function";
    case NodeKindInGraph::Method: return "method";
    case NodeKindInGraph::Lambda: return "lambda";
    case NodeKindInGraph::Comprehension: return "comprehension";
    case NodeKindInGraph::External: return "external";
  }
  return "function";
}

namespace {

using namespace resolution;  // NOLINT: the resolver is written in these values

// Resolution recurses once per expression it follows (`x2 = x1; x1 = x0; ...`). The stdlib
// needs 164 levels; past the cut an answer lacks what lies deeper, and it is recomputed after
// each round. The recursion also stops where it would use half of the stack's limit.
constexpr int kMaxDepth = 512;
constexpr int kMaxRounds = 12;
constexpr int kAnyPosition = -2;

class Resolver {
 public:
  Resolver(const std::vector<CallFacts>& modules, const std::set<std::string>& builtins, bool heuristic)
      : mods_(modules), builtins_(builtins.begin(), builtins.end()), heuristic_(heuristic) {
    for (size_t i = 0; i < mods_.size(); ++i) {
      module_index_[mods_[i].module_name] = static_cast<int>(i);
      for (const Scope& sc : mods_[i].scopes) {
        if (sc.is_property) property_names_.insert(sc.name);
        if (sc.kind == ScopeKind::Function && starts_with(sc.name, "__")) dunder_names_.insert(sc.name);
      }
    }
    number_nodes();
    callers_.resize(all_scopes_);
    receivers_.resize(all_scopes_);
    mro_memo_.resize(all_scopes_);
    mro_known_.resize(all_scopes_);
  }

  CallGraph build() {
    resolve_to_fixpoint();
    CallGraph graph;
    EdgeMap edges;
    std::unordered_set<const std::string*> externals;  // external nodes added so far
    for (size_t m = 0; m < mods_.size(); ++m) add_module(static_cast<int>(m), graph, edges, externals);
    // Stable: a name defined twice keeps its definitions in file order.
    std::stable_sort(graph.nodes.begin(), graph.nodes.end(), [](const GraphNode& a, const GraphNode& b) { return a.id < b.id; });
    graph.edges = sorted_edges(graph.nodes, edges);
    return graph;
  }

 private:
  // A parameter takes the values passed at the call sites that reach its function, and which
  // sites reach a function depends on those values: repeat until no new caller appears.
  // Each round recomputes only the answers that read, directly or through other answers,
  // something the last round changed: the callers of a function (its parameter values), the
  // subclasses self stands for, or the writes to a container (see AnswerDependencies); a call
  // site whose answer stands is not visited again.
  void resolve_to_fixpoint() {
    clear_memo();
    measure_stack();
    for (int round = 0; round < kMaxRounds; ++round) {
      invalidate();
      collect_writes();
      // A site whose answer still stands has recorded its callers already.
      for (size_t m = 0; m < mods_.size(); ++m)
        for (size_t i = 0; i < mods_[m].calls.size(); ++i) callees_at(static_cast<int>(m), static_cast<int>(i));
      if (!deps_.any_changed()) break;  // no new caller anywhere: a fixpoint
    }
    invalidate();  // when the rounds ran out before a fixpoint
  }

  // Edges are grouped by node numbers and interned names, and sorted by their texts once.
  struct EdgeKey {
    AnswerDependencies::Node caller;  // (the class's alias Node is declared below)
    const std::string* callee;
    bool guess;
    bool operator==(const EdgeKey& o) const { return caller == o.caller && callee == o.callee && guess == o.guess; }
  };
  struct EdgeKeyHash {
    size_t operator()(const EdgeKey& k) const {
      return (std::hash<const void*>()(k.callee) * 0x9E3779B97F4A7C15ull) ^ (static_cast<size_t>(k.caller) << 1) ^ k.guess;
    }
  };
  struct EdgeSites {
    std::vector<CallSiteRef> sites;
    bool called = false;       // some site makes it other than by a protocol call
    bool unannotated = false;  // some site makes it from what is not only an annotation
  };
  using EdgeMap = std::unordered_map<EdgeKey, EdgeSites, EdgeKeyHash>;

  // A module's nodes, the edges of its call sites, and those it could not resolve.
  void add_module(int m, CallGraph& graph, EdgeMap& edges, std::unordered_set<const std::string*>& externals) {
    const CallFacts& f = mods_[m];
    std::vector<bool> is_node = graph_scopes(m);
    const SitePath path(f.path);
    for (size_t s = 0; s < f.scopes.size(); ++s)
      if (is_node[s]) graph.nodes.push_back(node_of(m, static_cast<int>(s)));
    for (size_t i = 0; i < f.calls.size(); ++i) {
      const CallSite& site = f.calls[i];
      if (site.kind == CallKind::Call) ++graph.call_sites;
      if (site.kind == CallKind::Comprehension && !is_node[f.exprs[site.callee].scope]) continue;
      Node caller = graph_node(m, site.scope);
      CallSiteRef where{path, site.line, site.col};
      const SiteCallees& callees = callees_at(m, static_cast<int>(i));
      bool any = false;
      const std::array<const Targets*, 3> lists{&callees.direct, &callees.callbacks(), &callees.protocol()};
      for (std::size_t k = 0; k < lists.size(); ++k) {
        const bool protocol = k == 2;
        for (const Target& t : *lists[k])
          for (const Callee& callee : callees_of(t)) {
            if (callee.outside && externals.insert(callee.id).second)
              graph.nodes.push_back(GraphNode{*callee.id, NodeKindInGraph::External, "", 0, 0});
            EdgeSites& edge = edges[EdgeKey{caller, callee.id, false}];
            std::vector<CallSiteRef>& sites = edge.sites;
            if (sites.empty() || !(sites.back().line == where.line && sites.back().col == where.col)) sites.push_back(where);
            edge.called = edge.called || !protocol;
            edge.unannotated = edge.unannotated || !t.annotated;
            any = any || !protocol;
          }
      }
      if (any || (site.kind != CallKind::Call && site.kind != CallKind::Decorate)) continue;
      if (site.kind == CallKind::Decorate && callees.direct.empty()) continue;  // a builtin descriptor
      const Targets& targets = callees.direct;
      if (!targets.empty() && targets.front().kind == Target::Class) continue;  // no __init__ of ours runs
      std::string reason = targets.empty() ? "no value found for the callee" : reason_text(targets.front());
      if (!targets.empty() && targets.front().kind != Target::Unknown) reason = "not callable";
      graph.unresolved.push_back({node_ids_[caller], where, site.text, reason});
      if (heuristic_)
        for (const std::string* guess : guesses(m, site)) edges[{caller, guess, true}].sites.push_back(where);
    }
  }

  // The edges sorted by caller and callee name: the names are ranked once (`nodes` is sorted
  // by id), then the edges sorted by the ranks.
  std::vector<GraphEdge> sorted_edges(const std::vector<GraphNode>& nodes, EdgeMap& edges) const {
    std::unordered_map<std::string_view, std::uint32_t> rank;
    for (std::uint32_t i = 0; i < nodes.size(); ++i) rank.emplace(nodes[i].id, i);
    struct Ranked {
      std::uint32_t caller, callee;
      bool guess;
      EdgeKey key;
      EdgeSites* edge;
    };
    std::vector<Ranked> order;
    order.reserve(edges.size());
    for (auto& [key, edge] : edges) order.push_back({rank.at(node_ids_[key.caller]), rank.at(*key.callee), key.guess, key, &edge});
    std::sort(order.begin(), order.end(), [](const Ranked& a, const Ranked& b) {
      return std::tie(a.caller, a.callee, a.guess) < std::tie(b.caller, b.callee, b.guess);
    });
    std::vector<GraphEdge> out;
    out.reserve(order.size());
    for (const Ranked& edge : order)
      out.push_back({node_ids_[edge.key.caller], *edge.key.callee, std::move(edge.edge->sites), edge.key.guess,
                     !edge.key.guess && !edge.edge->called, !edge.key.guess && !edge.edge->unannotated});
    return out;
  }

  const std::vector<CallFacts>& mods_;
  std::unordered_set<std::string> builtins_;
  bool heuristic_ = false;
  std::unordered_map<std::string, int> module_index_;
  std::unordered_set<std::string> property_names_;  // names of @property getters anywhere in the tree
  std::unordered_set<std::string> dunder_names_;    // __x__ methods defined anywhere in the tree
  // What each answer read that a later round may change (the callers of a function, the
  // subclasses a method is reached through, the writes to a container, a cut at the depth
  // limit), so that a round recomputes only what changed under it. Nodes, in this order: every
  // expression's answer, every call site's, the callers of every scope, the receivers of every
  // scope, the writes to every expression (as a container), the depth cut, every item write,
  // then member() answers as they are made.
  AnswerDependencies deps_;
  using Node = AnswerDependencies::Node;
  std::vector<Node> expr_base_, site_base_, scope_base_;  // [module]: its first node of each kind
  Node all_exprs_ = 0, all_sites_ = 0, all_scopes_ = 0;
  Node answer_node(int m, ExprId e) const { return expr_base_[m] + e; }
  Node site_node(int m, int i) const { return all_exprs_ + site_base_[m] + static_cast<Node>(i); }
  Node callers_node(int m, int function) const { return all_exprs_ + all_sites_ + scope_base_[m] + static_cast<Node>(function); }
  Node receivers_node(int m, int method) const { return callers_node(m, method) + all_scopes_; }
  Node writes_node(int m, ExprId container) const { return all_exprs_ + all_sites_ + 2 * all_scopes_ + expr_base_[m] + container; }
  Node deep_node() const { return 2 * all_exprs_ + all_sites_ + 2 * all_scopes_; }
  // What each item write (`d[k] = v`, `ls.append(v)`) read to find the containers it reaches.
  Node item_write_node(std::size_t k) const { return deep_node() + 1 + static_cast<Node>(k); }
  Node first_member_node() const { return item_write_node(item_writes_.size()); }
  // An expression's memo slot is 8 bytes; its answer lives in answers_, where a recomputed
  // answer takes the place of the one it replaces. Half the expressions are never asked
  // about, and a dense slot array is what the rounds scan and the cache holds.
  struct Memo {
    enum State : std::uint8_t { Fresh, Active, Done } state = Fresh;
    bool dependent = false;  // it read something a round may change
    std::uint32_t answer = kNoAnswer;  // its place in answers_, once it has had an answer
  };
  static constexpr std::uint32_t kNoAnswer = 0xFFFFFFFFu;
  std::vector<Memo> memo_;       // [answer_node(module, expr)]
  std::deque<Targets> answers_;  // a deque: references stay valid as it grows
  std::vector<std::pair<int, const std::string*>> active_module_attrs_;  // module_attribute() calls under way
  struct Write {
    int module = 0;
    const ItemWrite* write = nullptr;
    bool operator==(const Write& o) const { return module == o.module && write == o.write; }
    bool operator<(const Write& o) const { return std::tie(module, write) < std::tie(o.module, o.write); }
  };

  struct Caller {
    int module = 0, site = 0;
    bool bound = false;
    bool operator<(const Caller& o) const { return std::tie(module, site, bound) < std::tie(o.module, o.site, o.bound); }
  };
  // Per scope, by scope_slot(): vectors rather than maps keyed by (module, scope), which were
  // a lookup on every caller recorded and every MRO asked for.
  std::size_t scope_slot(int m, int s) const { return scope_base_[m] + static_cast<std::size_t>(s); }
  std::vector<std::vector<Caller>> callers_;  // function -> the sites calling it, sorted
  // method -> the subclasses of its class whose instances a call site reached it through: what
  // `self` can be besides an instance of the class itself. Kept apart from the callers so that
  // `self` is recomputed only when a subclass comes, not on every caller.
  std::vector<std::vector<std::pair<int, int>>> receivers_;
  std::vector<Targets> mro_memo_;  // class -> its MRO, once known (the vector is sized once: references stay valid)
  std::vector<bool> mro_known_;
  std::map<std::pair<int, int>, std::vector<Write>> writes_;      // container (module, expr) -> writes
  // Every item write of the tree, numbered in module order; which containers each reached when
  // last resolved; and the ones to resolve again (all of them at first).
  std::vector<Write> item_writes_;
  std::vector<boost::container::small_vector<std::pair<int, int>, 1>> item_containers_;
  std::vector<std::uint32_t> stale_item_writes_;
  std::set<std::pair<int, int>> mro_active_;
  std::map<std::pair<int, int>, Targets> mro_cut_;  // {the class itself} for a cycle of bases
  struct MemberKey {
    int module, cls;
    bool instance;
    std::string_view name;  // the caller's text to look up; an interned Name's once stored
    bool overrides = false; // with the overrides in subclasses (member_and_overrides)
    bool operator==(const MemberKey& o) const {
      return module == o.module && cls == o.cls && instance == o.instance && name == o.name && overrides == o.overrides;
    }
  };
  struct MemberKeyHash {
    size_t operator()(const MemberKey& k) const {
      return std::hash<std::string_view>()(k.name) ^ (static_cast<size_t>(k.module) * 0x9E3779B97F4A7C15ull) ^
             (static_cast<size_t>(k.cls) << 2) ^ k.instance ^ (static_cast<size_t>(k.overrides) << 1);
    }
  };
  struct MemberMemo {
    Node node = AnswerDependencies::kNone;
    bool valid = false, dependent = false;
    Targets targets;
  };
  std::unordered_map<MemberKey, MemberMemo, MemberKeyHash> member_memo_;
  std::vector<MemberMemo*> member_nodes_;  // [node - the first member node]; map elements never move
  int depth_ = 0;
  StackBudget stack_;  // measured when build() began

  void measure_stack() { stack_ = StackBudget(); }
  bool too_deep() const { return depth_ > kMaxDepth || stack_.exhausted(); }

  // The graph's name of each scope, by scope number. Two scopes may share a name (a function
  // defined twice): they are one node, numbered by the first of them.
  std::vector<std::string> node_ids_;
  std::vector<Node> node_of_scope_;
  Node graph_node(int m, int scope) const { return node_of_scope_[scope_base_[m] + static_cast<Node>(scope)]; }
  const std::string& node_id(int m, int scope) const { return node_ids_[graph_node(m, scope)]; }

  GraphNode node_of(int m, int s) const {
    const Scope& sc = mods_[m].scopes[s];
    GraphNode n{node_id(m, s), NodeKindInGraph::Function, mods_[m].path, sc.line, sc.end_line};
    switch (sc.kind) {
      case ScopeKind::Module: n.kind = NodeKindInGraph::Module; n.line = 1; break;
      case ScopeKind::Class: n.kind = NodeKindInGraph::Class; break;
      case ScopeKind::Lambda: n.kind = NodeKindInGraph::Lambda; break;
      case ScopeKind::Comprehension: n.kind = NodeKindInGraph::Comprehension; break;
      case ScopeKind::Function:
        n.kind = mods_[m].scopes[sc.parent].kind == ScopeKind::Class ? NodeKindInGraph::Method : NodeKindInGraph::Function;
        break;
    }
    return n;
  }

  struct SiteCallees {
    Targets direct;  // what the site calls (a class stands for its __init__)
    // What a builtin called there calls in turn, at few sites: held apart, so that the memo of
    // every site (362k in sympy) stays one Targets wide.
    struct Onward {
      Targets callbacks;  // user functions it calls back (map, filter, sorted(key=))
      Targets protocol;   // dunders it runs on its argument (len(x): x.__len__)
    };
    std::unique_ptr<Onward> onward;  // null when there are none
    static const Targets& none() {
      static const Targets empty;
      return empty;
    }
    const Targets& callbacks() const { return onward ? onward->callbacks : none(); }
    const Targets& protocol() const { return onward ? onward->protocol : none(); }
  };

  // site_callees(), remembered with what it read, and the callers it implies recorded.
  struct SiteMemo {
    bool valid = false;
    SiteCallees callees;
  };
  std::vector<SiteMemo> site_memo_;  // [site_node(module, call site) - all_exprs_]

  const SiteCallees& callees_at(int m, int i) {
    SiteMemo& slot = site_memo_[site_node(m, i) - all_exprs_];
    if (slot.valid) return slot.callees;
    AnswerDependencies::Context outer = deps_.begin(site_node(m, i));
    slot.callees = site_callees(m, i);
    for (const Target& t : slot.callees.direct) record_caller(t, m, i);
    deps_.end(outer);
    slot.valid = true;
    return slot.callees;
  }

  // The dunder a builtin runs on its argument: `len(x)` calls `type(x).__len__`.
  static const char* protocol_dunder(const std::string& builtin) {
    static const std::unordered_map<std::string, const char*> dunders = {
        {"builtins.len", "__len__"},   {"builtins.iter", "__iter__"}, {"builtins.next", "__next__"},
        {"builtins.reversed", "__reversed__"}, {"builtins.str", "__str__"}, {"builtins.repr", "__repr__"},
        {"builtins.format", "__format__"}, {"builtins.bool", "__bool__"}, {"builtins.abs", "__abs__"},
        {"builtins.hash", "__hash__"}};
    auto it = dunders.find(builtin);
    return it == dunders.end() ? nullptr : it->second;
  }

  // Protocol calls: a builtin such as len() given an instance of a user class runs the dunder
  // its class defines (or inherits from a class of the tree). `bool(x)` falls back to __len__.
  void add_protocol_calls(int m, const CallSite& site, const std::string& builtin, Targets& out) {
    const char* dunder = protocol_dunder(builtin);
    if (!dunder || site.args.empty() || site.args.front().position != 0) return;
    std::string fallback = std::string(dunder) == "__bool__" ? "__len__" : "";
    if (!dunder_names_.count(dunder) && (fallback.empty() || !dunder_names_.count(fallback))) return;
    for (const Target& x : known_or_reason(resolve(m, site.args.front().value, site.scope))) {
      if (x.kind != Target::Instance || x.module < 0) continue;
      Targets found = member(x.module, x.scope, dunder, true);
      if (!known_or_reason(found).any_known() && !fallback.empty()) found = member(x.module, x.scope, fallback, true);
      for (const Target& f : known_or_reason(reached_from(x, found)))
        if (f.kind == Target::Function && f.module >= 0) add_all(out, f);
    }
  }

  // What a call site runs. For a for-loop: the __iter__/__next__ of a user class; for a raise:
  // the class it instantiates.
  SiteCallees site_callees(int m, int i) {
    const CallSite& site = mods_[m].calls[i];
    SiteCallees out;
    if (site.kind == CallKind::Property) {
      // Only names that some @property carries are worth resolving.
      if (!property_names_.count(mods_[m].exprs[site.callee].name)) return out;
      for (const Target& t : known_or_reason(resolve(m, site.callee, site.scope)))
        if (t.kind == Target::Function && t.module >= 0 && mods_[t.module].scopes[t.scope].is_property)
          add_all(out.direct, {t});
      return out;
    }
    // An operator or with-statement can only reach our code if the tree defines that method.
    if (site.kind == CallKind::Operator && !dunder_names_.count(site.dunder) &&
        !(starts_with(site.dunder, "__i") && dunder_names_.count("__" + site.dunder.substr(3))))
      return out;
    if (site.kind == CallKind::With && !dunder_names_.count("__enter__") && !dunder_names_.count("__exit__")) return out;
    const KnownOrReason targets = known_or_reason(resolve(m, site.callee, site.scope));
    if (site.kind == CallKind::Raise) {
      for (const Target& t : targets)
        if (t.kind == Target::Class) out.direct.push_back(t);
      return out;
    }
    if (site.kind == CallKind::Iterate) {
      for (const Target& t : targets)
        if (t.kind == Target::Instance && t.module >= 0)
          add_all(out.direct, reached_from(t, iteration_methods(t, false)));
      return out;
    }
    if (site.kind == CallKind::With || site.kind == CallKind::Operator) {
      static const std::string enter = "__enter__", exit = "__exit__";
      std::array<const std::string*, 2> methods{&enter, &exit};
      if (site.kind == CallKind::Operator) methods = {&site.dunder, nullptr};
      for (const Target& t : targets) {
        if (t.kind != Target::Instance || t.module < 0) continue;
        for (const std::string* method : methods) {
          if (!method) continue;
          Targets found = member(t.module, t.scope, *method, true);
          if (!known_or_reason(found).any_known() && starts_with(*method, "__i"))  // __iadd__ -> __add__
            found = member(t.module, t.scope, "__" + method->substr(3), true);
          for (const Target& f : known_or_reason(reached_from(t, found)))
            if (f.kind == Target::Function) add_all(out.direct, f);
        }
      }
      return out;
    }
    if (site.kind == CallKind::Decorate) {
      // Applying @staticmethod, @classmethod or @property declares a method kind; it is not
      // recorded as a call (PyCG's convention too).
      for (const Target& t : targets)
        if (!(t.kind == Target::External && (t.name == "builtins.staticmethod" || t.name == "builtins.classmethod" ||
                                             t.name == "builtins.property")))
          out.direct.push_back(t);
      return out;
    }
    for (const Target& t : targets) out.direct.push_back(t);
    SiteCallees::Onward onward;
    for (const Target& t : targets)
      if (t.kind == Target::External) add_protocol_calls(m, site, t.name, onward.protocol);
    for (const Target& t : targets) {
      if (t.kind != Target::External) continue;
      int position = -1;
      std::string keyword;
      // map and filter call the function among their positional arguments (the others are
      // iterables); reduce calls its first; sorted/min/max/list.sort call key=.
      if (t.name == "builtins.map" || t.name == "builtins.filter") position = kAnyPosition;
      else if (t.name == "functools.reduce") position = 0;
      else if (t.name == "builtins.sorted" || t.name == "builtins.min" || t.name == "builtins.max" ||
               t.name == "builtins.list.sort")
        keyword = "key";
      else continue;
      for (const Argument& a : site.args)
        if ((position == kAnyPosition && a.position >= 0) || (position >= 0 && a.position == position) ||
            (!keyword.empty() && a.keyword == keyword))
          for (const Target& fn : known_or_reason(resolve(m, a.value, site.scope)))
            if (fn.kind == Target::Function || fn.kind == Target::Class) add_all(onward.callbacks, {fn});
    }
    if (!onward.callbacks.empty() || !onward.protocol.empty()) out.onward = std::make_unique<SiteCallees::Onward>(std::move(onward));
    return out;
  }

  // The function a call of `t` runs, if it is ours: itself, a class's __init__, an instance's __call__.
  void record_caller(const Target& t, int m, int site) {
    Target fn = t;
    if (t.kind == Target::Class || t.kind == Target::Instance) {
      if (t.module < 0) return;
      fn = Target{};
      for (const Target& x : known_or_reason(member(t.module, t.scope, t.kind == Target::Class ? "__init__" : "__call__", true)))
        if (x.kind == Target::Function) fn = x;
    }
    if (fn.kind != Target::Function || fn.module < 0) return;
    std::vector<Caller>& callers = callers_[scope_slot(fn.module, fn.scope)];
    Caller caller{m, site, fn.bound};
    if (auto at = std::lower_bound(callers.begin(), callers.end(), caller); at == callers.end() || caller < *at) {
      callers.insert(at, caller);
      deps_.changed(callers_node(fn.module, fn.scope));
    }
    if (fn.bound) record_receivers(fn, m, site);
  }

  // `b.func()` with b a B runs A.func with self a B, when B is a subclass of A.
  void record_receivers(const Target& fn, int m, int i) {
    const CallSite& site = mods_[m].calls[i];
    const Expr& callee = mods_[m].exprs[site.callee];
    if (callee.kind != ExprKind::Attribute) return;
    int cls = mods_[fn.module].scopes[fn.scope].parent;
    Target own{Target::Class, fn.module, cls, "", false};
    for (const Target& r : known_or_reason(resolve(m, callee.base, site.scope))) {
      if ((r.kind != Target::Instance && r.kind != Target::Class) || r.module < 0 || (r.module == fn.module && r.scope == cls))
        continue;
      const Targets& order = mro(r.module, r.scope);
      if (std::find(order.begin(), order.end(), own) == order.end()) continue;
      auto& subclasses = receivers_[scope_slot(fn.module, fn.scope)];
      if (std::find(subclasses.begin(), subclasses.end(), std::make_pair(r.module, r.scope)) != subclasses.end()) continue;
      subclasses.emplace_back(r.module, r.scope);
      deps_.changed(receivers_node(fn.module, fn.scope));
    }
  }

  // Which scopes of a module are nodes: all but the comprehensions that call nothing. A
  // comprehension is a node when it holds a call, or another site (an operator, a loop, running
  // an inner comprehension) that reaches a node, so that every edge's caller is a node.
  std::vector<bool> graph_scopes(int m) {
    const CallFacts& f = mods_[m];
    std::vector<bool> node(f.scopes.size());
    for (size_t s = 0; s < f.scopes.size(); ++s) node[s] = f.scopes[s].kind != ScopeKind::Comprehension;
    for (bool grew = true; grew;) {  // until inner comprehensions have made their outer ones nodes
      grew = false;
      for (size_t i = 0; i < f.calls.size(); ++i) {
        const CallSite& site = f.calls[i];
        if (node[site.scope]) continue;
        if (site.kind == CallKind::Comprehension && !node[f.exprs[site.callee].scope]) continue;
        const SiteCallees& callees = callees_at(m, static_cast<int>(i));
        bool reaches = site.kind == CallKind::Call;
        for (const Targets* list : {&callees.direct, &callees.callbacks(), &callees.protocol()})
          for (const Target& t : *list) reaches = reaches || !callees_of(t).empty();
        if (reaches) node[site.scope] = grew = true;
      }
    }
    return node;
  }

  // The node a call of `t` runs, or "" when none does; `outside` when it is not in the tree.
  // --heuristic: the functions of the tree named like the callee (`x.save()` -> every `save`),
  // when there are few enough of them to be a useful guess.
  std::vector<const std::string*> guesses(int m, const CallSite& site) {
    const Expr& callee = mods_[m].exprs[site.callee];
    if (callee.kind != ExprKind::Name && callee.kind != ExprKind::Attribute) return {};
    if (by_name_.empty())
      for (size_t i = 0; i < mods_.size(); ++i)
        for (size_t s = 1; s < mods_[i].scopes.size(); ++s)
          if (mods_[i].scopes[s].kind == ScopeKind::Function)
            by_name_[mods_[i].scopes[s].name].push_back(&node_id(static_cast<int>(i), static_cast<int>(s)));
    auto it = by_name_.find(callee.name);
    if (it == by_name_.end() || it->second.size() > kMaxGuesses) return {};
    return it->second;
  }

  std::unordered_map<std::string, std::vector<const std::string*>> by_name_;  // function name -> node ids

  struct Callee {
    const std::string* id;  // a node id, or an interned external name
    bool outside = false;   // not in the analysed tree
  };

  // The nodes a call of `t` runs: a function itself; for a class, its __new__ when user code
  // defines one, its __init__ (ours, or the one inherited from a base outside the tree), and a
  // user metaclass's __call__; for an instance, its __call__.
  boost::container::small_vector<Callee, 2> callees_of(const Target& t) {
    boost::container::small_vector<Callee, 2> out;
    auto add_method = [&](const Target& cls, const char* name, bool allow_external) {
      for (const Target& x : known_or_reason(member(cls.module, cls.scope, name, true))) {
        if (x.kind == Target::Function) out.push_back({&node_id(x.module, x.scope), false});
        else if (x.kind == Target::External && allow_external) out.push_back({&x.name.str(), true});
        if (x.kind == Target::Function || (x.kind == Target::External && allow_external)) break;
      }
    };
    switch (t.kind) {
      case Target::Function: out.push_back({&node_id(t.module, t.scope), false}); break;
      case Target::External: out.push_back({&t.name.str(), true}); break;
      case Target::Instance:
        if (t.module >= 0) add_method(t, "__call__", false);
        break;
      case Target::Class:
        if (t.module < 0) break;
        for (const Target& meta : metaclasses(t.module, t.scope)) add_method(meta, "__call__", false);
        add_method(t, "__new__", false);
        add_method(t, "__init__", true);  // ext.Base.__init__ when inherited from outside
        break;
      default: break;
    }
    return out;
  }

  // User classes named by `metaclass=` on the class or its bases.
  Targets metaclasses(int m, int cls) {
    Targets out;
    for (const Target& c : mro(m, cls)) {
      if (c.kind != Target::Class) continue;
      const Scope& sc = mods_[c.module].scopes[c.scope];
      for (ExprId meta : sc.metaclass)
        for (const Target& t : known_or_reason(resolve(c.module, meta, sc.parent)))
          if (t.kind == Target::Class) add_all(out, {t});
    }
    return out;
  }

  // The answer for an expression, memoised; the reference stays valid until the memo is
  // invalidated between rounds (memo_ never grows during a round).
  const Targets& resolve(int m, ExprId e, int scope) {
    static const Targets no_expression{unknown(kNoExpression)};
    static const Targets cycle;
    if (e == kNoExpr) return no_expression;
    const Node node = answer_node(m, e);
    Memo& slot = memo_[node];
    if (slot.state == Memo::Done) {
      if (slot.dependent) deps_.read(node);
      return answers_[slot.answer];
    }
    if (slot.state == Memo::Active) return cycle;  // its other paths give the answer
    if (too_deep()) {
      deps_.read(deep_node());
      return cycle;
    }
    slot.state = Memo::Active;
    AnswerDependencies::Context outer = deps_.begin(node);
    ++depth_;
    Targets out = resolve_uncached(m, e, scope);
    --depth_;
    Memo& done = memo_[node];  // memo_ never grows during a round: `slot` is still it
    done.state = Memo::Done;
    done.dependent = deps_.end(outer);
    if (done.answer == kNoAnswer) {
      done.answer = static_cast<std::uint32_t>(answers_.size());
      answers_.push_back(std::move(out));
    } else {
      answers_[done.answer] = std::move(out);  // forgotten between rounds: nobody holds the old one
    }
    return answers_[done.answer];
  }

  // Forget the answers that read something changed since the last call; answers cut at the
  // depth limit go whenever anything changed.
  void invalidate() {
    const Node first_member = first_member_node();
    deps_.invalidate(deep_node(), [&](Node node) {
      if (node > deep_node() && node < first_member) {
        stale_item_writes_.push_back(node - item_write_node(0));
        return true;
      }
      if (node >= first_member) {
        MemberMemo& slot = *member_nodes_[node - first_member];
        return std::exchange(slot.valid, false);
      }
      if (node < all_exprs_) {
        Memo& slot = memo_[node];
        if (slot.state != Memo::Done) return false;
        slot.state = Memo::Fresh;
        slot.dependent = false;
        return true;
      }
      if (node < all_exprs_ + all_sites_) return std::exchange(site_memo_[node - all_exprs_].valid, false);
      return false;  // a source: it has no answer of its own
    });
  }

  // Numbers the expressions, call sites and scopes of all modules in one sequence each.
  void number_nodes() {
    std::unordered_map<std::string, Node> first_named;
    for (size_t m = 0; m < mods_.size(); ++m) {
      const CallFacts& f = mods_[m];
      expr_base_.push_back(all_exprs_);
      site_base_.push_back(all_sites_);
      scope_base_.push_back(all_scopes_);
      all_exprs_ += static_cast<Node>(f.exprs.size());
      all_sites_ += static_cast<Node>(f.calls.size());
      all_scopes_ += static_cast<Node>(f.scopes.size());
      for (const ItemWrite& w : f.item_writes) item_writes_.push_back(Write{static_cast<int>(m), &w});
      for (const Scope& sc : f.scopes) {
        std::string id = &sc == &f.scopes.front() ? f.module_name + ".<module>" : sc.qualname;
        auto [it, added] = first_named.emplace(std::move(id), static_cast<Node>(node_ids_.size()));
        node_of_scope_.push_back(it->second);
        node_ids_.push_back(it->first);
      }
    }
  }

  void clear_memo() {
    memo_.assign(all_exprs_, Memo{});
    answers_.clear();
    site_memo_.clear();
    site_memo_.resize(all_sites_);
    member_memo_.clear();
    member_nodes_.clear();
    deps_.reset(first_member_node());
    writes_.clear();
    item_containers_.assign(item_writes_.size(), {});
    stale_item_writes_.resize(item_writes_.size());
    std::iota(stale_item_writes_.begin(), stale_item_writes_.end(), 0u);  // all of them, at first
  }

  Targets resolve_uncached(int m, ExprId e, int scope) {
    const Expr& x = mods_[m].exprs[e];
    switch (x.kind) {
      case ExprKind::Name: {
        Targets out = lookup(m, scope, x.name, &x.at);
        narrow_by_isinstance(m, scope, x, out);
        return out;
      }
      case ExprKind::Attribute: {
        Targets out;
        for (const Target& base : known_or_reason(resolve(m, x.base, scope)))
          add_all(out, reached_from(base, attribute(base, x.name)));
        return out;
      }
      case ExprKind::Call: {
        const Expr& func = mods_[m].exprs[x.base];
        if (func.kind == ExprKind::Name && func.name == "super") {
          // super() continues the MRO of self's class after the class that wrote the call.
          int method = enclosing_method(m, scope);
          if (method >= 0) {
            Targets out;
            int cls = mods_[m].scopes[method].parent;
            for (const Target& self : receivers(m, method, mods_[m].scopes[method].is_classmethod)) {
              Target sup{Target::Super, self.module, self.scope, "", false};
              sup.owner_module = m;
              sup.owner_scope = cls;
              add_all(out, {sup});
            }
            return out;
          }
        }
        Targets out;
        CallArgs here{m, &x, scope};
        for (const Target& callee : known_or_reason(resolve(m, x.base, scope))) {
          if (callee.kind == Target::External && callee.name == "functools.partial" && !x.items.empty() && x.keys.front().empty()) {
            add_all(out, resolve(m, x.items.front(), scope));  // calling the partial calls the function
            continue;
          }
          if (callee.kind == Target::External && callee.name == "builtins.getattr") {
            add_all(out, getattr_result(m, x, scope));
            continue;
          }
          add_all(out, reached_from(callee, call_result(callee, &here)));
        }
        return out;
      }
      case ExprKind::Lambda: return {Target{Target::Function, m, x.scope, ""}};
      case ExprKind::Definition: return {definition(m, x.scope)};
      case ExprKind::Literal: {
        Target literal{Target::Instance, -1, -1, x.name, false};
        if (!x.keys.empty()) literal.value = x.keys.front();
        return {literal};
      }
      case ExprKind::Container: return {Target{Target::Container, m, static_cast<int>(e), x.name, false}};
      case ExprKind::Subscript: {
        SubscriptKeys keys = subscript_keys(m, x, scope);
        Targets out;
        for (const Target& base : known_or_reason(resolve(m, x.base, scope)))
          for (const std::string& key : keys) add_all(out, reached_from(base, subscript(base, key, &x)));
        return out;
      }
      case ExprKind::Iterate: {
        Targets out;
        for (const Target& base : known_or_reason(resolve(m, x.base, scope)))
          add_all(out, reached_from(base, iterate(base)));
        return out;
      }
      case ExprKind::Either: {
        Targets out;
        for (ExprId item : x.items) add_all(out, resolve(m, item, scope));
        return out;
      }
      case ExprKind::Other: return {unknown(kComputed, x.name)};
    }
    return {};
  }

  // getattr(obj, "name") is obj.name; getattr(obj, f"visit_{kind}") is any method of obj's class
  // (through its MRO) whose name starts that way: a visitor's dispatch. A default, when given,
  // adds its value.
  Targets getattr_result(int m, const Expr& call, int scope) {
    Targets out;
    if (call.items.size() >= 2 && call.keys[0].empty() && call.keys[1].empty()) {
      const Expr& attr = mods_[m].exprs[call.items[1]];
      bool constant = attr.kind == ExprKind::Literal && attr.keys.size() == 1 && starts_with(attr.keys[0], "'");
      bool prefix = attr.kind == ExprKind::Literal && attr.keys.size() == 2;
      for (const Target& base : known_or_reason(resolve(m, call.items[0], scope))) {
        if (constant) {
          add_all(out, reached_from(base, attribute(base, attr.keys[0].substr(1))));
        } else if (prefix && (base.kind == Target::Instance || base.kind == Target::Class) && base.module >= 0) {
          for (const Target& cls : mro(base.module, base.scope)) {
            if (cls.kind != Target::Class) continue;
            for (const auto& [name, bindings] : mods_[cls.module].scopes[cls.scope].bindings)
              if (starts_with(name, attr.keys[1]))
                for (const Target& t : known_or_reason(member(base.module, base.scope, name, base.kind == Target::Instance)))
                  if (t.kind == Target::Function) add_all(out, t);
          }
        }
      }
      if (call.items.size() >= 3 && call.keys[2].empty()) add_all(out, resolve(m, call.items[2], scope));
    }
    if (out.empty()) out.push_back(unknown(kExternalResult, "builtins.getattr"));
    return out;
  }

  // Inside `if isinstance(x, C):` a read of x keeps the values that are C instances, and in the
  // else branch those that are not: a value that went the other way is not called here. Only
  // while x is not rebound in that branch before the read; only where the answer is sure (C in a user
  // class's MRO, a builtin value against a builtin type): an external C may be an ABC that
  // counts classes it does not name among its instances.
  void narrow_by_isinstance(int m, int scope, const Expr& read, Targets& values) {
    const CallFacts& f = mods_[m];
    if (f.narrowings.empty() || read.at.line == 0) return;
    for (int b = read.at.block; b >= 0; b = f.blocks[b].parent) {
      int k = f.blocks[b].narrowing;
      if (k < 0 || f.narrowings[k].name != read.name) continue;
      const Scope& sc = f.scopes[scope];
      if (auto it = sc.bindings.find(read.name); it != sc.bindings.end())
        for (const Binding& binding : it->second)
          if (binding.at.line > 0 && encloses(m, b, binding.at.block) &&
              (before(binding.at, read.at) || share_loop(m, binding.at.block, read.at.block, b)))
            return;  // rebound in the branch before the read (or in a loop of the branch around both)
      const Narrowing& n = f.narrowings[k];
      Targets classes;
      for (ExprId c : n.classes) {
        const Targets& found = resolve(m, c, f.exprs[c].in_scope);
        if (!known_or_reason(found).any_known()) return;  // a class we cannot name: no narrowing
        for (const Target& t : known_or_reason(found)) add_all(classes, t);
      }
      Targets kept;
      for (const Target& v : values) {
        std::optional<bool> is = is_instance(v, classes);
        if (!is || *is == n.is_instance) kept.push_back(v);
      }
      if (kept.empty()) kept.push_back(unknown(kNarrowedAway, read.name));
      values = std::move(kept);
    }
  }

  // Whether isinstance() may count instances of classes that do not name `cls` among their
  // bases: a typing Protocol (runtime_checkable ones), an abstract base class (register(),
  // __subclasshook__).
  bool counts_others(const Target& cls) {
    if (is_protocol(cls.module, cls.scope)) return true;
    for (const Target& c : mro(cls.module, cls.scope)) {
      if (c.kind == Target::External && (c.name == "abc.ABC" || starts_with(c.name.str(), "collections.abc."))) return true;
      if (c.kind != Target::Class) continue;
      const Scope& sc = mods_[c.module].scopes[c.scope];
      for (ExprId meta : sc.metaclass)
        for (const Target& t : known_or_reason(resolve(c.module, meta, sc.parent)))
          if (t.kind == Target::External && t.name == "abc.ABCMeta") return true;
    }
    return false;
  }

  // Whether isinstance(v, one of `classes`) is sure to be true or false; nullopt when unsure.
  std::optional<bool> is_instance(const Target& v, const Targets& classes) {
    bool unsure = false;
    if (v.kind == Target::Instance && v.module >= 0) {
      const Targets& order = mro(v.module, v.scope);
      // A base from outside the tree has bases of its own that we do not see.
      bool open = std::any_of(order.begin(), order.end(), [](const Target& b) { return b.kind == Target::External; });
      for (const Target& c : classes) {
        if (c.kind == Target::Class || c.kind == Target::External) {
          Target as_base = c.kind == Target::External ? external(c.name) : Target{Target::Class, c.module, c.scope, "", false};
          if (std::find(order.begin(), order.end(), as_base) != order.end()) return true;
          if (c.kind == Target::External ? open || !starts_with(c.name.str(), "builtins.") : counts_others(c))
            unsure = true;  // an unseen base, an ABC or a Protocol may make it one
        } else {
          unsure = true;
        }
      }
      return unsure ? std::nullopt : std::optional<bool>(false);
    }
    bool builtin_value = (v.kind == Target::Instance && v.module < 0) || (v.kind == Target::Container && !is_annotation(v));
    if (builtin_value) {
      const std::string& type = v.name.str();
      if (!starts_with(type, "builtins.")) return std::nullopt;
      for (const Target& c : classes) {
        if (c.kind == Target::Class) continue;  // a class of the tree: not a builtin value's type
        if (c.kind != Target::External || !starts_with(c.name.str(), "builtins.")) return std::nullopt;
        if (c.name == type || (type == "builtins.bool" && c.name == "builtins.int") || c.name == "builtins.object") return true;
      }
      return false;
    }
    return std::nullopt;
  }

  // The keys a subscript may use: its constant key, or the constants its key expression can be
  // (`ls[key]` where `key` is a parameter every caller passes 1 to); {""} (any key) otherwise.
  using SubscriptKeys = boost::container::small_vector<std::string, 2>;
  SubscriptKeys subscript_keys(int m, const Expr& x, int scope) {
    if (!x.name.empty() || x.items.empty()) return {x.name};
    SubscriptKeys keys;
    for (const Target& t : resolve(m, x.items.front(), scope)) {
      if (t.kind != Target::Instance || t.module >= 0 || t.value.str().empty()) return {""};
      if (std::find(keys.begin(), keys.end(), t.value.str()) == keys.end()) keys.push_back(t.value.str());
    }
    if (keys.empty()) keys.push_back("");
    return keys;
  }

  // The method (a function directly in a class body) that contains `scope`, or -1.
  int enclosing_method(int m, int scope) const {
    const auto& scopes = mods_[m].scopes;
    for (int s = scope; s >= 0; s = scopes[s].parent)
      if (scopes[s].kind == ScopeKind::Function && scopes[s].parent >= 0 && scopes[scopes[s].parent].kind == ScopeKind::Class)
        return s;
    return -1;
  }

  // `read`: where the name is read, when that is in the scope being searched (for flow).
  Targets lookup(int m, int scope, const std::string& name, const Place* read = nullptr) {
    const auto& scopes = mods_[m].scopes;
    bool first = true;
    for (int s = scope; s >= 0; s = scopes[s].parent, first = false) {
      const Scope& sc = scopes[s];
      if (!first && sc.kind == ScopeKind::Class) continue;  // class bodies do not enclose functions
      if (std::find(sc.globals.begin(), sc.globals.end(), name) != sc.globals.end()) return bindings_in(m, 0, name, true);
      auto it = sc.bindings.find(name);
      if (it != sc.bindings.end()) return bindings_in(m, s, name, s == 0, first ? read : nullptr, &it->second);
    }
    return bindings_in(m, 0, name, true);
  }

  // Bindings of `name` in a scope; at module level also star imports and builtins. With `read`
  // (a read in this same scope) only the bindings that can reach it count; see reaching().
  // `found`: the scope's bindings of `name`, when the caller has looked them up already.
  Targets bindings_in(int m, int s, const std::string& name, bool module_level, const Place* read = nullptr,
                      const std::vector<Binding>* found = nullptr) {
    if (!found) {
      const Scope& sc = mods_[m].scopes[s];
      if (auto it = sc.bindings.find(name); it != sc.bindings.end()) found = &it->second;
    }
    Targets out;
    if (found && module_level && s == 0 && star_import_last(m, name, *found, read, out)) return out;
    if (found) {
      // A declaration (`x: Item`) says what x holds only when no assignment says more.
      const Binding* declared = nullptr;
      auto add = [&](const Binding& b) {
        if (b.kind == BindingKind::Declared) declared = &b;
        else add_all(out, binding(m, s, name, b));
      };
      if (!read || found->size() < 2) {  // the common case: nothing to choose between
        for (const Binding& b : *found) add(b);
      } else {
        for (const Binding* b : reaching(m, *found, read)) add(*b);
      }
      if (declared) or_annotation(m, declared->annotation, out);
    }
    if (!out.empty() || !module_level) return out;
    add_all(out, from_star_imports(m, name));
    if (!out.empty()) return out;
    if (builtins_.count(name)) return {external("builtins." + name)};
    return {unknown(kNotDefined, name)};
  }

  static bool before(const Place& a, const Place& b) { return a.line < b.line || (a.line == b.line && a.col < b.col); }

  // Does code in block `outer` always run before code in block `inner` gets to run? True when
  // outer is inner or one of its enclosing blocks (-1: the scope's straight-line code).
  bool encloses(int m, int outer, int inner) const {
    for (int b = inner;; b = mods_[m].blocks[b].parent) {
      if (b == outer) return true;
      if (b < 0) return false;
    }
  }

  // Whether both places sit in one loop body, so that a later binding can reach an earlier read.
  // `within`: only loops inside that block count (a loop around it passes its start first).
  bool share_loop(int m, int a, int b, int within = -1) const {
    for (int x = a; x >= 0 && x != within; x = mods_[m].blocks[x].parent)
      if (mods_[m].blocks[x].loop && encloses(m, x, b)) return true;
    return false;
  }

  // The bindings that can reach a read: those before it (or in a loop around both), minus those
  // hidden by a later binding that surely runs between them and the read. Flow here is lexical:
  // exceptions and early returns are not modelled. Without a place, every binding counts.
  using BindingRefs = boost::container::small_vector<const Binding*, 4>;
  BindingRefs reaching(int m, const std::vector<Binding>& all, const Place* read) {
    BindingRefs out;
    for (const Binding& b : all) out.push_back(&b);
    if (!read || read->line == 0 || all.size() < 2) return out;
    BindingRefs visible;
    for (const Binding* b : out)
      if (b->anywhere || b->at.line == 0 || before(b->at, *read) || share_loop(m, b->at.block, read->block))
        visible.push_back(b);
    if (visible.empty()) return out;  // read before any binding: leave it to the other scopes' rules
    BindingRefs kept;
    for (const Binding* b : visible)
      if (!rebound_on_every_path(m, *b, visible, *read)) kept.push_back(b);
    return kept;
  }

  // Whether every path from binding `b` to the read passes a later binding (or leaves the
  // scope): a later binding in a block that encloses the read, or one in each branch of an
  // if/else that does (a branch that returns, raises, breaks or continues needs none).
  bool rebound_on_every_path(int m, const Binding& b, const BindingRefs& visible, const Place& read) {
    const auto& blocks = mods_[m].blocks;
    boost::container::small_vector<int, 4> rebound;  // blocks holding a later binding, before the read
    for (const Binding* later : visible) {
      if (later == &b || later->weak || later->at.line == 0 || !before(b.at, later->at) || !before(later->at, read)) continue;
      if (encloses(m, later->at.block, read.block)) return true;
      if (std::find(rebound.begin(), rebound.end(), later->at.block) == rebound.end()) rebound.push_back(later->at.block);
    }
    // A block rebinds when both it and its alternative do, and the read is in neither: then
    // so does the block around them.
    for (std::size_t i = 0; i < rebound.size(); ++i) {
      int k = rebound[i], other = k >= 0 ? blocks[k].other : -1;
      if (other < 0 || encloses(m, k, read.block) || encloses(m, other, read.block)) continue;
      bool other_rebinds = blocks[other].exits || std::find(rebound.begin(), rebound.end(), other) != rebound.end();
      int around = blocks[k].parent;
      if (!other_rebinds || std::find(rebound.begin(), rebound.end(), around) != rebound.end()) continue;
      if (encloses(m, around, read.block)) return true;
      rebound.push_back(around);
    }
    return false;
  }

  Targets binding(int m, int s, const std::string& name, const Binding& b) {
    const auto& scopes = mods_[m].scopes;
    switch (b.kind) {
      case BindingKind::Definition: return {definition(m, b.scope)};
      case BindingKind::Decorated: {
        // What user code the decorators return; decorators from outside the tree (staticmethod,
        // functools.lru_cache, ...) are taken to keep the function callable as itself.
        Targets out;
        for (const Target& t : resolve(m, b.value, s))
          if (t.kind == Target::Function || t.kind == Target::Class) add_all(out, {t});
        if (out.empty()) out.push_back(definition(m, b.scope));
        return out;
      }
      case BindingKind::Import: return {module_target(b.module)};
      case BindingKind::FromImport: return from_import(b.module, b.name);
      case BindingKind::Value: {
        const Targets& value = resolve(m, b.value, b.value == kNoExpr ? s : mods_[m].exprs[b.value].in_scope);
        if (b.annotation == kNoExpr) return value;
        Targets out = value;
        or_annotation(m, b.annotation, out);
        return out;
      }
      case BindingKind::Param: {
        if (is_receiver(m, s, b)) return receivers(m, s, scopes[s].is_classmethod);
        if (b.mode == ParamMode::VarPositional || b.mode == ParamMode::VarKeyword)
          return {unknown(kExtraArguments, name)};
        Targets out = arguments_for(m, s, b, name);
        or_annotation(m, b.annotation, out);
        return out;
      }
      case BindingKind::Declared: return annotation_types(m, b.annotation);
      case BindingKind::Unknown: return {unknown(kLoopBound, name)};
    }
    return {};
  }

  Target definition(int m, int scope) const {
    return Target{mods_[m].scopes[scope].kind == ScopeKind::Class ? Target::Class : Target::Function, m, scope, "", false};
  }

  // `self` (or `cls`) of a method: an instance of its class, or of any subclass through which
  // a call site reached it (`b.func()` with b a B runs A.func with self a B).
  Targets receivers(int m, int method, bool class_method) {
    deps_.read(receivers_node(m, method));
    Target::Kind kind = class_method ? Target::Class : Target::Instance;
    Targets out{Target{kind, m, mods_[m].scopes[method].parent, "", false}};
    for (const auto& [module, cls] : receivers_[scope_slot(m, method)]) add_all(out, {Target{kind, module, cls, "", false}});
    return out;
  }

  // The values passed for a parameter at the call sites found so far (context-insensitive);
  // its default too, unless every one of them passes the parameter.
  Targets arguments_for(int m, int function, const Binding& param, const std::string& name) {
    deps_.read(callers_node(m, function));
    Targets out;
    int index = param.index;
    bool by_position = param.mode != ParamMode::KeywordOnly, by_keyword = param.mode != ParamMode::PositionalOnly;
    bool default_used = true;
    const std::vector<Caller>& callers = callers_[scope_slot(m, function)];
    if (!callers.empty()) {
      default_used = false;
      for (const Caller& c : callers) {
        const CallSite& site = mods_[c.module].calls[c.site];
        int position = index - (c.bound ? 1 : 0);
        bool passed = false;
        for (const Argument& a : site.args)
          if (!a.unpacked && ((by_position && a.position >= 0 && a.position == position) ||
                              (by_keyword && a.position < 0 && a.keyword == name))) {
            add_all(out, resolve(c.module, a.value, site.scope));
            passed = true;
          }
        default_used = default_used || !passed;  // (a `*args` or `**kwargs` there may not pass it)
      }
    }
    if (param.value != kNoExpr && default_used) add_all(out, resolve(m, param.value, mods_[m].exprs[param.value].in_scope));
    if (out.empty()) out.push_back(unknown(kParameterWithoutValue, name));
    return out;
  }

  Target module_target(const std::string& path) {
    auto it = module_index_.find(path);
    if (it != module_index_.end()) return Target{Target::Module, it->second, 0, ""};
    return external(path);
  }

  Targets from_import(const std::string& module, const std::string& name) {
    std::string full = module.empty() ? name : module + "." + name;
    if (module_index_.count(full)) return {module_target(full)};
    auto it = module_index_.find(module);
    if (it != module_index_.end()) return module_attribute(it->second, name);
    return {external(full)};
  }

  Targets module_attribute(int m, const std::string& name) {
    for (const auto& [module, attribute] : active_module_attrs_)
      if (module == m && *attribute == name) return {};
    active_module_attrs_.emplace_back(m, &name);
    Targets out;
    const Scope& top = mods_[m].scopes[0];
    if (auto it = top.bindings.find(name); it != top.bindings.end() && !star_import_last(m, name, it->second, nullptr, out))
      for (const Binding& b : it->second) add_all(out, binding(m, 0, name, b));
    if (out.empty()) {
      std::string sub = mods_[m].module_name + "." + name;
      if (module_index_.count(sub)) out.push_back(module_target(sub));
    }
    if (out.empty()) add_all(out, from_star_imports(m, name));
    active_module_attrs_.pop_back();
    if (out.empty()) out.push_back(unknown(kModuleHasNo, mods_[m].module_name, name));
    return out;
  }

  Targets from_star_imports(int m, const std::string& name) {
    Targets out;
    for (std::size_t i = 0; i < mods_[m].star_imports.size(); ++i) add_all(out, star_imported(m, i, name));
    return out;
  }

  // What the module's i-th `from x import *` binds `name` to: nothing when x is not in the
  // tree or does not export it.
  Targets star_imported(int m, std::size_t i, const std::string& name) {
    Targets out;
    auto it = module_index_.find(mods_[m].star_imports[i]);
    if (it == module_index_.end()) return out;
    const CallFacts& source = mods_[it->second];
    bool exported = source.all_names ? std::count(source.all_names->begin(), source.all_names->end(), name) > 0
                                     : !name.empty() && name[0] != '_';
    if (!exported) return out;
    for (const Target& t : module_attribute(it->second, name))
      if (t.kind != Target::Unknown) add_all(out, t);
    return out;
  }

  // Star imports bind in order too: `def helper(): ...` then `from .base import *` (which
  // exports a helper) leaves the imported one. When an unconditional star import that exports
  // `name` comes after every unconditional binding of it (before `read`, when the read is in
  // the module's code), `out` gets its values, plus those of later bindings that may not run,
  // and the answer is true.
  bool star_import_last(int m, const std::string& name, const std::vector<Binding>& found, const Place* read, Targets& out) {
    const CallFacts& f = mods_[m];
    auto in_reach = [&](const Place& p) { return !read || read->line == 0 || before(p, *read); };
    for (std::size_t i = f.star_imports.size(); i-- > 0;) {
      const Place& at = f.star_import_at[i];
      if (at.block != -1 || at.line == 0 || !in_reach(at)) continue;
      bool rebound = std::any_of(found.begin(), found.end(), [&](const Binding& b) {
        return !b.weak && b.at.block == -1 && b.at.line > 0 && before(at, b.at) && in_reach(b.at);
      });
      if (rebound) return false;  // a later binding decides
      Targets imported = star_imported(m, i, name);
      if (imported.empty()) continue;  // it does not export the name: an earlier one may
      out = std::move(imported);
      for (const Binding& b : found)
        if (b.at.line > 0 && before(at, b.at) && in_reach(b.at) && b.kind != BindingKind::Declared) add_all(out, binding(m, 0, name, b));
      return true;
    }
    return false;
  }

  Targets attribute(const Target& base, const std::string& name) {
    switch (base.kind) {
      case Target::Module: return module_attribute(base.module, name);
      case Target::Class: return member(base.module, base.scope, name, false);
      case Target::Instance:
        if (base.module < 0) return builtin_method(base.name, name);  // a builtin value: "builtins.str.join"
        // What every object has, whatever its bases: its attribute dict and its class.
        if (name == "__dict__") return {Target{Target::Instance, -1, -1, "builtins.dict", false}};
        if (name == "__class__") return {Target{Target::Class, base.module, base.scope, "", false}};
        if (base.annotated) return member(base.module, base.scope, name, true, nullptr, true);
        return member(base.module, base.scope, name, true);
      case Target::Super: return member(base.module, base.scope, name, true, &base);
      case Target::External: return {external(base.name + "." + name)};
      case Target::Function: return {unknown(kFunctionAttribute, name)};
      case Target::Container:
        if (!starts_with(base.name.str(), "builtins.") && is_annotation(base)) return {unknown(kAbstractType, base.name, name)};
        return builtin_method(base.name, name);  // builtins.list.append, ...
      case Target::Generator: return {unknown(kGeneratorAttribute, name)};
      case Target::Unknown: return {base};
    }
    return {};
  }

  // A method of a builtin type, checked against the embedded interpreter's own type: flow-
  // insensitive merges can make a name look like an int that is an object elsewhere.
  // Remembered by type and name: the same few methods are asked for all over the tree.
  Targets builtin_method(const Name& type, const std::string& name) {
    auto& of_type = builtin_methods_[&type.str()];
    if (auto it = of_type.find(name); it != of_type.end()) return {it->second};
    std::string qualified = type.str() + "." + name;
    Target method = starts_with(type.str(), "builtins.") && builtins_.count(qualified.substr(9)) ? external(qualified)
                                                                                             : unknown(kTypeHasNo, type, name);
    of_type.emplace(name, method);
    return {method};
  }
  std::unordered_map<const std::string*, std::unordered_map<std::string, Target>> builtin_methods_;  // [type][name]

  // A class member through the MRO; for super(), `after` names the class to start after.
  // Memoised like resolve(): the answer and what it read, forgotten by invalidate().
  // With `overrides`: see member_and_overrides().
  Targets member(int m, int cls, const std::string& name, bool instance, const Target* after = nullptr, bool overrides = false) {
    if (after) return member_uncached(m, cls, name, instance, after);
    auto it = member_memo_.find(MemberKey{m, cls, instance, name, overrides});
    if (it == member_memo_.end()) {
      it = member_memo_.try_emplace(MemberKey{m, cls, instance, Name(name).str(), overrides}).first;
      it->second.node = deps_.add();
      member_nodes_.push_back(&it->second);
    }
    MemberMemo& slot = it->second;
    if (slot.valid) {
      if (slot.dependent) deps_.read(slot.node);
      return slot.targets;
    }
    AnswerDependencies::Context outer = deps_.begin(slot.node);
    Targets out = overrides ? member_and_overrides(m, cls, name) : member_uncached(m, cls, name, instance, nullptr);
    slot.targets = out;
    slot.valid = true;
    slot.dependent = deps_.end(outer);
    return out;
  }

  Targets member_uncached(int m, int cls, const std::string& name, bool instance, const Target* after) {
    const Targets& order = mro(m, cls);
    size_t first = 0;
    if (after) {
      while (first < order.size() && !(order[first].module == after->owner_module && order[first].scope == after->owner_scope))
        ++first;
      ++first;  // past the owner; past the end when the owner is not in this MRO
    }
    std::string external_base;
    std::pair<int, ExprId> declared{-1, kNoExpr};  // `name: T` in a class body (a dataclass field): the last resort
    for (size_t i = first; i < order.size(); ++i) {
      const Target& c = order[i];
      if (c.kind == Target::External) {  // inherited from outside the tree, unless set on self
        external_base = c.name;
        break;
      }
      const Scope& sc = mods_[c.module].scopes[c.scope];
      Targets out;
      if (auto it = sc.bindings.find(name); it != sc.bindings.end())
        for (const Binding& b : it->second) {
          if (b.kind == BindingKind::Declared) {
            if (declared.first < 0) declared = {c.module, b.annotation};
            continue;
          }
          for (Target t : binding(c.module, c.scope, name, b)) {
            if (t.kind == Target::Function && t.module >= 0) {
              const Scope& fn = mods_[t.module].scopes[t.scope];
              bool in_class = fn.parent >= 0 && mods_[t.module].scopes[fn.parent].kind == ScopeKind::Class;
              t.bound = in_class && !fn.is_staticmethod && (instance || fn.is_classmethod);
            }
            add_all(out, {t});
          }
        }
      if (!out.empty()) return out;
    }
    // An attribute assigned on self by any method of the class or its bases.
    if (instance) {
      Targets out;
      for (size_t i = first; i < order.size(); ++i) {
        if (order[i].kind == Target::External) continue;
        const Scope& sc = mods_[order[i].module].scopes[order[i].scope];
        if (auto it = sc.self_attributes.find(name); it != sc.self_attributes.end())
          for (const auto& [scope, value] : it->second) add_all(out, resolve(order[i].module, value, scope));
      }
      if (declared.first >= 0) or_annotation(declared.first, declared.second, out);
      if (!out.empty()) return out;
    }
    if (!external_base.empty()) return {external(external_base + "." + name)};
    return {unknown(kClassHasNo, mods_[m].scopes[cls].qualname, name)};
  }

  static bool is_protocol_marker(const std::string& name) {
    return name == "typing.Protocol" || name == "typing_extensions.Protocol";
  }
  static bool is_typing_marker(const std::string& name) {
    return name == "typing.Generic" || name == "typing_extensions.Generic" || is_protocol_marker(name);
  }

  // C3 linearisation over the bases we can resolve; an external base ends the walk.
  const Targets& mro(int m, int cls) {
    const std::size_t slot = scope_slot(m, cls);
    if (mro_known_[slot]) return mro_memo_[slot];
    auto key = std::make_pair(m, cls);
    Target self{Target::Class, m, cls, ""};
    if (mro_active_.count(key)) {  // a cycle of bases
      Targets& cut = mro_cut_[key];  // filled in place: moving a one-item small_vector trips a GCC 12 false warning
      cut.assign(1, self);
      return cut;
    }
    mro_active_.insert(key);
    std::vector<Targets> sequences;
    Targets bases;
    const Scope& sc = mods_[m].scopes[cls];
    for (ExprId base : sc.bases) {
      // A subscripted generic base (`ParamType[T]`) is its class; `Generic[T]` and `Protocol[T]`
      // add nothing to call and would end the walk as a base from outside the tree.
      const Expr& written = mods_[m].exprs[base];
      bool generic = written.kind == ExprKind::Subscript;
      for (const Target& t : known_or_reason(resolve(m, generic ? written.base : base, sc.parent))) {
        if (generic && t.kind == Target::External && is_typing_marker(t.name)) continue;
        if (t.kind == Target::Class) {
          bases.push_back(t);
          sequences.push_back(mro(t.module, t.scope));
        } else if (t.kind == Target::External && t.name != "builtins.object") {
          bases.push_back(t);
          sequences.emplace_back(1, t);
        }
      }
    }
    sequences.push_back(bases);
    Targets out{self};
    while (true) {
      sequences.erase(std::remove_if(sequences.begin(), sequences.end(), [](const Targets& s) { return s.empty(); }),
                      sequences.end());
      if (sequences.empty()) break;
      const Target* head = nullptr;
      for (const Targets& s : sequences) {
        bool in_tail = std::any_of(sequences.begin(), sequences.end(), [&](const Targets& other) {
          return std::find(other.begin() + 1, other.end(), s.front()) != other.end();
        });
        if (!in_tail) {
          head = &s.front();
          break;
        }
      }
      if (!head) {  // inconsistent hierarchy: fall back to the order the bases were written in
        for (const Targets& s : sequences) add_all(out, s);
        break;
      }
      Target next = *head;
      out.push_back(next);
      for (Targets& s : sequences)
        if (!s.empty() && s.front() == next) s.erase(s.begin());
    }
    mro_active_.erase(key);
    mro_known_[slot] = true;
    return mro_memo_[slot] = std::move(out);
  }

  // Items of a container that match a constant key ("'a'" for dict keys, "0" for positions);
  // all of them when the key is unknown or not found. ":" (a slice) is the container itself.
  // Items of a container that match a constant key ("'a" for dict keys, "0" for positions);
  // all of them when the key is unknown or not found. ":" (a slice) is the container itself.
  // `read` is the subscript's own place: a later `d[k] = v` in the same scope that surely runs
  // before it hides what the display (or an earlier write) put under that key.
  Targets subscript(const Target& base, const std::string& key, const Expr* read = nullptr) {
    if (base.kind == Target::Unknown) return {base};
    if (base.kind != Target::Container) return {unknown(kNotAContainer)};
    if (is_annotation(base)) return annotation_element(base, false);
    if (!key.empty() && key[0] == ':') {  // a slice: a view of the same items from its start on
      Target view = base;
      int start = key == ":?" ? -1 : std::atoi(key.c_str() + 1);
      view.offset = base.offset < 0 || start < 0 ? -1 : base.offset + start;
      return {view};
    }
    std::string wanted = key;
    if (base.offset != 0 && !key.empty() && std::isdigit(static_cast<unsigned char>(key[0])))
      wanted = base.offset < 0 ? "" : std::to_string(std::atoi(key.c_str()) + base.offset);
    // An item's key is a constant's text ("'a", "1"), or its position in a list or tuple display.
    struct Item {
      std::string_view key;
      int position;  // -1: keyed by `key`
      int module, scope;  // where `value` is evaluated
      ExprId value;
      Place at;
    };
    boost::container::small_vector<Item, 8> items;
    const Expr& c = mods_[base.module].exprs[base.scope];
    bool is_dict = c.name == "builtins.dict";
    int scope = container_scope(base);
    for (size_t i = 0; i < c.items.size(); ++i)
      items.push_back({is_dict ? std::string_view(c.keys[i]) : std::string_view(), is_dict ? -1 : static_cast<int>(i),
                       base.module, scope, c.items[i], c.at});
    for (const auto& [module, w] : writes_for(base)) {
      if (!w->merge) {
        items.push_back({w->key, -1, module, w->scope, w->value, w->at});
        continue;
      }
      for (const Target& merged : known_or_reason(resolve(module, w->value, w->scope)))
        if (merged.kind == Target::Container && !(merged == base)) {
          const Expr& mc = mods_[merged.module].exprs[merged.scope];
          for (size_t i = 0; i < mc.items.size(); ++i)
            items.push_back({i < mc.keys.size() ? std::string_view(mc.keys[i]) : std::string_view(), -1, merged.module,
                             container_scope(merged), mc.items[i], w->at});
        }
    }
    // The position `wanted` names, when it is a number as std::to_string writes it.
    int wanted_position = -2;
    if (!wanted.empty() && wanted.size() < 9 && std::all_of(wanted.begin(), wanted.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
        (wanted == "0" || wanted[0] != '0'))
      wanted_position = std::atoi(wanted.c_str());
    boost::container::small_vector<const Item*, 8> matching;
    for (const Item& item : items)
      if (!wanted.empty() && (item.position >= 0 ? item.position == wanted_position : item.key == wanted)) matching.push_back(&item);
    if (read && read->at.line > 0 && matching.size() > 1) {
      auto same_scope = [&](const Item* i) { return i->module == base.module && i->scope == read->in_scope; };
      boost::container::small_vector<const Item*, 8> kept;
      for (const Item* i : matching) {
        bool hidden = same_scope(i) && std::any_of(matching.begin(), matching.end(), [&](const Item* later) {
          return later != i && same_scope(later) && later->at.line > 0 && before(i->at, later->at) &&
                 before(later->at, read->at) && encloses(base.module, later->at.block, read->at.block);
        });
        if (!hidden) kept.push_back(i);
      }
      matching = kept;
    }
    Targets out;
    for (const Item* i : matching) add_all(out, resolve(i->module, i->value, i->scope));
    if (out.empty())
      for (const Item& i : items) add_all(out, resolve(i.module, i.value, i.scope));
    if (out.empty()) out.push_back(unknown(kNoItem));
    return out;
  }

  Targets iterate(const Target& base) {
    switch (base.kind) {
      case Target::Container: {
        if (is_annotation(base)) return annotation_element(base, true);
        if (mods_[base.module].exprs[base.scope].name == "builtins.dict") return {unknown(kDictKeys)};
        return subscript(base, "");
      }
      case Target::Generator: {
        Targets out;
        for (ExprId y : mods_[base.module].scopes[base.scope].yields) add_all(out, resolve(base.module, y, base.scope));
        return out;
      }
      case Target::Instance: {
        if (base.module < 0) return {unknown(kIterateBuiltin, base.name)};
        Targets out;
        for (const Target& next : iteration_methods(base, true))
          if (next.kind == Target::Function) add_all(out, call_result(next));
        return out;
      }
      case Target::Unknown: return {base};
      default: return {unknown(kIterateOther)};
    }
  }

  // obj.__iter__ and the __next__ of what it returns (only_next: just the __next__ methods).
  Targets iteration_methods(const Target& instance, bool only_next) {
    Targets out;
    for (const Target& it : known_or_reason(member(instance.module, instance.scope, "__iter__", true))) {
      if (it.kind != Target::Function) continue;
      if (!only_next) add_all(out, {it});
      for (const Target& iterator : call_result(it))
        if (iterator.kind == Target::Instance && iterator.module >= 0)
          for (const Target& next : known_or_reason(member(iterator.module, iterator.scope, "__next__", true)))
            if (next.kind == Target::Function) add_all(out, {next});
    }
    return out;
  }

  // --- Annotations: what a value holds when only its type annotation says so -------------

  // When none of `values` is known (or they are too many to list): the types `annotation`
  // names instead (kNoExpr: none).
  void or_annotation(int m, ExprId annotation, Targets& values) {
    if (annotation == kNoExpr || known_or_reason(values).any_known()) return;  // ("too many" is not known)
    Targets types = annotation_types(m, annotation);
    if (known_or_reason(types).any_known()) values = std::move(types);
  }

  // The collections an annotation can name: how their items are typed, and for a list, dict,
  // set, frozenset or tuple the builtin type whose methods it has (an abstract collection,
  // Mapping or Iterable, has none that is named).
  enum class Collection : std::uint8_t { None, Sequence, Set, Tuple, Mapping };
  struct CollectionKind {
    Collection items = Collection::None;
    const char* builtin = nullptr;
  };
  static CollectionKind collection_of(const std::string& external) {
    using C = Collection;
    static const std::unordered_map<std::string, CollectionKind> names = {
        {"List", {C::Sequence, "builtins.list"}}, {"list", {C::Sequence, "builtins.list"}}, {"Sequence", {C::Sequence}},
        {"MutableSequence", {C::Sequence}}, {"Iterable", {C::Sequence}}, {"Iterator", {C::Sequence}},
        {"Collection", {C::Sequence}}, {"Reversible", {C::Sequence}}, {"Deque", {C::Sequence}}, {"deque", {C::Sequence}},
        {"Set", {C::Set, "builtins.set"}}, {"set", {C::Set, "builtins.set"}}, {"AbstractSet", {C::Set}},
        {"MutableSet", {C::Set}}, {"FrozenSet", {C::Set, "builtins.frozenset"}}, {"frozenset", {C::Set, "builtins.frozenset"}},
        {"Tuple", {C::Tuple, "builtins.tuple"}}, {"tuple", {C::Tuple, "builtins.tuple"}},
        {"Dict", {C::Mapping, "builtins.dict"}}, {"dict", {C::Mapping, "builtins.dict"}}, {"Mapping", {C::Mapping}},
        {"MutableMapping", {C::Mapping}}, {"DefaultDict", {C::Mapping}}, {"defaultdict", {C::Mapping}},
        {"OrderedDict", {C::Mapping}}};
    auto it = names.find(typing_name(external));
    return it == names.end() ? CollectionKind{} : it->second;
  }

  // "typing.List" -> "List": the last part of a name from typing, typing_extensions,
  // collections(.abc) or builtins; "" for any other module.
  static std::string typing_name(const std::string& external) {
    for (const char* module : {"typing.", "typing_extensions.", "collections.abc.", "collections.", "builtins."})
      if (starts_with(external, module) && external.find('.', std::strlen(module)) == std::string::npos)
        return external.substr(std::strlen(module));
    return "";
  }

  // A method reached through a value known only by its annotation (`loader: BaseLoader`):
  // the class's own, and every override of it in a subclass of the tree, since the value may be
  // an instance of any of them. The overrides are found among the classes that define the name.
  // Memoised by member(..., overrides = true).
  Targets member_and_overrides(int m, int cls, const std::string& name) {
    Targets out = member(m, cls, name, true);
    if (!known_or_reason(out).any_known()) return out;
    if (definers_.empty())
      for (size_t i = 0; i < mods_.size(); ++i)
        for (size_t s = 0; s < mods_[i].scopes.size(); ++s)
          if (mods_[i].scopes[s].kind == ScopeKind::Class)
            for (const auto& [defined, bindings] : mods_[i].scopes[s].bindings)
              definers_[defined].emplace_back(static_cast<int>(i), static_cast<int>(s));
    auto it = definers_.find(name);
    if (it == definers_.end()) return out;
    const Target own{Target::Class, m, cls, "", false};
    for (const auto& [module, sub] : it->second) {
      if (module == m && sub == cls) continue;
      const Targets& order = mro(module, sub);
      if (std::find(order.begin(), order.end(), own) == order.end()) continue;  // not a subclass
      for (const Target& t : known_or_reason(member(module, sub, name, true)))
        if (t.kind == Target::Function) add_all(out, t);
    }
    return out;
  }
  std::unordered_map<std::string, std::vector<std::pair<int, int>>> definers_;  // name -> the classes whose body binds it

  // A typing Protocol (`class VisitCallable(Protocol)`): a structural type, whose own methods are
  // stubs that never run; PEP 544 has every protocol list Protocol among its bases.
  bool is_protocol(int m, int cls) {
    const Scope& sc = mods_[m].scopes[cls];
    for (ExprId base : sc.bases) {
      const Expr& written = mods_[m].exprs[base];
      for (const Target& t : known_or_reason(resolve(m, written.kind == ExprKind::Subscript ? written.base : base, sc.parent)))
        if (t.kind == Target::External && is_protocol_marker(t.name)) return true;
    }
    return false;
  }

  // builtins.str, builtins.list...: a builtin type whose methods the embedded interpreter listed.
  bool is_builtin_type(const std::string& name) const {
    return starts_with(name, "builtins.") && builtins_.count(name.substr(9) + ".__new__");
  }

  bool is_annotation(const Target& container) const {
    return mods_[container.module].exprs[static_cast<ExprId>(container.scope)].kind == ExprKind::Subscript;
  }

  // The values an annotation names: an instance of a class of the tree or of a builtin type,
  // a typed collection (iterating `List[Item]` gives Items), any of a Union's or Optional's
  // members, the class itself for `Type[X]`. All marked as known through an annotation.
  Targets annotation_types(int m, ExprId a) {
    if (a == kNoExpr) return {};
    const Expr& x = mods_[m].exprs[a];
    int scope = x.in_scope;
    Targets out;
    if (x.kind == ExprKind::Either) {
      for (ExprId item : x.items) add_all(out, annotation_types(m, item));
      return out;
    }
    if (x.kind == ExprKind::Name || x.kind == ExprKind::Attribute) {
      for (const Target& t : known_or_reason(resolve(m, a, scope))) {
        if (t.kind == Target::Class && !is_protocol(t.module, t.scope))
          add_all(out, {Target{Target::Instance, t.module, t.scope, "", false}});
        else if (t.kind == Target::External && is_builtin_type(t.name))
          add_all(out, {Target{Target::Instance, -1, -1, t.name, false}});  // str, int, list...
      }
      return annotated(std::move(out));
    }
    if (x.kind != ExprKind::Subscript) return {};
    for (const Target& t : known_or_reason(resolve(m, x.base, scope))) {
      if (t.kind == Target::Class) {  // a generic class of the tree: Box[int]
        add_all(out, annotated({Target{Target::Instance, t.module, t.scope, "", false}}));
        continue;
      }
      if (t.kind != Target::External) continue;
      std::string generic = typing_name(t.name);
      if (generic == "Optional" || generic == "Union") {
        for (ExprId item : x.items) add_all(out, annotation_types(m, item));
      } else if (generic == "Annotated" || generic == "ClassVar" || generic == "Final") {
        if (!x.items.empty()) add_all(out, annotation_types(m, x.items.front()));
      } else if (generic == "Type" || generic == "type") {
        for (const Target& instance : x.items.empty() ? Targets{} : annotation_types(m, x.items.front()))
          if (instance.kind == Target::Instance && instance.module >= 0)
            add_all(out, annotated({Target{Target::Class, instance.module, instance.scope, "", false}}));
      } else if (CollectionKind c = collection_of(t.name); c.items != Collection::None) {
        add_all(out, annotated({Target{Target::Container, m, static_cast<int>(a), c.builtin ? Name(c.builtin) : t.name, false}}));
      }
    }
    return out;
  }

  // An item of a collection an annotation names: for a mapping, its values (its keys when
  // iterating); for a tuple, any of its members; otherwise the one item type.
  Targets annotation_element(const Target& container, bool iterating) {
    const Expr& x = mods_[container.module].exprs[static_cast<ExprId>(container.scope)];
    Targets out;
    Collection c = collection_of(container.name).items;
    if (c == Collection::Mapping) {
      if (x.items.size() == 2) out = annotation_types(container.module, x.items[iterating ? 0 : 1]);
    } else if (c == Collection::Tuple) {
      for (ExprId item : x.items) add_all(out, annotation_types(container.module, item));
    } else if (!x.items.empty()) {
      out = annotation_types(container.module, x.items.front());
    }
    if (out.empty()) out.push_back(unknown(kNoItem));
    return out;
  }

  // The scope a container's item expressions are evaluated in.
  int container_scope(const Target& container) const { return mods_[container.module].exprs[container.scope].in_scope; }


  const std::vector<Write>& writes_for(const Target& container) {
    deps_.read(writes_node(container.module, static_cast<ExprId>(container.scope)));
    static const std::vector<Write> none;
    auto it = writes_.find({container.module, container.scope});
    return it == writes_.end() ? none : it->second;
  }

  // Which containers each item write reaches; done once a round, before the call sites, for
  // the writes whose target's answer changed. A container's writes stay in module and source
  // order; subscripts that read a container whose writes changed are recomputed.
  void collect_writes() {
    std::vector<std::uint32_t> stale;
    stale.swap(stale_item_writes_);
    std::sort(stale.begin(), stale.end());
    stale.erase(std::unique(stale.begin(), stale.end()), stale.end());
    for (std::uint32_t k : stale) {
      const Write& write = item_writes_[k];
      boost::container::small_vector<std::pair<int, int>, 1> reached;
      AnswerDependencies::Context outer = deps_.begin(item_write_node(k));
      for (const Target& t : known_or_reason(resolve(write.module, write.write->target, write.write->scope)))
        if (t.kind == Target::Container && std::find(reached.begin(), reached.end(), std::make_pair(t.module, t.scope)) == reached.end())
          reached.emplace_back(t.module, t.scope);
      deps_.end(outer);
      auto& before = item_containers_[k];
      for (const auto& container : before)  // no longer reached
        if (std::find(reached.begin(), reached.end(), container) == reached.end()) {
          auto& list = writes_[container];
          list.erase(std::find(list.begin(), list.end(), write));
          deps_.changed(writes_node(container.first, static_cast<ExprId>(container.second)));
        }
      for (const auto& container : reached)  // newly reached
        if (std::find(before.begin(), before.end(), container) == before.end()) {
          auto& list = writes_[container];
          list.insert(std::upper_bound(list.begin(), list.end(), write), write);
          deps_.changed(writes_node(container.first, static_cast<ExprId>(container.second)));
        }
      before = std::move(reached);
    }
    invalidate();
  }

  // A call expression's arguments, where its result is asked for.
  struct CallArgs {
    int module;
    const Expr* call;
    int scope;
  };

  // How a return value depends on the call's own arguments: it is one of the function's
  // parameters as passed (`return f` in an identity decorator, `return obj` in a registering
  // one), or what calling one returns (`merged = dict_class(...); return merged`). Local names
  // assigned once are followed on the way. At a call whose arguments are known, the result is
  // then worked out from that call's argument, not from every value any call passes (which made
  // each decorated name stand for all the others).
  struct ParameterReturn {
    const Binding* param = nullptr;  // null: the return does not depend on a parameter this way
    const std::string* name = nullptr;
    bool called = false;             // the value is what calling the parameter returns
  };
  ParameterReturn passed_through(int m, int function, ExprId r) const {
    const Scope& fn = mods_[m].scopes[function];
    bool called = false;
    for (int step = 0; step < 4 && r != kNoExpr; ++step) {
      const Expr* x = &mods_[m].exprs[r];
      if (x->kind == ExprKind::Call && !called) {
        called = true;
        x = &mods_[m].exprs[x->base];
      }
      if (x->kind != ExprKind::Name) return {};
      auto it = fn.bindings.find(x->name);
      if (it == fn.bindings.end() || it->second.size() != 1) return {};  // rebound: not as passed
      const Binding& b = it->second.front();
      if (b.kind == BindingKind::Value && !called) {
        r = b.value;  // a local assigned once: what it holds
        continue;
      }
      if (b.kind != BindingKind::Param || b.mode == ParamMode::VarPositional || b.mode == ParamMode::VarKeyword ||
          is_receiver(m, function, b))
        return {};
      return {&b, &it->first, called};
    }
    return {};
  }

  // passed_through() of each return of a function, in order, found once: calls ask it often.
  const std::vector<ParameterReturn>& parameter_returns(int m, int function) {
    auto [it, added] = parameter_returns_.try_emplace(static_cast<std::uint64_t>(m) << 32 | static_cast<std::uint32_t>(function));
    if (added)
      for (ExprId r : mods_[m].scopes[function].returns) it->second.push_back(passed_through(m, function, r));
    return it->second;
  }
  std::unordered_map<std::uint64_t, std::vector<ParameterReturn>> parameter_returns_;  // elements never move

  // The first parameter of a method that is not a staticmethod: `self` or `cls`, whatever its name.
  bool is_receiver(int m, int function, const Binding& param) const {
    const auto& scopes = mods_[m].scopes;
    const Scope& fn = scopes[function];
    return param.index == 0 && fn.kind == ScopeKind::Function && fn.parent >= 0 && scopes[fn.parent].kind == ScopeKind::Class &&
           !fn.is_staticmethod;
  }

  // The argument a call passes for parameter `p` (named `name`) of `callee`; null when the call
  // does not say (a `*args` or `**kwargs` may hold it).
  std::optional<Targets> argument_at(const CallArgs& at, const Target& callee, const Binding& p, const std::string& name) {
    const Expr& call = *at.call;
    std::size_t positional = static_cast<std::size_t>(std::count(call.keys.begin(), call.keys.end(), std::string()));
    int position = p.index - (callee.bound ? 1 : 0);
    if (p.mode != ParamMode::KeywordOnly && position >= 0 && static_cast<std::size_t>(position) < positional)
      return resolve(at.module, call.items[static_cast<std::size_t>(position)], at.scope);
    if (p.mode != ParamMode::PositionalOnly)
      for (std::size_t i = positional; i < call.items.size(); ++i)
        if (call.keys[i] == name) return resolve(at.module, call.items[i], at.scope);
    if (call.name == "*") return std::nullopt;
    if (p.value != kNoExpr) return resolve(callee.module, p.value, mods_[callee.module].exprs[p.value].in_scope);  // the default
    return Targets{unknown(kParameterWithoutValue, name)};
  }

  Targets call_result(const Target& callee, const CallArgs* at = nullptr) {
    switch (callee.kind) {
      case Target::Class: return {Target{Target::Instance, callee.module, callee.scope, ""}};
      case Target::Function: {
        const Scope& fn = mods_[callee.module].scopes[callee.scope];
        if (!fn.yields.empty()) return {Target{Target::Generator, callee.module, callee.scope, "", false}};
        Targets out;
        const std::vector<ParameterReturn>* by_return = at ? &parameter_returns(callee.module, callee.scope) : nullptr;
        for (std::size_t i = 0; i < fn.returns.size(); ++i) {
          ExprId r = fn.returns[i];
          ParameterReturn p = by_return ? (*by_return)[i] : ParameterReturn{};
          std::optional<Targets> passed = p.param ? argument_at(*at, callee, *p.param, *p.name) : std::nullopt;
          if (!passed) {
            add_all(out, resolve(callee.module, r, callee.scope));
          } else if (!p.called) {
            add_all(out, *passed);
          } else {
            for (const Target& made : known_or_reason(*passed)) add_all(out, call_result(made));
          }
        }
        if (out.empty()) out.push_back(unknown(kReturnsNothing));
        or_annotation(callee.module, fn.returns_annotation, out);
        return out;
      }
      case Target::External: {
        // str(x), list(x), dict(...)...: an instance of the builtin type, whose methods are known.
        if (is_builtin_type(callee.name)) return {Target{Target::Instance, -1, -1, callee.name, false}};
        return {unknown(kExternalResult, callee.name)};
      }
      case Target::Unknown: return {callee};
      default: return {unknown(kCallResult)};
    }
  }
};

}  // namespace

CallGraph build_call_graph(const std::vector<CallFacts>& modules, const std::set<std::string>& builtin_names,
                           bool heuristic) {
  auto resolver = std::make_unique<Resolver>(modules, builtin_names, heuristic);
  CallGraph graph = resolver->build();
  release_in_background(std::move(resolver));  // its memos are freed while the graph is written
  return graph;
}

}  // namespace codetrace
