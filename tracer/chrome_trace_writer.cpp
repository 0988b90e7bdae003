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

void write_chrome_trace(const RecordFile& record, const std::vector<std::string>& code_ids, std::ostream& out) {
  const RecordHeader& h = record.header();
  double tick_ns = ns_per_tick(h);
  std::vector<std::string> names(code_ids.size());  // JSON-escaped once per function, not per event
  for (size_t i = 0; i < code_ids.size(); ++i) {
    if (code_ids[i].empty()) continue;
    append_json_string(names[i], code_ids[i]);  // with its quotes
  }
  EventBuffer buffer(out);
  auto literal = [&](const char* text) { buffer.put(text, std::strlen(text)); };
  buffer.reserve(64);
  literal("{\"traceEvents\":[\n");
  std::uint32_t pid = h.child_pid;
  std::uint32_t threads = std::min(h.threads, h.stack_capacity);
  char line[160];
  bool first = true;
  for (std::uint32_t t = 0; t < threads; ++t) {
    const ThreadStack& st = record.stacks()[t];
    std::string name(st.name, strnlen(st.name, sizeof st.name));
    if (name.empty()) name = t == 0 ? "MainThread" : "thread " + std::to_string(t);
    std::string quoted;
    append_json_string(quoted, name);
    std::snprintf(line, sizeof line, "%s{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"args\":{\"name\":", first ? "" : ",\n",
                  pid, t);
    buffer.reserve(std::strlen(line) + quoted.size() + 4);
    literal(line);
    buffer.put(quoted);
    literal("}}");
    first = false;
  }
  std::string pid_text = ",\"pid\":" + std::to_string(pid) + ",\"tid\":";
  std::uint64_t count = std::min(h.event_count, h.event_capacity);
  for (std::uint64_t i = 0; i < count; ++i) {
    const EventTimes& e = record.event_times(i);
    if (e.code >= names.size() || names[e.code].empty()) continue;
    auto ns = [tick_ns](std::uint64_t ticks) { return static_cast<std::uint64_t>(static_cast<double>(ticks) * tick_ns); };
    buffer.reserve(names[e.code].size() + pid_text.size() + 128);
    if (first) buffer.put("{\"name\":", 8);
    else buffer.put(",\n{\"name\":", 10);
    first = false;
    buffer.put(names[e.code]);
    buffer.put(",\"ph\":\"X\",\"ts\":", 15);
    buffer.micros(ns(e.start - h.start_ticks));
    buffer.put(",\"dur\":", 7);
    buffer.micros(ns(e.end - e.start));
    buffer.put(pid_text);
    buffer.number(e.thread);
    buffer.put("}", 1);
  }
  std::snprintf(line, sizeof line, "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"events\":%llu,\"dropped_events\":%llu}}\n",
                static_cast<unsigned long long>(count),
                static_cast<unsigned long long>(h.event_count > h.event_capacity ? h.event_count - h.event_capacity : 0));
  buffer.reserve(std::strlen(line));
  literal(line);
}

}  // namespace codetrace
