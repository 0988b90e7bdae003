#include "static/graph/call_facts_codec.hpp"

#include <cstring>
#include <type_traits>

namespace codetrace {
namespace {

// Every value is written as its bytes in this machine's order (both ends are one build), strings
// and vectors with a 32-bit count first.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  template <class T>
  void pod(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void str(const std::string& s) {
    pod(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  template <class T, class Each>
  void list(const std::vector<T>& items, Each each) {
    pod(static_cast<std::uint32_t>(items.size()));
    for (const T& item : items) each(item);
  }
  void place(const Place& p) {
    pod(p.line);
    pod(p.col);
    pod(p.block);
  }
  void ids(const std::vector<ExprId>& v) { list(v, [&](ExprId id) { pod(id); }); }
  void strs(const std::vector<std::string>& v) { list(v, [&](const std::string& s) { str(s); }); }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view& in) : in_(in) {}
  template <class T>
  T pod() {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T));
    T value;
    std::memcpy(&value, in_.data(), sizeof value);
    in_.remove_prefix(sizeof value);
    return value;
  }
  std::string str() {
    auto size = pod<std::uint32_t>();
    need(size);
    std::string s(in_.substr(0, size));
    in_.remove_prefix(size);
    return s;
  }
  template <class T, class Each>
  std::vector<T> list(Each each) {
    auto size = pod<std::uint32_t>();
    need(size);  // every item takes at least a byte: a bad count fails here, not in reserve()
    std::vector<T> items;
    items.reserve(size);
    for (std::uint32_t i = 0; i < size; ++i) items.push_back(each());
    return items;
  }
  Place place() {
    Place p;
    p.line = pod<int>();
    p.col = pod<int>();
    p.block = pod<int>();
    return p;
  }
  std::vector<ExprId> ids() {
    return list<ExprId>([&] { return pod<ExprId>(); });
  }
  std::vector<std::string> strs() {
    return list<std::string>([&] { return str(); });
  }

 private:
  void need(std::size_t bytes) const {
    if (in_.size() < bytes) throw Error("the call facts of a parse helper are cut short");
  }
  std::string_view& in_;
};

void encode_binding(Writer& w, const Binding& b) {
  w.pod(b.kind);
  w.place(b.at);
  w.pod(b.weak);
  w.pod(b.anywhere);
  w.str(b.module);
  w.str(b.name);
  w.pod(b.scope);
  w.pod(b.value);
  w.pod(b.index);
  w.pod(b.mode);
}

Binding decode_binding(Reader& r) {
  Binding b;
  b.kind = r.pod<BindingKind>();
  b.at = r.place();
  b.weak = r.pod<bool>();
  b.anywhere = r.pod<bool>();
  b.module = r.str();
  b.name = r.str();
  b.scope = r.pod<int>();
  b.value = r.pod<ExprId>();
  b.index = r.pod<int>();
  b.mode = r.pod<ParamMode>();
  return b;
}

void encode_scope(Writer& w, const Scope& s) {
  w.pod(s.kind);
  w.str(s.name);
  w.str(s.qualname);
  w.pod(s.node);
  w.pod(s.parent);
  w.pod(s.line);
  w.pod(s.end_line);
  w.pod(s.is_staticmethod);
  w.pod(s.is_classmethod);
  w.pod(s.is_property);
  w.ids(s.bases);
  w.ids(s.metaclass);
  w.pod(static_cast<std::uint32_t>(s.bindings.size()));
  for (const auto& [name, list] : s.bindings) {
    w.str(name);
    w.list(list, [&](const Binding& b) { encode_binding(w, b); });
  }
  w.strs(s.globals);
  w.ids(s.returns);
  w.ids(s.yields);
  w.pod(static_cast<std::uint32_t>(s.self_attributes.size()));
  for (const auto& [name, list] : s.self_attributes) {
    w.str(name);
    w.list(list, [&](const std::pair<int, ExprId>& p) {
      w.pod(p.first);
      w.pod(p.second);
    });
  }
}

Scope decode_scope(Reader& r) {
  Scope s;
  s.kind = r.pod<ScopeKind>();
  s.name = r.str();
  s.qualname = r.str();
  s.node = r.pod<NodeId>();
  s.parent = r.pod<int>();
  s.line = r.pod<int>();
  s.end_line = r.pod<int>();
  s.is_staticmethod = r.pod<bool>();
  s.is_classmethod = r.pod<bool>();
  s.is_property = r.pod<bool>();
  s.bases = r.ids();
  s.metaclass = r.ids();
  for (auto n = r.pod<std::uint32_t>(); n > 0; --n) {
    std::string name = r.str();
    s.bindings[std::move(name)] = r.list<Binding>([&] { return decode_binding(r); });
  }
  s.globals = r.strs();
  s.returns = r.ids();
  s.yields = r.ids();
  for (auto n = r.pod<std::uint32_t>(); n > 0; --n) {
    std::string name = r.str();
    s.self_attributes[std::move(name)] = r.list<std::pair<int, ExprId>>([&] {
      int scope = r.pod<int>();
      return std::make_pair(scope, r.pod<ExprId>());
    });
  }
  return s;
}

}  // namespace

