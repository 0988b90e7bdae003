#include "tracer/chrome_trace_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/json_line.hpp"

namespace codetrace {
namespace {

// Writes the events through one fixed buffer with raw pointers: the timeline has millions of
// events, and std::string appends cost several times the formatting itself.
class EventBuffer {
 public:
  explicit EventBuffer(std::ostream& out) : out_(out), data_(1 << 20), p_(data_.data()) {}
  ~EventBuffer() { flush(); }
  // Room for `n` more bytes.
  void reserve(std::size_t n) {
    if (p_ + n > data_.data() + data_.size()) flush();
    if (n > data_.size()) data_.resize(n), p_ = data_.data();
  }
  void put(const char* s, std::size_t n) {
    std::memcpy(p_, s, n);
    p_ += n;
  }
  void put(const std::string& s) { put(s.data(), s.size()); }
  void number(std::uint64_t n) { p_ = std::to_chars(p_, p_ + 24, n).ptr; }
  // Nanoseconds as microseconds with three decimals ("12.345"), without printf.
  void micros(std::uint64_t ns) {
    number(ns / 1000);
    unsigned frac = static_cast<unsigned>(ns % 1000);
    p_[0] = '.';
    p_[1] = static_cast<char>('0' + frac / 100);
    p_[2] = static_cast<char>('0' + frac / 10 % 10);
    p_[3] = static_cast<char>('0' + frac % 10);
    p_ += 4;
  }
  void flush() {
    out_.write(data_.data(), p_ - data_.data());
    p_ = data_.data();
  }

 private:
  std::ostream& out_;
  std::vector<char> data_;
  char* p_;
};

}  // namespace

namespace {

// "target", "fork of 123", "python3 -c ..." : what Perfetto shows for the process.
std::string process_label(const ObservedProcess& p) {
  if (p.started_by == "run") return "target";
  if (p.started_by == "fork") return "fork of " + std::to_string(p.parent_pid);
  return "python3 " + p.command;
}

}  // namespace

void write_chrome_trace(const std::vector<ProcessRecord>& processes, std::ostream& out) {
  if (processes.empty()) return;
  const RecordHeader& target = processes.front().record.header();
  double tick_ns = ns_per_tick(target);  // one clock for the machine: the target's start is time 0
  auto ns = [tick_ns](std::uint64_t ticks) { return static_cast<std::uint64_t>(static_cast<double>(ticks) * tick_ns); };
  EventBuffer buffer(out);
  auto literal = [&](const char* text) { buffer.put(text, std::strlen(text)); };
  // A metadata event: {"name":KIND,"ph":"M","pid":P,"tid":T,"args":{"name":NAME}}.
  bool first = true;
  auto metadata = [&](const char* kind, std::uint32_t pid, std::uint32_t tid, const std::string& name) {
    std::string line = std::string(first ? "" : ",\n") + "{\"name\":\"" + kind + "\",\"ph\":\"M\",\"pid\":" + std::to_string(pid) +
                       ",\"tid\":" + std::to_string(tid) + ",\"args\":{\"name\":";
    append_json_string(line, name);
    line += "}}";
    buffer.reserve(line.size());
    buffer.put(line);
    first = false;
  };
  buffer.reserve(64);
  literal("{\"traceEvents\":[\n");
  std::uint64_t written = 0, dropped = 0;
  for (const ProcessRecord& process : processes) {
    const RecordFile& record = process.record;
    const RecordHeader& h = record.header();
    const std::vector<std::string>& code_ids = process.observed.code_ids;
    std::vector<std::string> names(code_ids.size());  // JSON-escaped once per function, not per event
    for (size_t i = 0; i < code_ids.size(); ++i)
      if (!code_ids[i].empty()) append_json_string(names[i], code_ids[i]);  // with its quotes
    std::uint32_t pid = h.child_pid;
    if (!process.observed.processes.empty()) metadata("process_name", pid, 0, process_label(process.observed.processes.front()));
    std::uint32_t threads = std::min(h.threads, h.stack_capacity);
    for (std::uint32_t t = 0; t < threads; ++t) {
      const ThreadStack& st = record.stacks()[t];
      std::string name(st.name, strnlen(st.name, sizeof st.name));
      metadata("thread_name", pid, t, name.empty() ? (t == 0 ? "MainThread" : "thread " + std::to_string(t)) : name);
    }
    std::string pid_text = ",\"pid\":" + std::to_string(pid) + ",\"tid\":";
    std::uint64_t count = std::min(h.event_count, h.event_capacity);
    for (std::uint64_t i = 0; i < count; ++i) {
      const EventTimes& e = record.event_times(i);
      if (e.code >= names.size() || names[e.code].empty()) continue;
      buffer.reserve(names[e.code].size() + pid_text.size() + 128);
      if (first) buffer.put("{\"name\":", 8);
      else buffer.put(",\n{\"name\":", 10);
      first = false;
      buffer.put(names[e.code]);
      buffer.put(",\"ph\":\"X\",\"ts\":", 15);
      buffer.micros(ns(e.start > target.start_ticks ? e.start - target.start_ticks : 0));
      buffer.put(",\"dur\":", 7);
      buffer.micros(ns(e.end - e.start));
      buffer.put(pid_text);
      buffer.number(e.thread);
      buffer.put("}", 1);
    }
    written += count;
    dropped += h.event_count - count;
  }
  char line[160];
  std::snprintf(line, sizeof line, "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"events\":%llu,\"dropped_events\":%llu}}\n",
                static_cast<unsigned long long>(written), static_cast<unsigned long long>(dropped));
  buffer.reserve(std::strlen(line));
  literal(line);
}

}  // namespace codetrace
