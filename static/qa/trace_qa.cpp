#include "static/qa/trace_qa.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <deque>
#include <fstream>

#include "core/call_sequence.hpp"
#include "core/error.hpp"
#include "core/trace_document.hpp"
#include "core/text.hpp"
#include "static/qa/observed_call.hpp"
#include "static/qa/pair_builder.hpp"
#include "static/qa/qa_filters.hpp"

namespace codetrace {
namespace {

using nlohmann::json;

constexpr std::size_t kCallsPerFunction = 5;  // observed calls asked about per function
constexpr std::size_t kMaxListed = 25;
constexpr std::size_t kMaxSequence = 6;  // call_sequence: at most this many runs of calls

// Calls the import system makes while it loads a module (a module's `__getattr__('__path__')`
// probe): not the code's behaviour, never a question.
bool from_import_machinery(const std::string& caller) {
  return starts_with(caller, "importlib.") || starts_with(caller, "<frozen importlib") || starts_with(caller, "_frozen_importlib");
}

ObservedCall observed_call(const ModuleModel& m, const RenderedCall& r, const TraceFacts::Call& call) {
  ObservedCall c;
  c.module = m.module_name;
  c.expression = r.expression;
  c.result = call.result;
  c.raised = call.raised;
  c.caller = call.caller;
  c.call_line = call.call_line;
  c.values = r.values;
  return c;
}

// The function's code, after the module's functions it calls by name; its docstring hidden when
// it holds the answer (a docstring example of this very call).
std::string call_context(const PairBuilder& b, const Symbol& s, const std::vector<std::string>& answers) {
  ContextRequest request;
  request.max_lines = b.context_lines();
  for (const std::string& a : answers)
    if (s.docstring.find(a) != std::string::npos) request.hide_docstring = true;
  return b.contexts().build_with_helpers(s, request);
}

// Execution-grounded pairs: one observed call, written as Python (observed_call.hpp), and what
// it returned (predict_output), the arguments that gave that result (predict_input), or what it
// raised (observed_raise).
void observed_values(PairBuilder& b, const ModuleModel& m, const Symbol& s, const TraceFacts& trace, const QaContext& ctx,
                     const std::set<std::string>& written) {
  auto it = trace.calls.find(s.qualname);
  if (it == trace.calls.end()) return;
  if (!nondeterminism(m, s, written).empty()) return;
  // A procedure's `None` teaches nothing; a `None` among other results does.
  bool returns_values = std::any_of(it->second.begin(), it->second.end(), [](const TraceFacts::Call& c) { return c.returned && c.result != "None"; });
  std::set<std::string> asked, results_asked;
  for (const TraceFacts::Call& call : it->second) {
    if (asked.size() >= kCallsPerFunction) break;
    if (from_import_machinery(call.caller)) continue;
    std::optional<RenderedCall> r = render_observed_call(m, s, call.args, ctx.builtins);
    if (!r || asked.count(r->expression)) continue;
    if (!call.raised.empty()) {
      if (call.raised[0] == '<' || !showable_value(call.raised)) continue;  // the hook could not see which exception it was
      asked.insert(r->expression);
      std::string answer = "It raises " + code(call.raised) + ".";
      b.add_with_context(s, "observed_raise", "What happens when " + code(r->expression) + " runs?", answer, "trace", s.def_line, s.end_line,
                         call_context(b, s, {r->expression}));
      b.last().call = observed_call(m, *r, call);
      continue;
    }
    if (!call.returned || !showable_value(call.result) || value_form(call.result, &m.globals, ctx.builtins) == ValueForm::Unusable) continue;
    if (call.result == "None" && !returns_values) continue;
    asked.insert(r->expression);
    std::vector<std::string> answers = {r->expression};
    if (call.result.size() >= 4) answers.push_back(call.result);
    std::string context = call_context(b, s, answers);
    std::string question = r->plain_call ? "What does " + code(r->expression) + " return?" : "What is the value of " + code(r->expression) + "?";
    b.add_with_context(s, "predict_output", question, call.result, "trace", s.def_line, s.end_line, context);
    b.last().call = observed_call(m, *r, call);
    // Several calls may give one result; the question about it is asked once, with one answer.
    // A long float (a standard deviation) cannot be worked back from: no such question.
    if (r->plain_call && r->literal_arguments && !r->arguments.empty() && !has_long_float(call.result) &&
        results_asked.insert(call.result).second) {
      b.add_with_context(s, "predict_input",
                         "Which arguments in place of `??` make " + code(r->callee + "(?" "?)") + " return " + code(call.result) + "?",
                         r->expression, "trace", s.def_line, s.end_line, context);
      b.last().call = observed_call(m, *r, call);
    }
  }
}

// What one observed call called directly among the functions of the root, in order
// (call_sequence). Only short sequences (kMaxSequence runs); none with a lambda, comprehension or
// generator expression among them (3.12 runs comprehensions inline; their calls would move).
std::optional<std::vector<std::string>> in_scope_sequence(const TraceFacts& trace, const std::vector<std::string>& calls) {
  std::vector<std::string> out;
  for (const std::string& c : calls)
    if (trace.in_scope.count(c)) {
      if (c.find('<') != std::string::npos) return std::nullopt;
      out.push_back(c);
    }
  if (out.empty() || call_runs(out).size() > kMaxSequence) return std::nullopt;
  return out;
}

// Whether the code a model is given names a callee: its own name (`_sum`, `.numerator`), or for
// a constructor its class (`Money(...)`; `cls(...)` in a method of that class). A call the code
// does not name (an operator's closure, a comparison `sorted` makes) cannot be read from it.
bool named_in(const std::set<std::string>& identifiers, const std::string& callee, const Symbol& s) {
  size_t dot = callee.rfind('.');
  std::string own = callee.substr(dot + 1);
  if (own != "__init__" && own != "__new__") return identifiers.count(own) > 0;
  if (dot == std::string::npos) return false;
  std::string cls = callee.substr(0, dot);
  std::string cls_name = cls.substr(cls.rfind('.') + 1);
  bool own_class = s.qualname.size() > cls.size() && s.qualname.compare(0, cls.size() + 1, cls + ".") == 0;
  return identifiers.count(cls_name) > 0 || (own_class && (identifiers.count("cls") > 0 || identifiers.count("type") > 0));
}

void observed_sequences(PairBuilder& b, const ModuleModel& m, const Symbol& s, const TraceFacts& trace, const QaContext& ctx,
                        const std::set<std::string>& written) {
  auto it = trace.calls.find(s.qualname);
  if (it == trace.calls.end() || !nondeterminism(m, s, written).empty()) return;
  // One call per distinct sequence: the calls that went another way are what the arguments teach.
  std::set<std::vector<std::string>> asked;
  for (const TraceFacts::Call& call : it->second) {
    if (asked.size() >= kCallsPerFunction) break;
    if (!call.callees || !call.returned || !call.raised.empty() || from_import_machinery(call.caller)) continue;
    // The record's result must be one `--verify` can compare (and a reader can trust).
    if (!showable_value(call.result) || value_form(call.result, &m.globals, ctx.builtins) == ValueForm::Unusable) continue;
    std::optional<std::vector<std::string>> sequence = in_scope_sequence(trace, *call.callees);
    if (!sequence || asked.count(*sequence)) continue;
    std::optional<RenderedCall> r = render_observed_call(m, s, call.args, ctx.builtins);
    if (!r) continue;
    std::string context = call_context(b, s, {r->expression});
    std::set<std::string> identifiers = identifiers_in(context);
    if (!std::all_of(sequence->begin(), sequence->end(), [&](const std::string& c) { return named_in(identifiers, c, s); })) continue;
    asked.insert(*sequence);
    std::string name = s.qualname.substr(m.module_name.size() + 1);  // as the module's code writes it
    b.add_with_context(s, "call_sequence",
                       "When " + code(r->expression) + " runs, which of the project's functions does " + code(name) + " call directly, in order?",
                       format_call_sequence(*sequence), "trace", s.def_line, s.end_line, context);
    b.last().call = observed_call(m, *r, call);
    b.last().call->calls = *sequence;
    b.last().call->function = s.qualname;
  }
}

// Everything of the root that ran below one call of it, nearest first.
void observed_reach(PairBuilder& b, const Symbol& s, const TraceFacts& trace) {
  auto direct = trace.callees.find(s.qualname);
  if (direct == trace.callees.end() || direct->second.empty()) return;
  std::vector<std::string> order;
  std::set<std::string> seen = {s.qualname};
  std::deque<std::string> queue = {s.qualname};
  while (!queue.empty()) {
    auto next = trace.callees.find(queue.front());
    queue.pop_front();
    if (next == trace.callees.end()) continue;
    for (const std::string& callee : next->second)  // sorted: the order is deterministic
      if (seen.insert(callee).second) {
        order.push_back(callee);
        queue.push_back(callee);
      }
  }
  std::string answer;
  for (size_t i = 0; i < order.size() && i < kMaxListed; ++i) answer += (answer.empty() ? "" : "\n") + std::string("- ") + code(order[i]);
  if (order.size() > kMaxListed) answer += "\n- and " + std::to_string(order.size() - kMaxListed) + " more";
  b.add(s, "observed_calls", "Which functions run when " + code(s.qualname) + " is called?",
        answer + "\n(" + std::to_string(direct->second.size()) + " called directly, " + std::to_string(order.size()) + " in all, as observed in a traced run)",
        "trace", s.def_line, s.end_line);
}

// One call with its values, as a trace's sample and a call dataset's record both write it:
// arguments by name, `result` or `raised`, `caller` and `call_line`.
TraceFacts::Call call_with_values(const json& record) {
  TraceFacts::Call call;
  for (auto it = record["args"].begin(); it != record["args"].end(); ++it)
    call.args.emplace_back(it.key(), it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
  if (record.contains("raised") && record["raised"].is_string()) call.raised = record["raised"];
  if (record.contains("result") && record["result"].is_string()) call.result = record["result"], call.returned = true;
  if (record.contains("caller") && record["caller"].is_string()) call.caller = record["caller"];
  if (record.contains("call_line") && record["call_line"].is_number_integer()) call.call_line = record["call_line"];
  return call;
}

}  // namespace

void read_trace_facts(const std::string& path, TraceFacts& facts) {
  json doc = read_trace_document(path);
  for (const json& f : doc["functions"]) {
    if (!f.is_object() || !f.contains("id") || !f["id"].is_string()) continue;
    std::string id = f["id"];
    if (f.contains("file") && f["file"].is_string()) facts.files[id] = f["file"];
    if (!f.contains("observed") || !f["observed"].is_object()) continue;
    for (const char* list : {"samples", "recorded"}) {
      const json& o = f["observed"];
      if (!o.contains(list) || !o[list].is_array()) continue;
      for (const json& sample : o[list]) {
        if (!sample.is_object() || !sample.contains("args") || !sample["args"].is_object()) continue;
        facts.calls[id].push_back(call_with_values(sample));
      }
    }
  }
  for (const json& e : doc["edges"]) {
    if (!e.is_object() || !e.contains("caller") || !e.contains("callee") || !e["caller"].is_string() || !e["callee"].is_string()) continue;
    bool boundary = e.contains("boundary") && e["boundary"].is_boolean() && e["boundary"].get<bool>();
    bool observed = e.contains("observed") && e["observed"].is_number_integer() && e["observed"].get<long long>() > 0;
    if (observed && !boundary) facts.callees[e["caller"].get<std::string>()].insert(e["callee"].get<std::string>());
  }
}

// A call dataset (run --dataset): every record is a call of a function of the root; those with
// arguments (--values) are calls a question can show.
void read_call_dataset(const std::string& path, TraceFacts& facts) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read the call dataset " + path);
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // Most records have no values (only the first calls of a function do): for them only the
    // function's id is needed, read without parsing the line (a dataset can hold millions).
    if (line.find("\"args\":null") != std::string::npos) {
      size_t at = line.find("\"function\":\""), end = at == std::string::npos ? at : line.find('"', at + 12);
      if (end != std::string::npos && line.find('\\', at) > end) {
        facts.in_scope.insert(line.substr(at + 12, end - at - 12));
        continue;
      }
    }
    json r = json::parse(line, nullptr, false);
    if (r.is_discarded() || !r.is_object() || !r.contains("function") || !r["function"].is_string() || !r.contains("calls") || !r["calls"].is_array())
      throw Error(path + ":" + std::to_string(number) + ": not a call record written by `codetrace run --dataset` (function and calls are needed)");
    std::string id = r["function"];
    facts.in_scope.insert(id);
    if (!r.contains("args") || !r["args"].is_object()) continue;
    TraceFacts::Call call = call_with_values(r);
    if (!r.value("returned", false) || !call.raised.empty()) {  // a call the target's end cut short
      call.returned = false;
      call.result.clear();
    }
    std::vector<std::string> callees;
    for (const json& c : r["calls"])
      if (c.is_string()) callees.push_back(c);
    call.callees = std::move(callees);
    if (r.contains("file") && r["file"].is_string()) facts.files[id] = r["file"];
    facts.calls[id].push_back(std::move(call));
  }
  if (in.bad()) throw Error("cannot read the call dataset " + path);
}

