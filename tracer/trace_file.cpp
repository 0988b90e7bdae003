#include "tracer/trace_file.hpp"

#include "core/module_naming.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <tuple>

#include <nlohmann/json.hpp>
#include <set>

#include "build_info.hpp"

namespace codetrace {
namespace {

bool is_file(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// "pkg/sub/mod.py" -> "pkg.sub.mod", stopping at the first folder without __init__.py (as the
// static analysis does); "pkg/__init__.py" -> "pkg".
std::string module_of(const std::string& root, const std::string& relative) {
  return dotted_module_name(relative, [&](const std::string& dir) { return is_file(root + (dir.empty() ? "" : "/" + dir) + "/__init__.py"); }, "");
}

// A code object's file that is not a file: "<doctest json[0]>", "<template>", "<string>". Frozen
// modules ("<frozen importlib._bootstrap>") are real modules and keep their names.
bool is_generated(const std::string& file) {
  return !file.empty() && file[0] == '<' && file.compare(0, 8, "<frozen ") != 0;
}

// "outer.<locals>.inner" -> "outer.inner"; "<lambda>" -> "<lambda@LINE>" (likewise comprehensions).
std::string clean_qualname(const std::string& qualname, int line) {
  std::string out;
  size_t start = 0;
  while (start <= qualname.size()) {
    size_t dot = qualname.find('.', start);
    std::string part = qualname.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part != "<locals>") {
      if (std::string_view label = anonymous_scope_label(part); !label.empty()) part = anonymous_scope_name(label, line);
      if (!out.empty()) out += ".";
      out += part;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

}  // namespace

CrashReport read_crash(const RecordFile& record) {
  const RecordHeader& h = record.header();
  CrashReport crash;
  crash.signal = h.crash_signal;
  if (!crash.signal) return crash;
  std::string text(h.native_backtrace, strnlen(h.native_backtrace, sizeof h.native_backtrace));
  for (size_t start = 0, nl; start < text.size(); start = nl + 1) {
    nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    if (nl > start) crash.native.push_back(text.substr(start, nl - start));
  }
  if (h.crash_thread < std::min(h.threads, h.stack_capacity)) {
    const ThreadStack& st = record.stacks()[h.crash_thread];
    for (int i = std::min(st.depth, kMaxDepth) - 1; i >= 0; --i) crash.python_codes.push_back(st.frames[i].code);
  }
  return crash;
}

Observed read_observed(const RecordFile& record, const std::string& root) {
  const RecordHeader& h = record.header();
  Observed out;
  out.threads = h.threads;
  out.dropped_edges = h.dropped_edges;
  out.dropped_depth = h.dropped_depth;
  out.hook_installed = h.hook_installed != 0;
  const char* started_by[] = {"run", "fork", "exec"};
  out.processes.push_back({h.child_pid, h.parent_pid, h.started_by < 3 ? started_by[h.started_by] : "?",
                           std::string(h.command, strnlen(h.command, sizeof h.command)),
                           std::string(h.exception, strnlen(h.exception, sizeof h.exception)), h.hook_installed != 0,
                           std::string(h.backend, strnlen(h.backend, sizeof h.backend))});
  std::uint32_t count = std::min(h.code_count, h.code_capacity);
  double tick = ns_per_tick(h);
  auto ns = [tick](std::uint64_t ticks) { return static_cast<std::uint64_t>(static_cast<double>(ticks) * tick + 0.5); };
  std::vector<std::string> ids(count);
  std::vector<bool> in_scope(count, false);
  for (std::uint32_t i = 0; i < count; ++i) {
    const CodeEntry& c = record.codes()[i];
    if (!c.ready) continue;
    ++out.code_objects;
    std::string file = record.string_at(c.file_off, c.file_len);
    std::string qualname = clean_qualname(record.string_at(c.qualname_off, c.qualname_len), c.first_line);
    std::string module;
    if (c.in_scope) {
      file = file.substr(root.size() + 1);
      module = module_of(root, file);
    } else if (is_generated(file)) {
      // Code compiled from a string (a doctest run in a module's globals, a template engine's
      // output, exec): named by its own file name, not by the module whose globals it borrowed.
      module = file;
    } else {
      module = record.string_at(c.module_off, c.module_len);
    }
    ids[i] = (module.empty() ? "" : module + ".") + qualname;
    in_scope[i] = c.in_scope != 0;
    ObservedFunction& f = out.functions[ids[i]];  // code objects of one function (a re-run def) share an id
    f.id = ids[i];
    f.file = file;
    f.line = c.first_line;
    f.in_scope = c.in_scope != 0;
    f.body = c.body != 0;
    f.calls += c.calls;
    f.resumes += c.resumes;
    f.inclusive_ns += ns(c.inclusive_ticks);
    f.self_ns += ns(c.self_ticks);
    if (c.calls || c.resumes) f.pids.insert(h.child_pid);
  }
  out.code_ids = ids;
  for (std::uint32_t t = 0; t < std::min(h.threads, h.stack_capacity); ++t) {
    const ThreadStack& st = record.stacks()[t];
    std::string name(st.name, strnlen(st.name, sizeof st.name));
    out.thread_list.push_back({t, st.thread_id, name.empty() ? (t == 0 ? "MainThread" : "thread " + std::to_string(t)) : name});
  }
  for (std::uint32_t i = 0; i < std::min(h.value_count, h.value_capacity); ++i) {
    const ValueSample& v = record.values()[i];
    if (!v.ready || v.code >= count || ids[v.code].empty()) continue;
    ObservedFunction& f = out.functions[ids[v.code]];
    ValueRecord value{record.string_at(v.args_off, v.args_len), v.ready >= 2 ? record.string_at(v.result_off, v.result_len) : "", "", 0};
    if (v.edge < h.edge_capacity) {
      const EdgeEntry& e = record.edges()[v.edge];
      if (e.caller < count && !ids[e.caller].empty()) value.caller = ids[e.caller], value.call_line = e.line;
    }
    (v.injected ? f.recorded : f.samples).push_back(std::move(value));
  }
  out.events = std::min(h.event_count, h.event_capacity);
  out.dropped_events = h.event_count - out.events;
  for (std::uint32_t n = 0; n < std::min(h.edge_count, h.edge_capacity); ++n) {
    std::uint32_t i = record.used_edges()[n];
    if (i >= h.edge_capacity) continue;
    const EdgeEntry& e = record.edges()[i];
    if (!e.ready || e.callee >= count || e.caller == kNoCaller || e.caller >= count) continue;
    if (ids[e.caller].empty() || ids[e.callee].empty()) continue;
    // Importing a module or creating a class runs its body: not a call in the call graph.
    if (record.codes()[e.callee].body) continue;
    ObservedEdge& edge = out.edges[{ids[e.caller], ids[e.callee]}];
    edge.caller = ids[e.caller];
    edge.callee = ids[e.callee];
    edge.lines[e.line] += e.count;
    edge.count += e.count;
    edge.total_ns += ns(e.total_ticks);
    edge.boundary = !in_scope[e.caller] || !in_scope[e.callee];
    edge.pids.insert(h.child_pid);
  }
  return out;
}

void add_calls(ObservedEdge& into, const ObservedEdge& more) {
  for (const auto& [line, count] : more.lines) into.lines[line] += count;
  into.count += more.count;
  into.total_ns += more.total_ns;
  into.pids.insert(more.pids.begin(), more.pids.end());
}

void merge_child_process(Observed& into, const Observed& child) {
  for (const auto& [id, f] : child.functions) {
    auto [it, fresh] = into.functions.emplace(id, f);
    if (fresh) continue;
    ObservedFunction& mine = it->second;
    mine.calls += f.calls;
    mine.resumes += f.resumes;
    mine.inclusive_ns += f.inclusive_ns;
    mine.self_ns += f.self_ns;
    mine.samples.insert(mine.samples.end(), f.samples.begin(), f.samples.end());
    mine.recorded.insert(mine.recorded.end(), f.recorded.begin(), f.recorded.end());
    mine.pids.insert(f.pids.begin(), f.pids.end());
  }
  for (const auto& [key, e] : child.edges) {
    auto [it, fresh] = into.edges.emplace(key, e);
    if (!fresh) add_calls(it->second, e);
  }
  into.dropped_edges += child.dropped_edges;
  into.dropped_depth += child.dropped_depth;
  into.processes.insert(into.processes.end(), child.processes.begin(), child.processes.end());
}

namespace {

// The kind of comprehension an id's last part names ("listcomp", "genexpr", "setcomp",
// "dictcomp" in `f.<listcomp@12>`), or "" for anything else.
std::string comprehension_kind(const std::string& id) {
  size_t dot = id.rfind(".<");
  if (dot == std::string::npos) return "";
  for (std::string kind : {"listcomp", "genexpr", "setcomp", "dictcomp"})
    if (id.compare(dot + 2, kind.size() + 1, kind + "@") == 0) return kind;
  return "";
}

bool is_comprehension(const std::string& id) { return !comprehension_kind(id).empty(); }

// `id` without the trailing comprehensions that `folded` says belong to their function.
template <class Folded>
std::string enclosing_function(std::string id, Folded folded) {
  while (folded(id)) id = id.substr(0, id.rfind(".<"));
  return id;
}

// The static graph has a node for a comprehension only when it contains calls; otherwise its
// calls belong to the enclosing function. Observed edges are folded the same way.
Observed fold_comprehensions(const Observed& in, const std::set<std::string>& static_ids) {
  auto folded = [&](const std::string& id) { return is_comprehension(id) && !static_ids.count(id); };
  auto owner = [&](const std::string& id) { return enclosing_function(id, folded); };
  Observed out = in;
  out.edges.clear();
  for (const auto& [key, e] : in.edges) {
    std::string caller = owner(e.caller);
    if (folded(e.callee)) continue;  // running it is part of its owner
    ObservedEdge& merged = out.edges[{caller, e.callee}];
    merged.caller = caller;
    merged.callee = e.callee;
    add_calls(merged, e);
    merged.boundary = e.boundary;
  }
  return out;
}

}  // namespace

// From Python 3.12 on, list, set and dict comprehensions run inline in their function (PEP 709):
// no frame of their own. The static graph, which does not depend on the version, gives them a
// node; for a trace of 3.12+ their calls are moved to the enclosing function.
CallGraph inline_comprehensions(const CallGraph& graph) {
  auto inlined = [](const std::string& id) {
    std::string kind = comprehension_kind(id);
    return !kind.empty() && kind != "genexpr";  // generators keep their frame
  };
  auto owner = [&](const std::string& id) { return enclosing_function(id, inlined); };
  CallGraph out;
  out.call_sites = graph.call_sites;
  out.unresolved = graph.unresolved;
  for (const GraphNode& n : graph.nodes)
    if (!inlined(n.id)) out.nodes.push_back(n);
  std::map<std::pair<std::string, std::string>, GraphEdge> edges;
  for (const GraphEdge& e : graph.edges) {
    if (inlined(e.callee)) continue;  // running the comprehension is part of its function
    GraphEdge& merged = edges[{owner(e.caller), e.callee}];
    bool first = merged.sites.empty();
    merged.caller = owner(e.caller);
    merged.callee = e.callee;
    merged.guess = e.guess;
    merged.protocol = e.protocol && (first || merged.protocol);        // only if every merged edge is
    merged.annotation = e.annotation && (first || merged.annotation);
    merged.sites.insert(merged.sites.end(), e.sites.begin(), e.sites.end());
  }
  for (auto& [key, e] : edges) {
    std::sort(e.sites.begin(), e.sites.end(), [](const CallSiteRef& a, const CallSiteRef& b) {
      return std::tie(a.file, a.line, a.col) < std::tie(b.file, b.line, b.col);
    });
    out.edges.push_back(std::move(e));
  }
  return out;
}


void write_trace_json(const TraceMeta& meta, const Observed& observed_raw, const CallGraph* static_graph_in, std::ostream& out) {
  // Compare like with like: the static graph as the traced Python version runs it.
  CallGraph adjusted;
  const CallGraph* static_graph = static_graph_in;
  int major = 0, minor = 0;
  std::sscanf(meta.python_version.c_str(), "%d.%d", &major, &minor);
  if (static_graph_in && (major > 3 || (major == 3 && minor >= 12))) {
    adjusted = inline_comprehensions(*static_graph_in);
    static_graph = &adjusted;
  }
  using nlohmann::ordered_json;
  ordered_json doc;
  ordered_json m;
  m["tool"] = "codetrace";
  m["tool_version"] = build_info::version;
  m["command"] = meta.command;
  m["root"] = meta.root;
  m["commit"] = meta.commit;
  m["python_version"] = meta.python_version;
  m["hook_backend"] = meta.outcome.backend;
  m["exit_code"] = meta.outcome.exit_code;
  m["ended"] = meta.outcome.ended;
  if (meta.outcome.signal) m["signal"] = meta.outcome.signal_name;
  if (!meta.outcome.exception.empty()) m["exception"] = meta.outcome.exception;
  if (meta.crash.signal)
    m["crash"] = {{"signal", meta.crash.signal}, {"python_stack", meta.crash.python}, {"native_backtrace", meta.crash.native}};
  m["duration_s"] = meta.outcome.duration_s;
  m["static"] = meta.with_static;
  if (!meta.include.empty()) m["static_include"] = meta.include;
  if (!meta.exclude.empty()) m["static_exclude"] = meta.exclude;
  m["threads"] = observed_raw.threads;
  ordered_json threads = ordered_json::array();
  for (const auto& t : observed_raw.thread_list) threads.push_back({{"number", t.number}, {"ident", t.ident}, {"name", t.name}});
  m["thread_list"] = std::move(threads);
  m["code_objects"] = observed_raw.code_objects;
  m["processes"] = observed_raw.processes.size();
  ordered_json processes = ordered_json::array();
  for (const ObservedProcess& p : observed_raw.processes) {
    ordered_json j = {{"pid", p.pid}, {"parent", p.parent_pid ? ordered_json(p.parent_pid) : ordered_json()}, {"started_by", p.started_by}};
    if (!p.command.empty()) j["command"] = p.command;
    if (!p.exception.empty()) j["exception"] = p.exception;
    if (!p.hook_installed) j["hook_installed"] = false;
    else if (p.backend != meta.outcome.backend) j["hook_backend"] = p.backend;  // a child recorded otherwise
    processes.push_back(std::move(j));
  }
  m["process_list"] = std::move(processes);
  m["dropped_calls"] = {{"edge_table_full", observed_raw.dropped_edges}, {"too_deep", observed_raw.dropped_depth}};
  if (observed_raw.events || observed_raw.dropped_events)
    m["events"] = {{"written", observed_raw.events}, {"dropped", observed_raw.dropped_events}};
  doc["meta"] = m;

  // Functions: every static node of the user's code, and every function observed in scope.
  std::map<std::string, ordered_json> functions;
  std::set<std::string> static_ids;
  if (static_graph)
    for (const GraphNode& n : static_graph->nodes) {
      if (n.kind == NodeKindInGraph::External) continue;
      static_ids.insert(n.id);
      ordered_json f;
      f["id"] = n.id;
      f["kind"] = graph_node_kind_name(n.kind);
      f["file"] = n.file;
      f["line"] = n.line;
      f["end_line"] = n.end_line;
      f["static"] = true;
      f["static_calls"] = 0;    // distinct callees in the static graph
      f["static_callers"] = 0;  // distinct callers in the static graph
      functions[n.id] = f;
    }
  const Observed observed = static_graph ? fold_comprehensions(observed_raw, static_ids) : observed_raw;
  if (static_graph)
    for (const GraphEdge& e : static_graph->edges) {
      if (e.guess) continue;
      if (auto it = functions.find(e.caller); it != functions.end()) it->second["static_calls"] = it->second["static_calls"].get<int>() + 1;
      if (auto it = functions.find(e.callee); it != functions.end()) it->second["static_callers"] = it->second["static_callers"].get<int>() + 1;
    }
  for (const auto& [id, o] : observed.functions) {
    if (!o.in_scope || (static_graph && is_comprehension(id) && !static_ids.count(id))) continue;
    ordered_json& f = functions[id];
    if (f.is_null()) {
      f["id"] = id;
      f["kind"] = "function";
      f["file"] = o.file;
      f["line"] = o.line;
      f["end_line"] = nullptr;
      f["static"] = false;
    }
    f["observed"] = {{"calls", o.calls}, {"resumes", o.resumes}, {"inclusive_ns", o.inclusive_ns}, {"self_ns", o.self_ns}};
    if (!o.pids.empty()) f["observed"]["pids"] = o.pids;
    for (const auto* list : {&o.samples, &o.recorded}) {
      if (list->empty()) continue;
      ordered_json samples = ordered_json::array();
      for (const ValueRecord& value : *list) {
        ordered_json sample;
        sample["args"] = ordered_json::parse(value.args, nullptr, false);
        ordered_json r = value.result.empty() ? ordered_json() : ordered_json::parse(value.result, nullptr, false);
        if (r.is_object() && r.contains("raised")) sample["raised"] = r["raised"];
        else sample["result"] = r;  // null: the call had not returned when the target ended
        if (!value.caller.empty()) sample["caller"] = value.caller, sample["call_line"] = value.call_line;
        samples.push_back(std::move(sample));
      }
      f["observed"][list == &o.samples ? "samples" : "recorded"] = std::move(samples);
    }
  }
  ordered_json fs = ordered_json::array();
  for (auto& [id, f] : functions) {
    if (!f.contains("observed")) f["observed"] = {{"calls", 0}, {"resumes", 0}, {"inclusive_ns", 0}, {"self_ns", 0}};
    fs.push_back(std::move(f));
  }
  doc["functions"] = std::move(fs);

  // Edges: the union of static and observed, each with its status.
  std::map<std::pair<std::string, std::string>, ordered_json> edges;
  if (static_graph)
    for (const GraphEdge& e : static_graph->edges) {
      if (e.guess) continue;
      ordered_json j;
      j["caller"] = e.caller;
      j["callee"] = e.callee;
      j["static"] = true;
      j["observed"] = 0;
      j["status"] = "static_only";
      ordered_json sites = ordered_json::array();
      for (const CallSiteRef& s : e.sites) sites.push_back({{"file", s.file.str()}, {"line", s.line}, {"col", s.col}});
      j["static_sites"] = std::move(sites);
      j["observed_sites"] = ordered_json::array();
      j["boundary"] = static_ids.count(e.callee) == 0;  // into code outside the root
      if (e.protocol) j["protocol"] = true;
      if (e.annotation) j["via"] = "annotation";
      edges[{e.caller, e.callee}] = std::move(j);
    }
  // The calls the static analysis could not resolve, by caller and line: an edge it missed
  // says why, from the call sites at the lines where the call was observed.
  std::map<std::pair<std::string, int>, std::vector<const UnresolvedCall*>> unresolved_at;
  if (static_graph)
    for (const UnresolvedCall& u : static_graph->unresolved) unresolved_at[{u.caller, u.site.line}].push_back(&u);
  for (const auto& [key, e] : observed.edges) {
    ordered_json& j = edges[key];
    if (j.is_null()) {
      j["caller"] = e.caller;
      j["callee"] = e.callee;
      j["static"] = false;
      j["observed"] = 0;
      j["status"] = "observed_only";
      j["static_sites"] = ordered_json::array();
      j["observed_sites"] = ordered_json::array();
      ordered_json why = ordered_json::array();
      for (const auto& [line, count] : e.lines) {
        auto it = unresolved_at.find({e.caller, line});
        if (it == unresolved_at.end()) continue;
        for (const UnresolvedCall* u : it->second)
          why.push_back({{"line", line}, {"expression", u->expression}, {"reason", u->reason}});
      }
      if (!why.empty()) j["static_unresolved"] = std::move(why);
    } else {
      j["status"] = "both";
    }
    j["observed"] = e.count;
    j["observed_ns"] = e.total_ns;
    j["boundary"] = e.boundary;
    j["pids"] = e.pids;
    for (const auto& [line, count] : e.lines) j["observed_sites"].push_back({{"line", line}, {"count", count}});
  }
  ordered_json es = ordered_json::array();
  for (auto& [key, j] : edges) {
    if (!j.contains("boundary")) j["boundary"] = false;
    es.push_back(std::move(j));
  }
  doc["edges"] = std::move(es);
  out << doc.dump(1) << "\n";
}

}  // namespace codetrace
