#pragma once
// --events: the timeline of the calls as Chrome Trace Event JSON (one complete "X" event per call,
// in microseconds from the target's start; processes as pids, threads as tids), which Perfetto
// and chrome://tracing open.
#include <ostream>
#include <string>
#include <vector>

#include "tracer/trace_file.hpp"

namespace codetrace {

// The target's process first. Each record's `observed.code_ids` names its code indices ("" leaves
// their events out).
void write_chrome_trace(const std::vector<ProcessRecord>& processes, std::ostream& out);

}  // namespace codetrace
