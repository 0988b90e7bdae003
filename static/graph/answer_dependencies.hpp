#pragma once
// AnswerDependencies: which memoised answers of the resolver read what, so that a round of
// resolution recomputes exactly the answers that something changed under.
//
// The resolver repeats rounds until no call site finds a new caller: a parameter's values come
// from the callers found so far, and a subscript's from the writes to its container. Between
// rounds, an answer must be recomputed when it read, directly or through other answers, the
// callers of a function that gained one, or the writes to a container that changed.
//
// Every answer and every such source is a node, numbered by the resolver. While an answer is
// computed, each source or earlier answer it reads adds an edge "source -> reader" — but only
// sources that can change, and answers that read one ("dependent" answers): the rest can never
// be invalidated and need no edge. Invalidating walks the edges from what changed and forgets
// every answer it reaches; each node's edges are dropped as it is walked, and recomputing
// records them again. An edge that outlives the answer it led to only costs a recompute; the
// edges of dropped lists stay in the pool until the resolver ends (a few million at most).
//
// This replaced 128-bit hashed read signatures, which saturated in the first rounds (hundreds
// of functions gain callers at once) and made every later round recompute nearly everything.
#include <cstdint>
#include <vector>

namespace codetrace {

class AnswerDependencies {
 public:
  using Node = std::uint32_t;
  static constexpr Node kNone = 0xFFFFFFFFu;

  // Nodes are numbered 0..count-1 by their owner; add() appends one more and returns its number.
  void reset(std::size_t count) {
    head_.assign(count, kNone);
    edges_.clear();
    changed_.clear();
    reader_ = kNone;
    reads_ = false;
  }
  Node add() {
    head_.push_back(kNone);
    return static_cast<Node>(head_.size() - 1);
  }

  // The answer being computed reads `source` (a source that can change, or a dependent answer).
  void read(Node source) {
    reads_ = true;
    if (reader_ == kNone) return;  // a read outside any answer (it is redone every round anyway)
    Node first = head_[source];
    if (first != kNone && edges_[first].reader == reader_) return;  // read twice in a row
    edges_.push_back({reader_, first});
    head_[source] = static_cast<Node>(edges_.size() - 1);
  }

  // Computing an answer: reads made until end() are its own. Nests.
  struct Context {
    Node reader;
    bool reads;
  };
  Context begin(Node answer) {
    Context outer{reader_, reads_};
    reader_ = answer;
    reads_ = false;
    return outer;
  }
  // Ends the answer begun with `outer`; returns whether it is dependent (it read something
  // that can change). The enclosing answer then reads it, when it is.
  bool end(const Context& outer) {
    bool dependent = reads_;
    Node answer = reader_;
    reader_ = outer.reader;
    reads_ = outer.reads;
    if (dependent) read(answer);
    return dependent;
  }

  // A source changed (a function gained a caller, a container's writes differ).
  void changed(Node source) { changed_.push_back(source); }
  bool any_changed() const { return !changed_.empty(); }

  // Forgets every answer that read, directly or not, what changed since the last call, and the
  // answers that read `always` (the depth-limit cuts) when anything did. `forget(node)` drops
  // the answer of a node and returns whether it held one.
  template <class Forget>
  void invalidate(Node always, Forget&& forget) {
    if (changed_.empty()) return;
    std::vector<Node> stack;
    stack.swap(changed_);
    stack.push_back(always);
    while (!stack.empty()) {
      Node node = stack.back();
      stack.pop_back();
      for (Node e = head_[node]; e != kNone; e = edges_[e].next)
        if (forget(edges_[e].reader)) stack.push_back(edges_[e].reader);
      head_[node] = kNone;
    }
  }

 private:
  struct Edge {
    Node reader;
    Node next;  // the source's next edge, kNone at the end of its list
  };
  std::vector<Node> head_;  // per node: its newest edge, kNone for none
  std::vector<Edge> edges_;
  std::vector<Node> changed_;
  Node reader_ = kNone;
  bool reads_ = false;
};

}  // namespace codetrace
