#include "static/module_model.hpp"

#include "core/module_naming.hpp"
#include "static/docstring/markdown.hpp"

#include <algorithm>
#include <map>

#include "core/text.hpp"
#include "static/docstring/docstring_parser.hpp"
#include "static/source_lines.hpp"

namespace codetrace {

const char* symbol_kind_name(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::Module: return "module";
    case SymbolKind::Class: return "class";
    case SymbolKind::Function: return "function";
    case SymbolKind::Method: return "method";
  }
  return "function";
}

const char* param_kind_name(ParamKind kind) {
  switch (kind) {
    case ParamKind::PositionalOnly: return "positional_only";
    case ParamKind::PositionalOrKeyword: return "positional_or_keyword";
    case ParamKind::VarPositional: return "var_positional";
    case ParamKind::KeywordOnly: return "keyword_only";
    case ParamKind::VarKeyword: return "var_keyword";
  }
  return "positional_or_keyword";
}

std::string module_name_for(const std::string& relative_path, const std::vector<std::string>& package_dirs_sorted,
                            const std::string& root_package_prefix) {
  return dotted_module_name(
      relative_path, [&](const std::string& dir) { return std::binary_search(package_dirs_sorted.begin(), package_dirs_sorted.end(), dir); },
      root_package_prefix);
}

namespace {

bool is_def(NodeKind k) { return k == NodeKind::FunctionDef || k == NodeKind::AsyncFunctionDef; }
bool is_scope(NodeKind k) { return is_def(k) || k == NodeKind::ClassDef || k == NodeKind::Lambda; }

struct StatementInfo {
  int line = 0, end_line = 0;
  int owner = 0;  // symbol whose body holds it
  bool definition = false;
};

class ModelBuilder {
 public:
  ModelBuilder(const SyntaxTree& tree, const std::string& source, const std::vector<Comment>& comments)
      : t_(tree), lines_(source), comments_(comments) {}

  ModuleModel build(const std::string& path, const std::string& module_name) {
    m_.path = path;
    m_.module_name = module_name;
    m_.line_count = lines_.count();
    Symbol module;
    module.kind = SymbolKind::Module;
    module.name = module_name.substr(module_name.rfind('.') + 1);
    module.qualname = module_name;
    module.start_line = module.def_line = 1;
    module.end_line = std::max(1, m_.line_count);
    m_.symbols.push_back(std::move(module));
    read_docstring(t_.root(), 0);
    visit_body(t_.root(), 0);
    attach_comments();
    std::sort(m_.globals.begin(), m_.globals.end());
    m_.globals.erase(std::unique(m_.globals.begin(), m_.globals.end()), m_.globals.end());
    return std::move(m_);
  }

 private:
  const SyntaxTree& t_;
  SourceLines lines_;
  const std::vector<Comment>& comments_;
  ModuleModel m_;
  std::vector<StatementInfo> statements_;

  std::string segment(NodeId id) const { return id == kNoNode ? "" : lines_.segment(t_.node(id)); }
  std::string_view line_text(int line) const { return lines_.line(line); }

  void visit_body(NodeId owner_node, int owner) {
    for (const ChildRef* c = t_.begin_children(owner_node); c != t_.end_children(owner_node); ++c)
      if (c->field == Field::body || c->field == Field::orelse || c->field == Field::finalbody ||
          c->field == Field::handlers || c->field == Field::cases)
        visit_statement(c->node, owner);
  }

  void visit_statement(NodeId id, int owner) {
    if (id == kNoNode) return;
    const Node& n = t_.node(id);
    if (n.kind == NodeKind::ExceptHandler || n.kind == NodeKind::match_case) {
      visit_body(id, owner);  // not statements themselves; their bodies are
      return;
    }
    StatementInfo info{static_cast<int>(n.line), static_cast<int>(n.end_line), owner,
                       is_def(n.kind) || n.kind == NodeKind::ClassDef};
    statements_.push_back(info);
    if (owner == 0) add_globals(id);
    if (is_def(n.kind) || n.kind == NodeKind::ClassDef) {
      add_definition(id, owner);
      return;
    }
    visit_body(id, owner);  // compound statements: if/for/while/with/try/match
  }

