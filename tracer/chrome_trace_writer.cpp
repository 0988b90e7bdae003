#include "tracer/chrome_trace_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "core/json_line.hpp"

namespace codetrace {
namespace {

// Appends nanoseconds as microseconds with three decimals ("12.345"), without printf: the
// timeline has millions of events.
void append_micros(std::string& out, std::uint64_t ns) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, ns / 1000);
  out.append(digits, end);
  unsigned frac = static_cast<unsigned>(ns % 1000);
  char tail[4] = {'.', static_cast<char>('0' + frac / 100), static_cast<char>('0' + frac / 10 % 10), static_cast<char>('0' + frac % 10)};
  out.append(tail, 4);
}

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

}  // namespace

void write_chrome_trace(const RecordFile& record, const std::vector<std::string>& code_ids, std::ostream& out) {
  const RecordHeader& h = record.header();
  double tick_ns = ns_per_tick(h);
  std::vector<std::string> names(code_ids.size());  // JSON-escaped once per function, not per event
  for (size_t i = 0; i < code_ids.size(); ++i) {
    if (code_ids[i].empty()) continue;
    append_json_string(names[i], code_ids[i]);  // with its quotes
  }
  std::string buffer;
  buffer.reserve(1 << 20);
  buffer += "{\"traceEvents\":[\n";
  std::uint32_t pid = h.child_pid;
  std::uint32_t threads = std::min(h.threads, h.stack_capacity);
  char line[160];
  bool first = true;
  for (std::uint32_t t = 0; t < threads; ++t) {
    const ThreadStack& st = record.stacks()[t];
    std::string name(st.name, strnlen(st.name, sizeof st.name));
    if (name.empty()) name = t == 0 ? "MainThread" : "thread " + std::to_string(t);
    std::snprintf(line, sizeof line, "%s{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"args\":{\"name\":", first ? "" : ",\n",
                  pid, t);
    buffer += line;
    append_json_string(buffer, name);
    buffer += "}}";
    first = false;
  }
  std::uint64_t count = std::min(h.event_count, h.event_capacity);
  for (std::uint64_t i = 0; i < count; ++i) {
    const CallEvent& e = record.events()[i];
    if (e.code >= names.size() || names[e.code].empty()) continue;
    auto ns = [tick_ns](std::uint64_t ticks) { return static_cast<std::uint64_t>(static_cast<double>(ticks) * tick_ns); };
    buffer += first ? "{\"name\":" : ",\n{\"name\":";
    first = false;
    buffer += names[e.code];
    buffer += ",\"ph\":\"X\",\"ts\":";
    append_micros(buffer, ns(e.start - h.start_ticks));
    buffer += ",\"dur\":";
    append_micros(buffer, ns(e.end - e.start));
    buffer += ",\"pid\":";
    append_number(buffer, pid);
    buffer += ",\"tid\":";
    append_number(buffer, e.thread);
    buffer += '}';
    if (buffer.size() > (1 << 20) - 512) {
      out << buffer;
      buffer.clear();
    }
  }
  std::snprintf(line, sizeof line, "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"events\":%llu,\"dropped_events\":%llu}}\n",
                static_cast<unsigned long long>(count),
                static_cast<unsigned long long>(h.event_count > h.event_capacity ? h.event_count - h.event_capacity : 0));
  buffer += line;
  out << buffer;
}

}  // namespace codetrace
