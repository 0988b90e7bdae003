#include "static/python/ast_converter.hpp"

#include <deque>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/stack_budget.hpp"
#include "static/python/interpreter.hpp"
#include "static/python/py_ref.hpp"

namespace codetrace {
namespace {

// What a key of a node's instance dict means to us.
enum class KeyRole : std::uint8_t { Child, Name, AsName, Number, Line, Col, EndLine, EndCol, Ignore };

struct KeyInfo {
  PyObject* key;  // interned str, borrowed from `Tables::interned`
  KeyRole role;
  Field field;
};

constexpr int kMaxDepth = 20000;

// Pauses CPython's cyclic GC for a scope, restoring its previous state (the one place that knows
// the API: PyGC_Disable/Enable exist from 3.10; 3.9 goes through the gc module).
class GcPause {
 public:
  GcPause() {
#if PY_VERSION_HEX >= 0x030A0000
    was_enabled_ = PyGC_Disable() != 0;
#else
    gc_ = PyRef(PyImport_ImportModule("gc"));
    PyRef enabled(gc_ ? PyObject_CallMethod(gc_.get(), "isenabled", nullptr) : nullptr);
    was_enabled_ = enabled && PyObject_IsTrue(enabled.get()) == 1;
    if (was_enabled_) PyRef(PyObject_CallMethod(gc_.get(), "disable", nullptr));
    PyErr_Clear();
#endif
  }
  ~GcPause() {
    if (!was_enabled_) return;
#if PY_VERSION_HEX >= 0x030A0000
    PyGC_Enable();
#else
    PyRef(PyObject_CallMethod(gc_.get(), "enable", nullptr));
    PyErr_Clear();
#endif
  }
  GcPause(const GcPause&) = delete;
  GcPause& operator=(const GcPause&) = delete;

 private:
  bool was_enabled_ = false;
#if PY_VERSION_HEX < 0x030A0000
  PyRef gc_;
#endif
};  // deeper trees are reported, not converted (C stack safety)

}  // namespace

struct AstConverter::Tables {
  std::vector<PyRef> interned;                         // keeps every interned key alive
  struct TypeInfo {
    NodeKind kind = NodeKind::Unknown;
    std::vector<const KeyInfo*> order;  // the keys as this class's instances list them
  };
  std::unordered_map<PyTypeObject*, TypeInfo> types;   // ast class -> kind and key order
  std::vector<KeyInfo> keys;                           // every key we know, any class
  std::deque<KeyInfo> ignored_keys;                    // keys seen but not used (type_comment, kind, ...)
  PyTypeObject* ast_base = nullptr;                    // ast.AST
  PyRef ast_module;

  PyObject* intern(const char* name) {
    interned.emplace_back(PyUnicode_InternFromString(name));
    return interned.back().get();
  }
};

namespace {

class Walker {
 public:
  Walker(AstConverter::Tables& tables, SyntaxTree& tree) : t_(tables), tree_(tree) {}

  bool failed = false;
  std::string failure;

  NodeId convert(PyObject* obj, int depth) {
    if (depth > kMaxDepth) return fail("the syntax tree is nested too deeply");
    if (stack_.exhausted()) return fail("the syntax tree is nested deeper than the stack allows");
    AstConverter::Tables::TypeInfo& type = t_.types[Py_TYPE(obj)];
    const NodeKind kind = type.kind;
    const bool constant = kind == NodeKind::Constant || kind == NodeKind::MatchSingleton;
    NodeId id = static_cast<NodeId>(tree_.nodes.size());
    tree_.nodes.emplace_back();
    tree_.nodes[id].kind = kind;

    PyRef dict(PyObject_GenericGetDict(obj, nullptr));
    if (!dict) return fail(take_python_error());

    // Pass 1: scalars, and how many child slots this node needs.
    std::uint32_t count = 0;
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    for (size_t index = 0; PyDict_Next(dict.get(), &pos, &key, &value); ++index) {
      const KeyInfo* info = lookup(type, index, key);
      if (!info || info->role == KeyRole::Ignore) continue;
      switch (info->role) {
        case KeyRole::Child:
          if (constant && info->field == Field::value) set_constant(id, value);
          else if (PyList_CheckExact(value)) count += static_cast<std::uint32_t>(PyList_GET_SIZE(value));
          else if (value != Py_None) ++count;
          break;
        default: set_scalar(id, info->role, value); break;
      }
    }
    std::uint32_t first = static_cast<std::uint32_t>(tree_.children.size());
    tree_.nodes[id].first_child = first;
    tree_.nodes[id].child_count = count;
    tree_.children.resize(first + count, ChildRef{Field::other, kNoNode});

    // Pass 2: children, in the dict's order (which is the class's _fields order).
    std::uint32_t slot = first;
    pos = 0;
    for (size_t index = 0; PyDict_Next(dict.get(), &pos, &key, &value); ++index) {
      const KeyInfo* info = lookup(type, index, key);
      if (!info || info->role != KeyRole::Child || (constant && info->field == Field::value)) continue;
      if (PyList_CheckExact(value)) {
        Py_ssize_t n = PyList_GET_SIZE(value);
        for (Py_ssize_t i = 0; i < n; ++i) {
          PyObject* item = PyList_GET_ITEM(value, i);
          NodeId child = child_of(item, depth);
          if (failed) return kNoNode;
          tree_.children[slot++] = ChildRef{info->field, child};
        }
      } else if (value != Py_None) {
        NodeId child = child_of(value, depth);
        if (failed) return kNoNode;
        tree_.children[slot++] = ChildRef{info->field, child};
      }
    }
    return id;
  }