  // The names a module-level statement binds (its nested blocks are visited on their own).
  void add_globals(NodeId id) {
    const Node& n = t_.node(id);
    switch (n.kind) {
      case NodeKind::FunctionDef: case NodeKind::AsyncFunctionDef: case NodeKind::ClassDef:
        m_.globals.emplace_back(n.name);
        break;
      case NodeKind::Import:
        for (NodeId a : t_.kids(id, Field::names)) {
          const Node& alias = t_.node(a);
          std::string bound(!alias.asname.empty() ? alias.asname : alias.name.substr(0, alias.name.find('.')));
          m_.globals.push_back(bound);
          m_.imported.emplace(bound, "import " + std::string(alias.name) + (alias.asname.empty() ? "" : " as " + std::string(alias.asname)));
        }
        break;
      case NodeKind::ImportFrom: {
        std::string from = absolute_module(std::string(n.name), n.number);
        for (NodeId a : t_.kids(id, Field::names)) {
          const Node& alias = t_.node(a);
          if (alias.name == "*") {
            m_.star_import = true;
            continue;
          }
          std::string bound(!alias.asname.empty() ? alias.asname : alias.name);
          m_.globals.push_back(bound);
          if (!from.empty())
            m_.imported.emplace(bound, "from " + from + " import " + std::string(alias.name) +
                                           (alias.asname.empty() ? "" : " as " + std::string(alias.asname)));
        }
        break;
      }
      case NodeKind::Assign: case NodeKind::AugAssign: case NodeKind::AnnAssign:
        for (NodeId target : t_.kids(id, n.kind == NodeKind::Assign ? Field::targets : Field::target)) add_target_names(target);
        break;
      case NodeKind::For: case NodeKind::AsyncFor:
        add_target_names(t_.kid(id, Field::target));
        break;
      case NodeKind::With: case NodeKind::AsyncWith:
        for (NodeId item : t_.kids(id, Field::items)) add_target_names(t_.kid(item, Field::optional_vars));
        break;
      default:
        break;
    }
  }

  // `from .sibling import x` in package a.b names a.b.sibling; "" when the dots climb above the root.
  std::string absolute_module(const std::string& module, int level) const {
    if (level <= 0) return module;
    std::string package = m_.module_name;
    bool is_package = m_.path == "__init__.py" || ends_with(m_.path, "/__init__.py");
    for (int up = is_package ? 1 : 0; up < level; ++up) {
      size_t dot = package.rfind('.');
      if (dot == std::string::npos) return "";
      package.resize(dot);
    }
    return module.empty() ? package : package + "." + module;
  }

  void add_target_names(NodeId id) {
    if (id == kNoNode) return;
    const Node& n = t_.node(id);
    if (n.kind == NodeKind::Name) m_.globals.emplace_back(n.name);
    if (n.kind == NodeKind::Tuple || n.kind == NodeKind::List)
      for (NodeId e : t_.kids(id, Field::elts)) add_target_names(e);
    if (n.kind == NodeKind::Starred) add_target_names(t_.kid(id, Field::value));
  }

  void add_definition(NodeId id, int parent) {
    const Node& n = t_.node(id);
    Symbol s;
    s.name = std::string(n.name);
    s.parent = parent;
    const Symbol& p = m_.symbols[parent];
    s.qualname = p.qualname + "." + s.name;
    if (n.kind == NodeKind::ClassDef) s.kind = SymbolKind::Class;
    else s.kind = p.kind == SymbolKind::Class ? SymbolKind::Method : SymbolKind::Function;
    s.def_line = static_cast<int>(n.line);
    s.start_line = s.def_line;
    s.end_line = static_cast<int>(n.end_line);
    for (NodeId d : t_.kids(id, Field::decorator_list)) {
      s.decorators.push_back(segment(d));
      s.start_line = std::min(s.start_line, static_cast<int>(t_.node(d).line));
    }
    // The def line is the line of the `def`/`class` keyword: after the decorators.
    if (!s.decorators.empty()) s.def_line = find_keyword_line(s, n.kind == NodeKind::ClassDef ? "class" : "def");
    if (n.kind == NodeKind::ClassDef) read_class(id, s);
    else read_function(id, s);
    int index = static_cast<int>(m_.symbols.size());
    m_.symbols.push_back(std::move(s));
    read_docstring(id, index);
    visit_body(id, index);
  }

