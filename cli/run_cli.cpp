#include "cli/run_cli.hpp"

#include <iostream>

namespace codetrace {

int run_cli(const std::vector<std::string>& args) {
  try {
    CliRequest request = parse_cli(args);
    switch (request.action) {
      case CliRequest::Action::Help: std::cout << request.help_text; return kExitOk;
      case CliRequest::Action::Version: std::cout << version_text(); return kExitOk;
      case CliRequest::Action::Qa: return run_qa(request.qa);
      case CliRequest::Action::Graph: return run_graph(request.graph);
      case CliRequest::Action::Run: return run_trace(request.run);
      case CliRequest::Action::Diff: return run_diff(request.diff);
      case CliRequest::Action::Validate: return run_validate(request.validate);
      case CliRequest::Action::Report: return run_report(request.report);
      case CliRequest::Action::Batch: return run_batch(request.batch);
    }
  } catch (const UsageError& e) {
    std::cerr << "codetrace: error: " << e.what() << "\n"
              << "Try 'codetrace " << (e.command.empty() ? "" : e.command + " ") << "--help'.\n";
    return kExitUsage;
  } catch (const Error& e) {
    std::cerr << "codetrace: error: " << e.what() << "\n";
    return kExitFailed;
  } catch (const std::exception& e) {
    std::cerr << "codetrace: internal error: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitFailed;
}

}  // namespace codetrace
