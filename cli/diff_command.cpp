// `codetrace diff`: read a trace, compare its static and observed edges, report.
#include "cli/command_support.hpp"
#include "cli/run_cli.hpp"
#include "core/trace_document.hpp"
#include "tracer/trace_diff.hpp"

namespace codetrace {

int run_diff(const DiffConfig& config) {
  TraceDiff diff = diff_trace(read_trace_document(config.trace), config.trace);
  OutputFile output(config.output);
  if (config.format == "json") write_diff_json(diff, output.stream());
  else write_diff_text(diff, output.stream());
  output.commit();
  return kExitOk;
}

}  // namespace codetrace
