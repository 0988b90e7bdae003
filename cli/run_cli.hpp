#pragma once
// The program's entry point as a library function: parses arguments, runs the command, and is
// the one place that turns errors into messages and exit codes (see core/error.hpp).
#include <string>
#include <vector>

#include "cli/cli_options.hpp"

namespace codetrace {

int run_cli(const std::vector<std::string>& args);

// Commands (one file each).
int run_qa(const QaConfig& config);
int run_graph(const GraphConfig& config);
int run_trace(const RunConfig& config);
int run_diff(const DiffConfig& config);
int run_validate(const ValidateConfig& config);
int run_report(const ReportConfig& config);
int run_batch(const BatchConfig& config);

}  // namespace codetrace
