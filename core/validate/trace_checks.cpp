// Checks of what `codetrace run` writes: the annotated trace (edges name known functions, counts
// and statuses agree, static marks agree with a fresh graph, functions are where they say), the
// call dataset and the call sequences.
#include <map>
#include <set>

#include "core/validate/checks.hpp"

namespace codetrace::validation {
namespace {

using nlohmann::json;


std::string major_minor(const std::string& version) {
  size_t dot = version.find('.');
  size_t second = dot == std::string::npos ? std::string::npos : version.find('.', dot + 1);
  return version.substr(0, second);
}

// Where a function of the root says it is: the file exists, the line is in it, and a definition
// the re-parse knows by that id starts there: at its first decorator (a code object's first
// line) or at its def line (the static graph's). "" when it checks out.
std::string locate(const SourceIndex& index, const std::string& id, const std::string& file, int line) {
  auto f = index.files.find(file);
  if (f == index.files.end()) return "no file " + file + " under the root";
  if (line < 1 || line > f->second.lines) return file + " has no line " + std::to_string(line);
  auto symbol = f->second.symbols.find(id);
  if (symbol != f->second.symbols.end() && symbol->second.start_line != line && symbol->second.def_line != line)
    return id + " is defined at line " + std::to_string(symbol->second.def_line) + " of " + file + ", the record says " + std::to_string(line);
  return "";
}

}  // namespace

void check_trace_file(const json& trace, const SourceIndex* index, Checks& checks) {
  checks.declare("schema", "meta, functions and edges with the documented fields");
  checks.declare("edges_known", "every edge's ends are functions of the trace (one of them, for a boundary edge)");
  checks.declare("counts", "observed counts and sites add up, and each status matches its static and observed marks");
  checks.declare("static_agrees", "static marks agree with a fresh static graph of --root");
  checks.declare("traceable", "every function of the root is in its file at its line");
  declare_secret_checks(checks);
  if (!trace.is_object() || !trace.contains("meta") || !trace["meta"].is_object() || !trace.contains("functions") ||
      !trace["functions"].is_array() || !trace.contains("edges") || !trace["edges"].is_array()) {
    checks.fail("schema", 0, 1, "not an annotated trace: meta, functions and edges are needed", false);
    return;
  }
  const json& meta = trace["meta"];
  for (const char* key : {"tool", "python_version", "hook_backend", "ended"})
    if (!is_string(meta, key)) checks.fail("schema", 0, 1, std::string("meta.") + key + " must be a string", false);
  if (!is_int(meta, "exit_code")) checks.fail("schema", 0, 1, "meta.exit_code must be an integer", false);
  std::set<std::string> ids;
  std::size_t n = 0;
  for (const json& f : trace["functions"]) {
    ++n;
    if (!f.is_object() || !is_string(f, "id") || !is_string(f, "file") || !is_int(f, "line") || !f.contains("observed") ||
        !f["observed"].is_object()) {
      checks.fail("schema", 0, 1, "function " + std::to_string(n) + " lacks id, file, line or observed", false);
      continue;
    }
    checks.pass("schema");
    ids.insert(f["id"].get<std::string>());
    const json& o = f["observed"];
    bool counts_ok = is_int(o, "calls") && o["calls"].get<long long>() >= 0 &&
                     (!is_int(o, "self_ns") || !is_int(o, "inclusive_ns") || o["self_ns"].get<long long>() <= o["inclusive_ns"].get<long long>());
    if (counts_ok) checks.pass("counts");
    else checks.fail("counts", 0, 1, f["id"].get<std::string>() + ": calls must be >= 0 and self time <= inclusive time", false);
  }
  check_secrets(checks, Record{0, 1, "", trace, true});

  bool same_version = index && !index->python_version.empty() && is_string(meta, "python_version") &&
                      major_minor(meta["python_version"].get<std::string>()) == index->python_version;
  if (!index) checks.skip("static_agrees", "needs --root (the traced root)");
  else if (!same_version) checks.skip("static_agrees", "the trace was made by Python " + meta.value("python_version", std::string("?")) + ", this codetrace embeds " + index->python_version);
  bool no_static = meta.contains("static") && meta["static"].is_boolean() && !meta["static"].get<bool>();
  // A graph of some files only resolves other calls than the fresh graph of the whole root.
  bool limited = meta.contains("static_include") || meta.contains("static_exclude");
  if (index && no_static) checks.skip("static_agrees", "the trace was made with --no-static");
  else if (index && same_version && limited)
    checks.skip("static_agrees", "the trace's static graph covered only the files of its --include/--exclude");
  bool compare_static = same_version && !no_static && !limited;
  std::set<std::pair<std::string, std::string>> traced_static;
  n = 0;
  for (const json& e : trace["edges"]) {
    ++n;
    if (!e.is_object() || !is_string(e, "caller") || !is_string(e, "callee") || !e.contains("static") || !e["static"].is_boolean() ||
        !is_int(e, "observed") || !is_string(e, "status")) {
      checks.fail("schema", 0, 1, "edge " + std::to_string(n) + " lacks caller, callee, static, observed or status", false);
      continue;
    }
    checks.pass("schema");
    std::string caller = e["caller"], callee = e["callee"], status = e["status"];
    bool boundary = e.value("boundary", false), is_static = e["static"];
    long long observed = e["observed"];
    std::string name = caller + " -> " + callee;
    bool known = boundary ? (ids.count(caller) || ids.count(callee)) : (ids.count(caller) && ids.count(callee));
    if (known) checks.pass("edges_known");
    else checks.fail("edges_known", 0, 1, name + ": " + (ids.count(caller) ? callee : caller) + " is not a function of the trace", false);
    std::string expected = is_static ? (observed > 0 ? "both" : "static_only") : (observed > 0 ? "observed_only" : "");
    long long sites = 0;
    if (e.contains("observed_sites") && e["observed_sites"].is_array())
      for (const json& s : e["observed_sites"]) sites += s.is_object() ? s.value("count", 0LL) : 0;
    if (observed < 0 || status != expected) checks.fail("counts", 0, 1, name + ": status " + status + " with static " + (is_static ? "true" : "false") + " and observed " + std::to_string(observed), false);
    else if (e.contains("observed_sites") && sites != observed) checks.fail("counts", 0, 1, name + ": its sites count " + std::to_string(sites) + " calls, observed says " + std::to_string(observed), false);
    else checks.pass("counts");
    if (is_static) traced_static.emplace(caller, callee);
    if (compare_static) {
      if (is_static && !index->static_edges.count({caller, callee})) checks.fail("static_agrees", 0, 1, name + " is marked static but the static graph has no such edge", false);
      else if (!is_static && index->static_edges.count({caller, callee})) checks.fail("static_agrees", 0, 1, name + " is marked not static but the static graph has it", false);
      else checks.pass("static_agrees");
    }
  }
  if (compare_static)
    for (const auto& edge : index->static_edges)
      if (!traced_static.count(edge) && (ids.count(edge.first))) {
        checks.fail("static_agrees", 0, 1, edge.first + " -> " + edge.second + " is in the static graph but not in the trace", false);
        break;
      }
  if (!index) {
    checks.skip("traceable", "needs --root (the traced root)");
    return;
  }
  for (const json& f : trace["functions"]) {
    if (!f.is_object() || !is_string(f, "id") || !is_string(f, "file") || !is_int(f, "line")) continue;
    std::string file = f["file"];
    if (file.empty() || file[0] == '/' || file[0] == '<') continue;  // outside the root
    std::string problem = locate(*index, f["id"], file, f["line"]);
    if (problem.empty()) checks.pass("traceable");
    else checks.fail("traceable", 0, 1, problem, false);
  }
}

void check_calls_file(const std::vector<Record>& records, const SourceIndex* index, Checks& checks, std::vector<CallSequence>& sequences,
                      const std::string& dataset) {
  checks.declare("schema", "every record has the documented fields, with valid types");
  checks.declare("consistent", "call numbers unique and rising, parents earlier, depth and durations not negative");
  checks.declare("traceable", "every function is in its file at its line under --root");
  declare_secret_checks(checks);
  if (!index) checks.skip("traceable", "needs --root (the traced root)");
  long long last = -1;
  for (const Record& rec : records) {
    const json& j = rec.json;
    bool ok = rec.valid && j.is_object() && is_int(j, "call") && is_string(j, "function") && is_string(j, "file") && is_int(j, "line") &&
              is_string_or_null(j, "caller") && is_int_or_null(j, "call_line") && is_int_or_null(j, "parent_call") && is_int(j, "depth") &&
              is_int(j, "thread") && j.contains("calls") && j["calls"].is_array() && is_string_or_null(j, "exception") &&
              is_int(j, "duration_ns") && j.contains("returned") && j["returned"].is_boolean();
    if (ok)
      for (const json& c : j["calls"]) ok = ok && c.is_string();
    if (!ok) {
      checks.fail("schema", rec.index, rec.line, rec.valid ? "a field is missing or of the wrong type" : "not valid JSON");
      continue;
    }
    checks.pass("schema");
    check_secrets(checks, rec);
    long long call = j["call"];
    std::string problem;
    if (call <= last) problem = "call " + std::to_string(call) + " does not come after call " + std::to_string(last);
    else if (!j["parent_call"].is_null() && j["parent_call"].get<long long>() >= call) problem = "its parent call does not come before it";
    else if (j["depth"].get<long long>() < 0 || j["duration_ns"].get<long long>() < 0) problem = "negative depth or duration";
    last = std::max(last, call);
    if (problem.empty()) checks.pass("consistent");
    else checks.fail("consistent", rec.index, rec.line, problem);
    if (index) {
      std::string where = locate(*index, j["function"], j["file"], j["line"]);
      if (where.empty()) checks.pass("traceable");
      else checks.fail("traceable", rec.index, rec.line, where);
    }
    CallSequence s{j["function"], j["file"], {}, dataset};
    for (const json& c : j["calls"]) s.calls.push_back(c);
    sequences.push_back(std::move(s));
  }
}

void check_sequences_file(const std::vector<Record>& records, Checks& checks) {
  checks.declare("schema", "every record has function, calls and observed_calls, and static marks as many as calls");
  declare_secret_checks(checks);
  for (const Record& rec : records) {
    const json& j = rec.json;
    bool ok = rec.valid && j.is_object() && is_string(j, "function") && j.contains("calls") && j["calls"].is_array() &&
              is_int(j, "observed_calls") && j["observed_calls"].get<long long>() >= 1;
    if (ok && j.contains("static")) ok = j["static"].is_array() && j["static"].size() == j["calls"].size();
    if (ok) checks.pass("schema");
    else checks.fail("schema", rec.index, rec.line, rec.valid ? "a field is missing, of the wrong type, or static marks do not match calls" : "not valid JSON");
    if (rec.valid) check_secrets(checks, rec);
  }
}

}  // namespace codetrace::validation