void encode_u32(std::uint32_t value, std::string& out) { Writer(out).pod(value); }

std::uint32_t decode_u32(std::string_view& in) { return Reader(in).pod<std::uint32_t>(); }

void encode_call_facts(const CallFacts& f, std::string& out) {
  Writer w(out);
  w.str(f.module_name);
  w.str(f.path);
  w.pod(f.is_package);
  w.list(f.scopes, [&](const Scope& s) { encode_scope(w, s); });
  w.list(f.exprs, [&](const Expr& x) {
    w.pod(x.kind);
    w.place(x.at);
    w.pod(x.base);
    w.pod(x.scope);
    w.pod(x.in_scope);
    w.str(x.name);
    w.ids(x.items);
    w.strs(x.keys);
  });
  w.list(f.calls, [&](const CallSite& c) {
    w.pod(c.kind);
    w.pod(c.scope);
    w.pod(c.line);
    w.pod(c.col);
    w.pod(c.callee);
    w.str(c.text);
    w.list(c.args, [&](const Argument& a) {
      w.pod(a.position);
      w.str(a.keyword);
      w.pod(a.value);
      w.pod(a.unpacked);
    });
    w.str(c.dunder);
  });
  w.list(f.item_writes, [&](const ItemWrite& i) {
    w.pod(i.scope);
    w.place(i.at);
    w.pod(i.target);
    w.str(i.key);
    w.pod(i.value);
    w.pod(i.merge);
  });
  w.list(f.blocks, [&](const Block& b) {
    w.pod(b.parent);
    w.pod(b.loop);
  });
  w.strs(f.star_imports);
  w.pod(f.all_names.has_value());
  if (f.all_names) w.strs(*f.all_names);
}

CallFacts decode_call_facts(std::string_view& in) {
  Reader r(in);
  CallFacts f;
  f.module_name = r.str();
  f.path = r.str();
  f.is_package = r.pod<bool>();
  f.scopes = r.list<Scope>([&] { return decode_scope(r); });
  f.exprs = r.list<Expr>([&] {
    Expr x;
    x.kind = r.pod<ExprKind>();
    x.at = r.place();
    x.base = r.pod<ExprId>();
    x.scope = r.pod<int>();
    x.in_scope = r.pod<int>();
    x.name = r.str();
    x.items = r.ids();
    x.keys = r.strs();
    return x;
  });
  f.calls = r.list<CallSite>([&] {
    CallSite c;
    c.kind = r.pod<CallKind>();
    c.scope = r.pod<int>();
    c.line = r.pod<int>();
    c.col = r.pod<int>();
    c.callee = r.pod<ExprId>();
    c.text = r.str();
    c.args = r.list<Argument>([&] {
      Argument a;
      a.position = r.pod<int>();
      a.keyword = r.str();
      a.value = r.pod<ExprId>();
      a.unpacked = r.pod<bool>();
      return a;
    });
    c.dunder = r.str();
    return c;
  });
  f.item_writes = r.list<ItemWrite>([&] {
    ItemWrite i;
    i.scope = r.pod<int>();
    i.at = r.place();
    i.target = r.pod<ExprId>();
    i.key = r.str();
    i.value = r.pod<ExprId>();
    i.merge = r.pod<bool>();
    return i;
  });
  f.blocks = r.list<Block>([&] {
    Block b;
    b.parent = r.pod<int>();
    b.loop = r.pod<bool>();
    return b;
  });
  f.star_imports = r.strs();
  if (r.pod<bool>()) f.all_names = r.strs();
  return f;
}

void encode_file_issues(const std::vector<FileIssue>& issues, std::string& out) {
  Writer w(out);
  w.list(issues, [&](const FileIssue& i) {
    w.str(i.path);
    w.pod(i.line);
    w.str(i.reason);
  });
}

std::vector<FileIssue> decode_file_issues(std::string_view& in) {
  Reader r(in);
  return r.list<FileIssue>([&] {
    FileIssue i;
    i.path = r.str();
    i.line = r.pod<int>();
    i.reason = r.str();
    return i;
  });
}

}  // namespace codetrace