TraceFacts read_trace_facts(const std::vector<std::string>& traces, const std::vector<std::string>& call_datasets) {
  TraceFacts facts;
  for (const std::string& path : traces) read_trace_facts(path, facts);
  for (const std::string& path : call_datasets) read_call_dataset(path, facts);
  return facts;
}

std::vector<QaPair> generate_trace_qa(const ModuleModel& m, const TraceFacts& trace, const QaContext& context, const QaOptions& options) {
  std::vector<QaPair> out;
  PairBuilder b(m, context, out, options.context_lines);
  // What the module's functions change (a token scan of every body): only for a module with
  // observed calls.
  bool observed = std::any_of(m.symbols.begin(), m.symbols.end(), [&](const Symbol& s) { return trace.calls.count(s.qualname) > 0; });
  std::set<std::string> written = observed ? globals_written(m) : std::set<std::string>();
  for (const Symbol& s : m.symbols) {
    if (s.kind != SymbolKind::Function && s.kind != SymbolKind::Method) continue;
    if (!options.include_private && is_private_symbol(m, s)) continue;
    observed_values(b, m, s, trace, context, written);
    observed_sequences(b, m, s, trace, context, written);
    observed_reach(b, s, trace);
  }
  out.erase(std::remove_if(out.begin(), out.end(), [&](const QaPair& p) { return !kind_wanted(p, options.kinds); }), out.end());
  return out;
}

}  // namespace codetrace
