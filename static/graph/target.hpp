#pragma once
// The values of call-graph resolution: what an expression can be (Target), a list of them
// (Targets), why a value is unknown (Reason), and the two ways answers are combined (add_all,
// known_or_reason). Only the resolver uses them; they are apart so that it reads as the rules.
#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>

#include <boost/container/small_vector.hpp>

namespace codetrace::resolution {
namespace {  // private to resolver.cpp, its one includer: internal linkage, as when it lived there

// An interned string: copying and comparing a Target costs no allocation. Targets are copied
// on every step of resolution, and their texts (external names, reasons) would otherwise be.
class Name {
 public:
  Name() : text_(empty()) {}
  Name(const std::string& text) : text_(&*pool().insert(text).first) {}  // NOLINT: implicit on purpose
  Name(const char* text) : text_(*text ? &*pool().insert(text).first : empty()) {}  // NOLINT
  operator const std::string&() const { return *text_; }                 // NOLINT
  const std::string& str() const { return *text_; }
  bool operator==(const Name& o) const { return text_ == o.text_; }
  bool operator!=(const Name& o) const { return text_ != o.text_; }
  bool operator==(const char* o) const { return *text_ == o; }
  bool operator!=(const char* o) const { return *text_ != o; }

 private:
  static std::unordered_set<std::string>& pool() {
    static std::unordered_set<std::string> strings;  // elements never move: pointers stay valid
    return strings;
  }
  static const std::string* empty() {
    static const std::string* text = &*pool().emplace().first;  // every Target has two Names
    return text;
  }
  const std::string* text_;
};

std::string operator+(const Name& a, const char* b) { return a.str() + b; }

// What an expression can be.
struct Target {
  enum Kind : std::uint8_t { Module, Function, Class, Instance, Super, External, Container, Generator, Unknown } kind = Unknown;
  int module = -1;
  int scope = -1;    // Function/Generator: its scope; Class/Instance/Super: the class scope; Container: the expr
                     // (a display, or an annotation `List[Item]`: a Subscript, see Resolver::annotation_element)
  Name name;         // External: dotted path; Unknown: the reason
  bool bound = false;  // Function: a method reached through an instance (or a classmethod): self is passed
  bool annotated = false;  // known only from a type annotation (`item: Item`), or reached from such a value
  int owner_module = -1, owner_scope = -1;  // Super: the class whose method wrote super()
  int offset = 0;  // Container: a slice view starting at this index (-1: unknown start)
  Name value;      // Instance of a builtin: the constant it is, as a key ("1", "'a"), when known
  bool operator==(const Target& o) const {
    return kind == o.kind && module == o.module && scope == o.scope && name == o.name && bound == o.bound &&
           annotated == o.annotated && owner_module == o.owner_module && owner_scope == o.owner_scope && offset == o.offset &&
           value == o.value;
  }
};

// Most answers hold one target: keep up to two inline, with no allocation.
using Targets = boost::container::small_vector<Target, 2>;
// Per answer: a value that could be more than this many things is "too many targets" (an Unknown
// that absorbs whatever is added to it), never a cut list: a cut keeps whichever targets were
// found first, so the answer at a site would change with unrelated files, and the merged value
// would travel on.
constexpr std::size_t kMaxTargets = 50;

// Why a value is unknown. Reasons travel as a code and up to two names, and are written out as
// text only for the calls that stay unresolved (reason_text).
enum Reason : int {
  kNoExpression, kComputed, kNotDefined, kExtraArguments, kLoopBound, kParameterWithoutValue, kModuleHasNo,
  kFunctionAttribute, kGeneratorAttribute, kTypeHasNo, kClassHasNo, kNotAContainer, kNoItem, kDictKeys,
  kIterateBuiltin, kIterateOther, kReturnsNothing, kExternalResult, kCallResult, kTooManyTargets, kAbstractType, kNarrowedAway,
};

// Unknown: `name` and `value` carry the reason's names, `offset` its code.
Target unknown(Reason reason, Name a = Name(), Name b = Name()) {
  Target t{Target::Unknown, -1, -1, a, false};
  t.offset = reason;
  t.value = b;
  return t;
}

std::string reason_text(const Target& t) {
  const std::string& a = t.name.str();
  const std::string& b = t.value.str();
  switch (static_cast<Reason>(t.offset)) {
    case kNoExpression: return "no expression";
    case kComputed: return "the callee is computed (" + a + ")";
    case kNotDefined: return "'" + a + "' is not defined in the analysed code";
    case kExtraArguments: return "'" + a + "' collects extra arguments";
    case kLoopBound: return "'" + a + "' is bound by a loop, a with or an unpacking";
    case kParameterWithoutValue: return "'" + a + "' is a parameter and no call passes it a known value";
    case kModuleHasNo: return "module " + a + " has no attribute '" + b + "'";
    case kFunctionAttribute: return "attribute '" + a + "' of a function";
    case kGeneratorAttribute: return "attribute '" + a + "' of a generator";
    case kTypeHasNo: return a + " has no attribute '" + b + "'";
    case kClassHasNo: return "class " + a + " has no attribute '" + b + "'";
    case kNotAContainer: return "subscript of a value that is not a container we know";
    case kNoItem: return "no item of the container is known";
    case kDictKeys: return "iterating a dict gives its keys";
    case kIterateBuiltin: return "iterating " + a + " is not followed";
    case kIterateOther: return "iterating this value is not followed";
    case kReturnsNothing: return "the called function returns nothing we can follow";
    case kExternalResult: return "the result of " + a + "() is not followed";
    case kCallResult: return "the result of calling this value is not followed";
    case kTooManyTargets: return "more than " + std::to_string(kMaxTargets) + " possible targets";
    case kNarrowedAway: return "no value of '" + a + "' found passes the isinstance() test here";
    case kAbstractType: return "only its annotation " + a + " is known, not its type's '" + b + "'";
  }
  return "unknown";
}
Target external(std::string path) { return Target{Target::External, -1, -1, std::move(path), false}; }

bool too_many(const Targets& t) { return t.size() == 1 && t[0].kind == Target::Unknown && t[0].offset == kTooManyTargets; }

void add_all(Targets& into, const Targets& from) {
  if (into.empty()) {  // the common case: nothing to de-duplicate against
    into = from;
    return;
  }
  if (too_many(into)) return;
  if (too_many(from)) {
    into = from;
    return;
  }
  for (const Target& t : from)
    if (std::find(into.begin(), into.end(), t) == into.end()) {
      if (into.size() == kMaxTargets) {
        into.assign(1, unknown(kTooManyTargets));
        return;
      }
      into.push_back(t);
    }
}

// The same values, as known only through an annotation (reasons stay as they are).
Targets annotated(Targets targets) {
  for (Target& t : targets)
    if (t.kind != Target::Unknown) t.annotated = true;
  return targets;
}

// What is reached from `from` (its attribute, its result, its items): known only through an
// annotation when `from` is.
Targets reached_from(const Target& from, Targets reached) { return from.annotated ? annotated(std::move(reached)) : reached; }

// One more value (`add_all(out, {t})` comes here, building no list).
void add_all(Targets& into, const Target& one) {
  if (too_many(into)) return;
  if (std::find(into.begin(), into.end(), one) != into.end()) return;
  if (into.size() == kMaxTargets) {
    into.assign(1, unknown(kTooManyTargets));
    return;
  }
  into.push_back(one);
}

// Known targets win over reasons: an Unknown is kept only when nothing else was found.
// A view that skips what loses, without copying: most answers are read this way, many times.
// It holds the targets it was given when they are a temporary (a member() or call_result()),
// so that `for (const Target& t : known_or_reason(member(...)))` is safe.
class KnownOrReason {
 public:
  explicit KnownOrReason(const Targets& targets) : targets_(&targets) { classify(); }
  explicit KnownOrReason(Targets&& targets) : own_(std::move(targets)), targets_(&own_) { classify(); }
  KnownOrReason(const KnownOrReason&) = delete;
  KnownOrReason& operator=(const KnownOrReason&) = delete;

