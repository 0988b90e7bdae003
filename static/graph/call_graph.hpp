#pragma once
// CallGraph: who calls whom, with every call site, and the calls that could not be resolved
// with the reason. Nodes are named like `codetrace qa` symbols; module-level code is the caller
// `pkg.mod.<module>`; callees outside the analysed tree are external nodes named by their import
// path (`json.dumps`, `builtins.print`). Formats: docs/graph-format.md.
#include <map>
#include <string_view>
#include <string>
#include <vector>

namespace codetrace {

enum class NodeKindInGraph { Module, Class, Function, Method, Lambda, Comprehension, External };
const char* graph_node_kind_name(NodeKindInGraph kind);

struct GraphNode {
  std::string id;  // qualified name
  NodeKindInGraph kind = NodeKindInGraph::Function;
  std::string file;  // "" for externals
  int line = 0, end_line = 0;
};

// A call site's file path, interned: every site in a file points at one copy, so copying a site
// allocates nothing and comparing two paths compares pointers (sympy's graph holds 400k sites in
// 1.5k files; as strings they were 1 in 16 instructions of resolution, in malloc and memcpy).
// The texts live as long as the program, as the handful of paths a run meets.
class SitePath {
 public:
  SitePath() : text_(intern("")) {}
  SitePath(std::string_view text) : text_(intern(text)) {}  // NOLINT: implicit on purpose
  SitePath(const std::string& text) : text_(intern(text)) {}  // NOLINT
  SitePath(const char* text) : text_(intern(text)) {}         // NOLINT
  operator const std::string&() const { return *text_; }      // NOLINT
  const std::string& str() const { return *text_; }
  friend bool operator==(const SitePath& a, const SitePath& b) { return a.text_ == b.text_; }
  friend bool operator!=(const SitePath& a, const SitePath& b) { return a.text_ != b.text_; }
  friend bool operator<(const SitePath& a, const SitePath& b) { return a.text_ != b.text_ && *a.text_ < *b.text_; }

 private:
  static const std::string* intern(std::string_view text);  // thread-safe
  const std::string* text_;
};

struct CallSiteRef {
  SitePath file;
  int line = 0, col = 0;  // 1-based line, 0-based UTF-8 column
};

struct GraphEdge {
  std::string caller, callee;
  std::vector<CallSiteRef> sites;  // in source order
  bool guess = false;              // --heuristic: matched by the callee's bare name only
  bool protocol = false;           // only through a builtin's protocol call: len(x) -> X.__len__
  bool annotation = false;         // only through values known from type annotations (`item: Item`)
};

struct UnresolvedCall {
  std::string caller;
  CallSiteRef site;
  std::string expression;  // the callee as written
  std::string reason;
};

struct CallGraph {
  std::vector<GraphNode> nodes;           // sorted by id
  std::vector<GraphEdge> edges;           // sorted by (caller, callee)
  std::vector<UnresolvedCall> unresolved; // in file and line order
  size_t call_sites = 0;                  // all call sites seen
};

}  // namespace codetrace
