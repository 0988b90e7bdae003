#include "static/qa/trace_qa.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <deque>

#include "core/trace_document.hpp"
#include "static/qa/pair_builder.hpp"
#include "static/qa/qa_filters.hpp"

namespace codetrace {
namespace {

using nlohmann::json;

constexpr std::size_t kCallsPerFunction = 3;  // observed_return / observed_raise pairs per function
constexpr std::size_t kMaxListed = 25;

// A value a question can show: not an object's address, not cut short, not hidden.
bool showable(const std::string& repr) {
  return !repr.empty() && repr.find(" at 0x") == std::string::npos && repr.find("<redacted>") == std::string::npos &&
         (repr.size() < 3 || repr.compare(repr.size() - 3, 3, "...") != 0) && repr.find('\n') == std::string::npos;
}

// `shop.pricing.tax.tax(amount=56.07, country='DE')`, or "" when an argument cannot be shown.
// A method's receiver (self, cls) is left out.
std::string call_text(const Symbol& s, const TraceFacts::Call& call) {
  std::string out = s.qualname + "(";
  bool first = true;
  for (size_t i = 0; i < call.args.size(); ++i) {
    const auto& [name, repr] = call.args[i];
    if (i == 0 && s.kind == SymbolKind::Method && (name == "self" || name == "cls")) continue;
    if (!showable(repr)) return "";
    out += (first ? "" : ", ") + name + "=" + repr;
    first = false;
  }
  return out + ")";
}

std::string where_called(const TraceFacts& trace, const TraceFacts::Call& call) {
  if (call.caller.empty()) return "";
  auto file = trace.files.find(call.caller);
  std::string place = file != trace.files.end() && !file->second.empty() ? " (" + file->second + ", line " + std::to_string(call.call_line) + ")" : "";
  return ", as observed when " + code(call.caller) + " called it" + place;
}

void observed_values(PairBuilder& b, const Symbol& s, const TraceFacts& trace) {
  auto it = trace.calls.find(s.qualname);
  if (it == trace.calls.end()) return;
  std::set<std::string> asked;
  for (const TraceFacts::Call& call : it->second) {
    if (asked.size() >= kCallsPerFunction) break;
    std::string text = call_text(s, call);
    if (text.empty() || asked.count(text)) continue;
    if (!call.raised.empty()) {
      if (call.raised[0] == '<') continue;  // the hook could not see which exception it was
      asked.insert(text);
      b.add(s, "observed_raise", "What happens when " + code(text) + " is called?",
            "It raises " + code(call.raised) + where_called(trace, call) + ".", "trace", s.def_line, s.end_line);
    } else if (call.returned && showable(call.result)) {
      asked.insert(text);
      b.add(s, "observed_return", "What does " + code(text) + " return?", code(call.result) + where_called(trace, call) + ".", "trace",
            s.def_line, s.end_line);
    }
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

}  // namespace

TraceFacts read_trace_facts(const std::string& path) {
  json doc = read_trace_document(path);
  TraceFacts facts;
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
        TraceFacts::Call call;
        for (auto it = sample["args"].begin(); it != sample["args"].end(); ++it)
          call.args.emplace_back(it.key(), it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
        if (sample.contains("raised") && sample["raised"].is_string()) call.raised = sample["raised"];
        if (sample.contains("result") && sample["result"].is_string()) call.result = sample["result"], call.returned = true;
        if (sample.contains("caller") && sample["caller"].is_string()) call.caller = sample["caller"];
        if (sample.contains("call_line") && sample["call_line"].is_number_integer()) call.call_line = sample["call_line"];
        facts.calls[id].push_back(std::move(call));
      }
    }
  }
  for (const json& e : doc["edges"]) {
    if (!e.is_object() || !e.contains("caller") || !e.contains("callee") || !e["caller"].is_string() || !e["callee"].is_string()) continue;
    bool boundary = e.contains("boundary") && e["boundary"].is_boolean() && e["boundary"].get<bool>();
    bool observed = e.contains("observed") && e["observed"].is_number_integer() && e["observed"].get<long long>() > 0;
    if (observed && !boundary) facts.callees[e["caller"].get<std::string>()].insert(e["callee"].get<std::string>());
  }
  return facts;
}

std::vector<QaPair> generate_trace_qa(const ModuleModel& m, const TraceFacts& trace, const QaContext& context, const QaOptions& options) {
  std::vector<QaPair> out;
  PairBuilder b(m, context, out, options.context_lines);
  for (const Symbol& s : m.symbols) {
    if (s.kind != SymbolKind::Function && s.kind != SymbolKind::Method) continue;
    if (!options.include_private && is_private_symbol(m, s)) continue;
    observed_values(b, s, trace);
    observed_reach(b, s, trace);
  }
  out.erase(std::remove_if(out.begin(), out.end(), [&](const QaPair& p) { return !kind_wanted(p, options.kinds); }), out.end());
  return out;
}

}  // namespace codetrace
