#include "tracer/call_dataset.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/json_line.hpp"

namespace codetrace {
namespace {

// A JSON array of strings.
std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    append_json_string(out, items[i]);
  }
  return out + "]";
}

std::string json_bools(const std::vector<bool>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += std::string(i ? ", " : "") + (items[i] ? "true" : "false");
  return out + "]";
}

struct Sequence {
  std::vector<std::string> calls;
  std::uint64_t observed_calls = 0;
};
using StaticEdges = std::set<std::pair<std::string, std::string>>;

// One process's calls, in the order they started; `observed` is the merged trace (every process).
void write_process_calls(const ProcessRecord& process, const Observed& observed, std::ostream& calls_out,
                         std::map<std::string, Sequence>& sequences, DatasetCounts& counts) {
  const RecordFile& record = process.record;
  const RecordHeader& h = record.header();
  std::uint64_t kept = std::min(h.event_count, h.event_capacity);
  counts.dropped += h.event_count - kept;
  std::vector<const CallEvent*> events;
  events.reserve(kept);
  if (!record.full_events()) throw Error("the record holds no dataset events");  // create(..., full_events) was not asked
  for (std::uint64_t i = 0; i < kept; ++i) events.push_back(&record.call_event(i));
  // Events are written as calls return; the dataset is in the order they started.
  std::sort(events.begin(), events.end(), [](const CallEvent* a, const CallEvent* b) { return a->seq < b->seq; });

  const std::vector<std::string>& code_ids = process.observed.code_ids;
  std::uint32_t code_count = std::min(h.code_count, h.code_capacity);
  auto id_of = [&](std::uint32_t code) -> const std::string* {
    if (code >= code_count || code >= code_ids.size() || code_ids[code].empty()) return nullptr;
    return &code_ids[code];
  };
  std::unordered_map<std::uint64_t, std::size_t> by_seq;  // seq -> index in events
  for (std::size_t i = 0; i < events.size(); ++i) by_seq.emplace(events[i]->seq, i);
  // Children in the order they started; a resumption is not a call.
  std::vector<std::vector<std::size_t>> children(events.size());
  std::vector<std::uint32_t> level(events.size(), 0);  // recorded calls above it
  for (std::size_t i = 0; i < events.size(); ++i) {
    auto parent = by_seq.find(events[i]->parent);
    if (parent == by_seq.end()) continue;
    level[i] = level[parent->second] + 1;
    if (!(events[i]->flags & kEventResumed) && id_of(events[i]->times.code)) children[parent->second].push_back(i);
  }
  double ns = ns_per_tick(h);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const CallEvent& e = *events[i];
    const std::string* id = id_of(e.times.code);
    if (!id || (e.flags & kEventResumed) || !record.codes()[e.times.code].in_scope || record.codes()[e.times.code].body) continue;
    auto function = observed.functions.find(*id);
    std::vector<std::string> callees;
    for (std::size_t c : children[i]) callees.push_back(*id_of(events[c]->times.code));

    JsonLine line;
    line.field("pid", static_cast<long long>(h.child_pid)).field("call", static_cast<long long>(e.seq)).field("function", *id);
    if (function != observed.functions.end()) line.field("file", function->second.file).field("line", function->second.line);
    const EdgeEntry* edge = e.edge < h.edge_capacity ? &record.edges()[e.edge] : nullptr;
    const std::string* caller = edge ? id_of(edge->caller) : nullptr;
    if (caller) line.field("caller", *caller).field("call_line", edge->line);
    else line.null_field("caller").null_field("call_line");
    auto parent = by_seq.find(e.parent);
    if (parent != by_seq.end()) line.field("parent_call", static_cast<long long>(e.parent));
    else line.null_field("parent_call");
    line.field("depth", static_cast<long long>(level[i])).field("thread", static_cast<long long>(e.times.thread));
    const ValueSample* sample = e.sample && e.sample <= std::min(h.value_count, h.value_capacity) ? &record.values()[e.sample - 1] : nullptr;
    if (sample && sample->ready >= 1) {
      line.raw_field("args", record.string_at(sample->args_off, sample->args_len));
      line.raw_field("arg_types", sample->types_len ? record.string_at(sample->types_off, sample->types_len) : std::string("{}"));
    } else {
      line.null_field("args").null_field("arg_types");
    }
    if (sample && sample->ready >= 2) {
      std::string result = record.string_at(sample->result_off, sample->result_len);
      // A raised exception is written as {"raised": "Type: message"}: that is not a return value.
      nlohmann::json parsed = nlohmann::json::parse(result, nullptr, false);
      if (parsed.is_object() && parsed.contains("raised")) line.null_field("result").field("raised", parsed["raised"].get<std::string>());
      else line.raw_field("result", result).null_field("raised");
    } else {
      line.null_field("result").null_field("raised");
    }
    if (sample && sample->ready >= 2 && sample->result_type_len)
      line.raw_field("result_type", record.string_at(sample->result_type_off, sample->result_type_len));
    else
      line.null_field("result_type");
    if (e.flags & kEventRaised)
      line.field("exception", e.exception_len ? record.string_at(e.exception_off, e.exception_len) : std::string("?"));
    else
      line.null_field("exception");
    line.raw_field("calls", json_array(callees));
    line.field("duration_ns", static_cast<long long>(static_cast<double>(e.times.end - e.times.start) * ns));
    line.raw_field("returned", (e.flags & kEventOpen) ? "false" : "true");
    calls_out << line.finish() << "\n";
    ++counts.calls;

    Sequence& seq = sequences[*id];
    if (seq.observed_calls++ == 0)  // the first call's sequence, a run of calls to one function once
      for (const std::string& callee : callees)
        if (seq.calls.empty() || seq.calls.back() != callee) seq.calls.push_back(callee);
  }
}

}  // namespace

DatasetCounts write_call_dataset(const std::vector<ProcessRecord>& processes, const Observed& observed, const CallGraph* graph,
                                 std::ostream& calls_out, std::ostream& sequences_out) {
  DatasetCounts counts;
  std::map<std::string, Sequence> sequences;  // by function id, sorted; the first process's first call wins
  for (const ProcessRecord& process : processes) write_process_calls(process, observed, calls_out, sequences, counts);
  StaticEdges static_edges;
  if (graph)
    for (const GraphEdge& e : graph->edges) static_edges.emplace(e.caller, e.callee);

  for (const auto& [id, seq] : sequences) {
    std::vector<bool> marks;
    std::set<std::string> seen(seq.calls.begin(), seq.calls.end());
    for (const std::string& callee : seq.calls) marks.push_back(static_edges.count({id, callee}) > 0);
    std::vector<std::string> static_only;
    if (graph)
      for (auto it = static_edges.lower_bound({id, ""}); it != static_edges.end() && it->first == id; ++it)
        if (!seen.count(it->second) && !observed.edges.count({id, it->second})) static_only.push_back(it->second);
    JsonLine line;
    line.field("function", id).raw_field("calls", json_array(seq.calls));
    if (graph) line.raw_field("static", json_bools(marks)).raw_field("static_only", json_array(static_only));
    line.field("observed_calls", static_cast<long long>(seq.observed_calls));
    sequences_out << line.finish() << "\n";
    ++counts.sequences;
  }
  return counts;
}

}  // namespace codetrace