 private:
  AstConverter::Tables& t_;
  SyntaxTree& tree_;
  StackBudget stack_;  // measured when the walk began: valid code can nest deeper than a small stack follows

  NodeId fail(std::string message) {
    if (!failed) failure = std::move(message);
    failed = true;
    return kNoNode;
  }

  // The index-th key of an instance of `type`: instances of one class list their keys in the same
  // order, so after the first instance this is one pointer comparison.
  const KeyInfo* lookup(AstConverter::Tables::TypeInfo& type, size_t index, PyObject* key) {
    if (index < type.order.size() && type.order[index] && type.order[index]->key == key) return type.order[index];
    const KeyInfo* found = find_key(key);
    if (index == type.order.size()) type.order.push_back(found);
    return found;
  }

  const KeyInfo* find_key(PyObject* key) {
    for (const KeyInfo& k : t_.keys)
      if (k.key == key) return &k;
    // A key that was not interned the same way (should not happen): compare by value.
    for (const KeyInfo& k : t_.keys)
      if (PyUnicode_Compare(k.key, key) == 0) return &k;
    PyErr_Clear();
    for (const KeyInfo& k : t_.ignored_keys)
      if (k.key == key) return &k;
    t_.interned.push_back(PyRef::borrow(key));
    t_.ignored_keys.push_back({key, KeyRole::Ignore, Field::other});
    return &t_.ignored_keys.back();
  }

  NodeId child_of(PyObject* item, int depth) {
    if (item == Py_None) return kNoNode;
    if (PyUnicode_CheckExact(item)) {  // identifier lists: Global.names, MatchClass.kwd_attrs
      NodeId id = static_cast<NodeId>(tree_.nodes.size());
      tree_.nodes.emplace_back();
      tree_.nodes[id].kind = NodeKind::Identifier;
      tree_.nodes[id].name = text_of(item);
      tree_.nodes[id].first_child = static_cast<std::uint32_t>(tree_.children.size());
      return id;
    }
    if (!PyObject_TypeCheck(item, t_.ast_base)) return kNoNode;
    return convert(item, depth + 1);
  }

  std::string_view text_of(PyObject* str) {
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(str, &size);
    if (utf8) return tree_.strings.store(std::string_view(utf8, static_cast<size_t>(size)));
    PyErr_Clear();  // lone surrogates: keep them visible, never emit invalid UTF-8
    PyRef escaped(PyUnicode_AsEncodedString(str, "utf-8", "backslashreplace"));
    if (!escaped) {
      PyErr_Clear();
      return {};
    }
    return tree_.strings.store(std::string_view(PyBytes_AS_STRING(escaped.get()),
                                                static_cast<size_t>(PyBytes_GET_SIZE(escaped.get()))));
  }

  void set_scalar(NodeId id, KeyRole role, PyObject* value) {
    Node& n = tree_.nodes[id];
    if (role == KeyRole::Name || role == KeyRole::AsName) {
      if (!PyUnicode_Check(value)) return;
      std::string_view text = text_of(value);
      (role == KeyRole::Name ? n.name : n.asname) = text;
      return;
    }
    if (!PyLong_CheckExact(value) && !PyBool_Check(value)) return;
    long v = PyLong_AsLong(value);
    if (v == -1 && PyErr_Occurred()) {
      PyErr_Clear();
      return;
    }
    std::uint32_t u = v < 0 ? 0 : static_cast<std::uint32_t>(v);
    switch (role) {
      case KeyRole::Number: n.number = static_cast<std::int32_t>(v); break;
      case KeyRole::Line: n.line = u; break;
      case KeyRole::Col: n.col = u; break;
      case KeyRole::EndLine: n.end_line = u; break;
      case KeyRole::EndCol: n.end_col = u; break;
      default: break;
    }
  }

