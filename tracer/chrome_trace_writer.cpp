#include "tracer/chrome_trace_writer.hpp"

#include <algorithm>
#include <cstdio>

#include "core/json_line.hpp"

namespace codetrace {

void write_chrome_trace(const RecordFile& record, const std::vector<std::string>& code_ids, std::ostream& out) {
  const RecordHeader& h = record.header();
  double us_per_tick = ns_per_tick(h) / 1000.0;
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
    std::snprintf(line, sizeof line, "%s{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"args\":{\"name\":\"%s %u\"}}",
                  first ? "" : ",\n", pid, t, t == 0 ? "main" : "thread", t);
    buffer += line;
    first = false;
  }
  std::uint64_t count = std::min(h.event_count, h.event_capacity);
  for (std::uint64_t i = 0; i < count; ++i) {
    const CallEvent& e = record.events()[i];
    if (e.code >= names.size() || names[e.code].empty()) continue;
    double ts = static_cast<double>(e.start - h.start_ticks) * us_per_tick;
    double dur = static_cast<double>(e.end - e.start) * us_per_tick;
    buffer += first ? "{\"name\":" : ",\n{\"name\":";
    first = false;
    buffer += names[e.code];
    std::snprintf(line, sizeof line, ",\"ph\":\"X\",\"ts\":%.3f,\"dur\":%.3f,\"pid\":%u,\"tid\":%u}", ts, dur, pid, e.thread);
    buffer += line;
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
