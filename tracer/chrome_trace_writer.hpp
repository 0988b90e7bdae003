#pragma once
// --events: the timeline of the calls as Chrome Trace Event JSON (one complete "X" event per call,
// in microseconds from the start; threads as tids), which Perfetto and chrome://tracing open.
#include <ostream>
#include <string>
#include <vector>

#include "tracer/record_file.hpp"

namespace codetrace {

// `code_ids`: the graph id of each code index of the record ("" to leave its events out).
void write_chrome_trace(const RecordFile& record, const std::vector<std::string>& code_ids, std::ostream& out);

}  // namespace codetrace