  int find_keyword_line(const Symbol& s, std::string_view keyword) const {
    for (int line = s.start_line; line <= s.end_line; ++line) {
      std::string_view text = trim(line_text(line));
      if (starts_with(text, "async ")) text = trim(text.substr(6));
      if (starts_with(text, keyword) && text.size() > keyword.size() &&
          (text[keyword.size()] == ' ' || text[keyword.size()] == '\t'))
        return line;
    }
    return s.start_line;
  }

  void read_function(NodeId id, Symbol& s) {
    const Node& n = t_.node(id);
    s.signature.is_async = n.kind == NodeKind::AsyncFunctionDef;
    s.signature.returns = segment(t_.kid(id, Field::returns));
    NodeId args = t_.kid(id, Field::args);
    if (args != kNoNode) read_arguments(args, s.signature.params);
    scan_body(id, s);
  }

  void read_arguments(NodeId args, std::vector<Parameter>& params) {
    auto add = [&](NodeId a, ParamKind kind) {
      if (a == kNoNode) return;
      Parameter p;
      p.name = std::string(t_.node(a).name);
      p.kind = kind;
      p.annotation = segment(t_.kid(a, Field::annotation));
      params.push_back(std::move(p));
    };
    std::vector<NodeId> positional = t_.kids(args, Field::posonlyargs);
    size_t posonly = positional.size();
    for (NodeId a : t_.kids(args, Field::args)) positional.push_back(a);
    for (size_t i = 0; i < positional.size(); ++i)
      add(positional[i], i < posonly ? ParamKind::PositionalOnly : ParamKind::PositionalOrKeyword);
    std::vector<NodeId> defaults = t_.kids(args, Field::defaults);
    size_t first_default = params.size() - std::min(params.size(), defaults.size());
    for (size_t i = 0; i < defaults.size() && first_default + i < params.size(); ++i) {
      params[first_default + i].default_value = segment(defaults[i]);
      params[first_default + i].has_default = true;
    }
    add(t_.kid(args, Field::vararg), ParamKind::VarPositional);
    std::vector<NodeId> kwonly = t_.kids(args, Field::kwonlyargs);
    std::vector<NodeId> kw_defaults = t_.kids(args, Field::kw_defaults);
    for (size_t i = 0; i < kwonly.size(); ++i) {
      add(kwonly[i], ParamKind::KeywordOnly);
      if (i < kw_defaults.size() && kw_defaults[i] != kNoNode) {
        params.back().default_value = segment(kw_defaults[i]);
        params.back().has_default = true;
      }
    }
    add(t_.kid(args, Field::kwarg), ParamKind::VarKeyword);
  }