  void set_constant(NodeId id, PyObject* value) {
    Node& n = tree_.nodes[id];
    if (value == Py_None) n.const_kind = ConstKind::None;
    else if (value == Py_Ellipsis) n.const_kind = ConstKind::Ellipsis;
    else if (PyBool_Check(value)) n.const_kind = ConstKind::Bool;
    else if (PyUnicode_Check(value)) {
      n.const_kind = ConstKind::Str;
      std::string_view text = text_of(value);
      tree_.nodes[id].name = text;
    } else if (PyBytes_Check(value)) n.const_kind = ConstKind::Bytes;
    else if (PyLong_Check(value)) n.const_kind = ConstKind::Int;
    else if (PyFloat_Check(value)) n.const_kind = ConstKind::Float;
    else if (PyComplex_Check(value)) n.const_kind = ConstKind::Complex;
    else n.const_kind = ConstKind::Other;
  }
};

}  // namespace

AstConverter::AstConverter() : tables_(std::make_unique<Tables>()) {
  Tables& t = *tables_;
  t.ast_module = PyRef(PyImport_ImportModule("_ast"));
  if (!t.ast_module) throw Error("cannot import _ast: " + take_python_error());
  PyRef base(PyObject_GetAttrString(t.ast_module.get(), "AST"));
  if (!base || !PyType_Check(base.get())) throw Error("_ast.AST is missing");
  t.ast_base = reinterpret_cast<PyTypeObject*>(base.get());
  t.interned.push_back(std::move(base));

  for (int k = 0; k < static_cast<int>(NodeKind::Identifier); ++k) {
    NodeKind kind = static_cast<NodeKind>(k);
    PyObject* cls = PyObject_GetAttrString(t.ast_module.get(), node_kind_name(kind));
    if (!cls) {  // this Python has no such class (e.g. TryStar before 3.11)
      PyErr_Clear();
      continue;
    }
    t.interned.emplace_back(cls);
    if (PyType_Check(cls)) t.types[reinterpret_cast<PyTypeObject*>(cls)].kind = kind;
  }

  // The positions first: every located node has them, so they are found fastest.
  const std::pair<const char*, KeyRole> scalars[] = {
      {"lineno", KeyRole::Line},     {"col_offset", KeyRole::Col},  {"end_lineno", KeyRole::EndLine},
      {"end_col_offset", KeyRole::EndCol}, {"id", KeyRole::Name},   {"attr", KeyRole::Name},
      {"name", KeyRole::Name},       {"arg", KeyRole::Name},        {"module", KeyRole::Name},
      {"rest", KeyRole::Name},       {"asname", KeyRole::AsName},   {"level", KeyRole::Number},
      {"is_async", KeyRole::Number}, {"conversion", KeyRole::Number}, {"simple", KeyRole::Number}};
  for (const auto& [name, role] : scalars) t.keys.push_back({t.intern(name), role, Field::other});
  // `value` of a Constant or MatchSingleton is the constant itself, not a child (see Walker::convert).
  for (int f = 0; f < static_cast<int>(Field::other); ++f) {
    Field field = static_cast<Field>(f);
    t.keys.push_back({t.intern(field_name(field)), KeyRole::Child, field});
  }
}

AstConverter::~AstConverter() = default;

ParseOutcome AstConverter::parse(std::string_view utf8_source, const std::string& filename) {
  ParseOutcome outcome;
  PyCompilerFlags flags = _PyCompilerFlags_INIT;
  flags.cf_flags = PyCF_ONLY_AST | PyCF_IGNORE_COOKIE;
  std::string source(utf8_source);  // the C API wants a NUL-terminated buffer
  if (source.find('\0') != std::string::npos) {
    outcome.error = {0, 0, "source code contains a NUL byte"};
    return outcome;
  }
  // The AST is a tree of fresh objects freed by reference counting; cyclic garbage collection
  // would only re-scan them while they are built (about 8% of parse time), so it pauses here.
  GcPause no_gc;
  PyRef name(PyUnicode_DecodeFSDefault(filename.c_str()));
  PyRef module(name ? Py_CompileStringObject(source.c_str(), name.get(), Py_file_input, &flags, -1) : nullptr);
  if (!module) {
    if (PyErr_ExceptionMatches(PyExc_SyntaxError)) {
      PyObject *type, *value, *tb;
      PyErr_Fetch(&type, &value, &tb);
      PyErr_NormalizeException(&type, &value, &tb);
      PyRef t(type), v(value), trace(tb);
      auto int_attr = [&](const char* attr) {
        PyRef x(PyObject_GetAttrString(v.get(), attr));
        long n = x && PyLong_Check(x.get()) ? PyLong_AsLong(x.get()) : 0;
        PyErr_Clear();
        return static_cast<int>(n);
      };
      outcome.error.line = int_attr("lineno");
      outcome.error.column = int_attr("offset");
      PyRef msg(PyObject_GetAttrString(v.get(), "msg"));
      const char* text = msg && PyUnicode_Check(msg.get()) ? PyUnicode_AsUTF8(msg.get()) : nullptr;
      PyErr_Clear();
      outcome.error.message = std::string(reinterpret_cast<PyTypeObject*>(t.get())->tp_name) + ": " +
                              (text ? text : "invalid syntax");
    } else {
      outcome.error.message = take_python_error();  // MemoryError, RecursionError, ...
    }
    return outcome;
  }
  auto tree = std::make_unique<SyntaxTree>();
  tree->nodes.reserve(source.size() / 6);
  tree->children.reserve(source.size() / 6);
  Walker walker(*tables_, *tree);
  walker.convert(module.get(), 0);
  if (walker.failed) {
    outcome.error.message = walker.failure;
    return outcome;
  }
  outcome.tree = std::move(tree);
  return outcome;
}

}  // namespace codetrace