  class iterator {
   public:
    iterator(const Target* at, const Target* end, bool skip) : at_(at), end_(end), skip_(skip) { settle(); }
    const Target& operator*() const { return *at_; }
    iterator& operator++() {
      ++at_;
      settle();
      return *this;
    }
    bool operator!=(const iterator& o) const { return at_ != o.at_; }

   private:
    void settle() {
      while (skip_ && at_ != end_ && at_->kind == Target::Unknown) ++at_;
    }
    const Target *at_, *end_;
    bool skip_;
  };
  iterator begin() const { return {first_, last_, skip_unknown_}; }
  iterator end() const { return {last_, last_, false}; }
  bool any_known() const { return any_known_; }

 private:
  void classify() {
    bool any_unknown = false;
    for (const Target& t : *targets_) (t.kind == Target::Unknown ? any_unknown : any_known_) = true;
    first_ = targets_->data();
    last_ = first_ + targets_->size();
    skip_unknown_ = any_unknown && any_known_;
    if (any_unknown && !any_known_) last_ = first_ + 1;  // all reasons: the first one
  }
  Targets own_;
  const Targets* targets_;
  const Target *first_ = nullptr, *last_ = nullptr;
  bool skip_unknown_ = false, any_known_ = false;
};

KnownOrReason known_or_reason(const Targets& targets) { return KnownOrReason(targets); }
KnownOrReason known_or_reason(Targets&& targets) { return KnownOrReason(std::move(targets)); }

}  // namespace
}  // namespace codetrace::resolution