  // Raise and return sites, generator-ness and stub-ness of a function's own body.
  void scan_body(NodeId def, Symbol& s) {
    std::vector<NodeId> body = t_.kids(def, Field::body);
    size_t start = has_docstring(def) ? 1 : 0;
    bool stub = body.size() > start;
    for (size_t i = start; i < body.size(); ++i) {
      const Node& b = t_.node(body[i]);
      bool trivial = b.kind == NodeKind::Pass ||
                     (b.kind == NodeKind::Expr && t_.node(t_.kid(body[i], Field::value)).kind == NodeKind::Constant) ||
                     (b.kind == NodeKind::Raise && segment(body[i]).find("NotImplementedError") != std::string::npos);
      stub = stub && trivial;
    }
    s.is_abstract_stub = stub;
    std::vector<NodeId> stack(body.rbegin(), body.rend());
    while (!stack.empty()) {
      NodeId id = stack.back();
      stack.pop_back();
      if (id == kNoNode) continue;
      const Node& n = t_.node(id);
      if (is_scope(n.kind)) continue;  // nested definitions have their own sites
      if (n.kind == NodeKind::Raise) {
        NodeId exc = t_.kid(id, Field::exc);
        RaiseSite r;
        r.line = static_cast<int>(n.line);
        if (exc != kNoNode) {
          r.text = segment(exc);
          NodeId target = t_.node(exc).kind == NodeKind::Call ? t_.kid(exc, Field::func) : exc;
          // `raise Error(x).with_traceback(tb)`: the exception is the class called inside.
          while (target != kNoNode && t_.node(target).kind == NodeKind::Attribute && t_.kid(target, Field::value) != kNoNode &&
                 t_.node(t_.kid(target, Field::value)).kind == NodeKind::Call)
            target = t_.kid(t_.kid(target, Field::value), Field::func);
          r.exception = segment(target);
        }
        s.raises.push_back(std::move(r));
      } else if (n.kind == NodeKind::Return) {
        NodeId value = t_.kid(id, Field::value);
        if (value != kNoNode) s.returns.push_back({segment(value), static_cast<int>(n.line)});
      } else if (n.kind == NodeKind::Yield || n.kind == NodeKind::YieldFrom) {
        s.is_generator = true;
      }
      for (const ChildRef* c = t_.end_children(id); c != t_.begin_children(id);) {
        --c;
        stack.push_back(c->node);
      }
    }
  }

  void read_class(NodeId id, Symbol& s) {
    for (NodeId b : t_.kids(id, Field::bases)) s.bases.push_back(segment(b));
    for (NodeId k : t_.kids(id, Field::keywords)) s.bases.push_back(segment(k));
    for (const std::string& d : s.decorators) {
      std::string_view name = std::string_view(d).substr(0, d.find('('));
      // dataclass, dataclasses.dataclass, and the module under another name (_dataclasses.dataclass,
      // pydantic.dataclasses.dataclass)
      if (name == "dataclass" || ends_with(name, ".dataclass")) s.is_dataclass = true;
    }
    for (NodeId stmt : t_.kids(id, Field::body)) {
      const Node& n = t_.node(stmt);
      if (n.kind != NodeKind::AnnAssign) continue;
      NodeId target = t_.kid(stmt, Field::target);
      if (target == kNoNode || t_.node(target).kind != NodeKind::Name) continue;
      ClassField f;
      f.name = std::string(t_.node(target).name);
      f.annotation = segment(t_.kid(stmt, Field::annotation));
      if (starts_with(f.annotation, "ClassVar") || starts_with(f.annotation, "typing.ClassVar")) continue;
      NodeId value = t_.kid(stmt, Field::value);
      f.has_default = value != kNoNode;
      f.default_value = segment(value);
      f.line = static_cast<int>(n.line);
      s.fields.push_back(std::move(f));
    }
  }

  bool has_docstring(NodeId owner) const {
    NodeId first = kNoNode;
    for (const ChildRef* c = t_.begin_children(owner); c != t_.end_children(owner); ++c)
      if (c->field == Field::body) {
        first = c->node;
        break;
      }
    if (first == kNoNode || t_.node(first).kind != NodeKind::Expr) return false;
    NodeId value = t_.kid(first, Field::value);
    return value != kNoNode && t_.node(value).kind == NodeKind::Constant && t_.node(value).const_kind == ConstKind::Str;
  }

  void read_docstring(NodeId owner, int index) {
    if (!has_docstring(owner)) return;
    NodeId first = t_.kid(owner, Field::body);
    NodeId value = t_.kid(first, Field::value);
    Symbol& s = m_.symbols[index];
    s.docstring_raw = std::string(t_.node(value).name);
    s.docstring = clean_docstring(*s.docstring_raw);
    s.docstring_line = static_cast<int>(t_.node(first).line);
    s.docstring_end_line = static_cast<int>(t_.node(first).end_line);
    s.doc = parse_docstring(s.docstring);
  }

