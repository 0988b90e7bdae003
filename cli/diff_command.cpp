// `codetrace diff`: read a trace, compare its static and observed edges, report.
#include <fstream>

#include "cli/command_support.hpp"
#include "cli/run_cli.hpp"
#include "tracer/trace_diff.hpp"

namespace codetrace {

int run_diff(const DiffConfig& config) {
  std::ifstream in(config.trace);
  if (!in) throw Error("cannot open the trace " + config.trace);
  TraceDiff diff = diff_trace(in, config.trace);
  OutputFile output(config.output);
  if (config.format == "json") write_diff_json(diff, output.stream());
  else write_diff_text(diff, output.stream());
  output.commit();
  return kExitOk;
}

}  // namespace codetrace
