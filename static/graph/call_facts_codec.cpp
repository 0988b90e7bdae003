#include "static/graph/call_facts_codec.hpp"

#include <cstring>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace codetrace {
namespace {

// Each type's fields, in wire order, listed once for both directions: `io` is a Writer (with
// const objects) or a Reader. Trivially copyable types (numbers, enums, Place, Block) travel as
// their bytes and need no list.
template <class Io, class B>
void binding_fields(Io& io, B& b) {
  io(b.kind, b.at, b.weak, b.anywhere, b.module, b.name, b.scope, b.value, b.index, b.mode, b.annotation);
}
template <class Io, class S>
void scope_fields(Io& io, S& s) {
  io(s.kind, s.name, s.qualname, s.node, s.parent, s.line, s.end_line, s.is_staticmethod, s.is_classmethod,
     s.is_property, s.bases, s.metaclass, s.bindings, s.globals, s.returns, s.returns_annotation, s.yields, s.self_attributes);
}
template <class Io, class X>
void expr_fields(Io& io, X& x) {
  io(x.kind, x.at, x.base, x.scope, x.in_scope, x.name, x.items, x.keys);
}
template <class Io, class A>
void argument_fields(Io& io, A& a) {
  io(a.position, a.keyword, a.value, a.unpacked);
}
template <class Io, class C>
void site_fields(Io& io, C& c) {
  io(c.kind, c.scope, c.line, c.col, c.callee, c.text, c.args, c.dunder);
}
template <class Io, class W>
void write_fields(Io& io, W& w) {
  io(w.scope, w.at, w.target, w.key, w.value, w.merge);
}
template <class Io, class N>
void narrowing_fields(Io& io, N& n) {
  io(n.name, n.classes, n.is_instance);
}
template <class Io, class F>
void facts_fields(Io& io, F& f) {
  io(f.module_name, f.path, f.is_package, f.scopes, f.exprs, f.calls, f.item_writes, f.blocks, f.narrowings, f.star_imports,
     f.star_import_at, f.all_names, f.too_deep);
}
template <class Io, class I>
void issue_fields(Io& io, I& i) {
  io(i.path, i.line, i.reason);
}

// The field list of each struct that is not sent as bytes.
template <class Io, class T>
void struct_fields(Io& io, T& value) {
  using Plain = std::remove_const_t<T>;
  if constexpr (std::is_same_v<Plain, Binding>) binding_fields(io, value);
  else if constexpr (std::is_same_v<Plain, Scope>) scope_fields(io, value);
  else if constexpr (std::is_same_v<Plain, Expr>) expr_fields(io, value);
  else if constexpr (std::is_same_v<Plain, Argument>) argument_fields(io, value);
  else if constexpr (std::is_same_v<Plain, CallSite>) site_fields(io, value);
  else if constexpr (std::is_same_v<Plain, ItemWrite>) write_fields(io, value);
  else if constexpr (std::is_same_v<Plain, Narrowing>) narrowing_fields(io, value);
  else if constexpr (std::is_same_v<Plain, CallFacts>) facts_fields(io, value);
  else if constexpr (std::is_same_v<Plain, FileIssue>) issue_fields(io, value);
  else static_assert(std::is_trivially_copyable_v<Plain>, "a type without a field list");
}

// Values are written as their bytes in this machine's order (both ends are one build); strings,
// vectors and maps with a 32-bit count first; an optional with a bool first.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  template <class... T>
  void operator()(const T&... values) {
    (one(values), ...);
  }

 private:
  void count(std::size_t n) { one(static_cast<std::uint32_t>(n)); }
  template <class T>
  void one(const T& value) {
    if constexpr (std::is_trivially_copyable_v<T>) out_.append(reinterpret_cast<const char*>(&value), sizeof value);
    else struct_fields(*this, value);
  }
  void one(const std::string& s) {
    count(s.size());
    out_.append(s);
  }
  template <class T>
  void one(const std::vector<T>& items) {
    count(items.size());
    for (const T& item : items) one(item);
  }
  template <class A, class B>
  void one(const std::pair<A, B>& pair) {
    (*this)(pair.first, pair.second);
  }
  template <class V>
  void one(const std::unordered_map<std::string, V>& map) {
    count(map.size());
    for (const auto& [key, value] : map) (*this)(key, value);
  }
  template <class T>
  void one(const std::optional<T>& value) {
    one(value.has_value());
    if (value) one(*value);
  }
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view& in) : in_(in) {}
  template <class... T>
  void operator()(T&... values) {
    (one(values), ...);
  }

 private:
  // A count of items: each takes at least a byte, so a bad count fails here, not in a reserve().
  std::uint32_t count() {
    std::uint32_t n = 0;
    one(n);
    need(n);
    return n;
  }
  template <class T>
  void one(T& value) {
    if constexpr (std::is_trivially_copyable_v<T>) {
      need(sizeof value);
      std::memcpy(&value, in_.data(), sizeof value);
      in_.remove_prefix(sizeof value);
    } else {
      struct_fields(*this, value);
    }
  }
  void one(std::string& s) {
    std::uint32_t size = count();
    s.assign(in_.substr(0, size));
    in_.remove_prefix(size);
  }
  template <class T>
  void one(std::vector<T>& items) {
    items.resize(count());
    for (T& item : items) one(item);
  }
  template <class A, class B>
  void one(std::pair<A, B>& pair) {
    (*this)(pair.first, pair.second);
  }
  template <class V>
  void one(std::unordered_map<std::string, V>& map) {
    for (std::uint32_t n = count(); n > 0; --n) {
      std::string key;
      one(key);
      one(map[std::move(key)]);
    }
  }
  template <class T>
  void one(std::optional<T>& value) {
    bool present = false;
    one(present);
    if (present) one(value.emplace());
  }
  void need(std::size_t bytes) const {
    if (in_.size() < bytes) throw Error("the call facts of a parse helper are cut short");
  }
  std::string_view& in_;
};

}  // namespace

void encode_u32(std::uint32_t value, std::string& out) { Writer{out}(value); }

std::uint32_t decode_u32(std::string_view& in) {
  std::uint32_t value = 0;
  Reader{in}(value);
  return value;
}

void encode_call_facts(const CallFacts& facts, std::string& out) { Writer{out}(facts); }

CallFacts decode_call_facts(std::string_view& in) {
  CallFacts facts;
  Reader{in}(facts);
  return facts;
}

void encode_file_issues(const std::vector<FileIssue>& issues, std::string& out) { Writer{out}(issues); }

std::vector<FileIssue> decode_file_issues(std::string_view& in) {
  std::vector<FileIssue> issues;
  Reader{in}(issues);
  return issues;
}

}  // namespace codetrace