  // Attaches own-line comment blocks and trailing comments to definitions and statements.
  void attach_comments() {
    std::map<int, const Comment*> own_line, trailing;
    for (const Comment& c : comments_) (c.own_line ? own_line : trailing)[c.line] = &c;
    // Statements by first line (the first one wins when several share a line).
    std::map<int, const StatementInfo*> by_line;
    for (const StatementInfo& st : statements_) by_line.emplace(st.line, &st);
    // Definitions start at their first decorator.
    std::map<int, int> def_by_start;
    for (size_t i = 1; i < m_.symbols.size(); ++i) def_by_start[m_.symbols[i].start_line] = static_cast<int>(i);

    auto block_above = [&](int line, int& first_line) {
      std::vector<std::string> block;
      int l = line - 1;
      while (own_line.count(l)) --l;
      first_line = l + 1;
      for (int k = l + 1; k < line; ++k) block.push_back(own_line[k]->text);
      return block;
    };
    // A comment's text as one Markdown line: Sphinx's `#:` doc-comment marker dropped, roles and
    // literals as code spans, directives (`.. versionadded:: 8.0`) handled as in docstrings.
    auto comment_text = [](std::vector<std::string> block) {
      bool doc_comment = !block.empty() && starts_with(block.front(), ":");
      std::vector<std::string_view> lines;
      for (std::string& text : block) {
        if (doc_comment && starts_with(text, ":")) text.erase(0, 1);
        while (starts_with(text, "#")) text.erase(0, 1);  // "## Draw edge labels": a section marker, not text
        lines.emplace_back(text);
      }
      std::vector<std::string_view> dedented;
      size_t common = std::string::npos;
      for (std::string_view l : lines)
        if (!trim(l).empty()) common = std::min(common, indent_of(l));
      for (std::string_view l : lines) dedented.push_back(trim(l).empty() ? std::string_view() : l.substr(std::min(common, l.size())));
      return collapse_whitespace(join(markdown_blocks(dedented), " "));
    };
    for (auto& [start, index] : def_by_start) {
      int first_line = 0;
      std::vector<std::string> block = block_above(start, first_line);
      if (block.empty()) continue;
      m_.symbols[index].leading_comments = block;
      m_.symbols[index].leading_comment_line = first_line;
    }
    for (auto& [line, st] : by_line) {
      if (st->definition) continue;
      int first_line = 0;
      std::vector<std::string> block = block_above(line, first_line);
      if (!block.empty()) {
        CommentedCode cc;
        cc.comment = comment_text(block);
        cc.comment_line = first_line;
        cc.start_line = st->line;
        cc.end_line = st->end_line;
        cc.code = std::string(trim(line_text(st->line)));
        m_.symbols[st->owner].commented_code.push_back(std::move(cc));
      }
    }
    for (auto& [line, comment] : trailing) {
      auto st = by_line.find(line);
      if (st == by_line.end() || st->second->definition) continue;
      CommentedCode cc;
      cc.comment = comment_text({comment->text});
      cc.comment_line = line;
      cc.start_line = cc.end_line = line;
      cc.code = std::string(trim(line_text(line).substr(0, static_cast<size_t>(comment->column))));
      cc.trailing = true;
      m_.symbols[st->second->owner].commented_code.push_back(std::move(cc));
    }
    for (Symbol& s : m_.symbols)
      std::sort(s.commented_code.begin(), s.commented_code.end(),
                [](const CommentedCode& a, const CommentedCode& b) { return a.comment_line < b.comment_line; });
  }
};

}  // namespace

ModuleModel build_module_model(const SyntaxTree& tree, const std::string& source, const std::vector<Comment>& comments,
                               const std::string& path, const std::string& module_name) {
  return ModelBuilder(tree, source, comments).build(path, module_name);
}

}  // namespace codetrace
