#pragma once
// `codetrace run --dataset FILE.jsonl`: the execution trace as training data. One record per
// observed call of a function in scope (in the order the calls started), and, in a second file,
// per function the seed's call-sequence form with static/observed marks. Built from the record's
// call events after the target has ended. Schema: docs/dataset-format.md.
#include <cstdint>
#include <ostream>

#include "static/graph/call_graph.hpp"
#include "tracer/record_file.hpp"
#include "tracer/trace_file.hpp"

namespace codetrace {

struct DatasetCounts {
  std::uint64_t calls = 0;      // call records written
  std::uint64_t sequences = 0;  // call-sequence records written
  std::uint64_t dropped = 0;    // calls past --events-limit, not in the dataset
};

// `processes`: every process's record, the target's first; `observed`: what they observed, merged.
// `graph` (may be null) gives the static marks. `calls_out` gets the call records (each with its
// process's pid: call numbers are per process), `sequences_out` the call sequences.
DatasetCounts write_call_dataset(const std::vector<ProcessRecord>& processes, const Observed& observed, const CallGraph* graph,
                                 std::ostream& calls_out, std::ostream& sequences_out);

}  // namespace codetrace
