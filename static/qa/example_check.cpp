#include "static/qa/example_check.hpp"

#include <algorithm>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "run_examples_source.hpp"

namespace codetrace {

ExampleChecker::ExampleChecker(std::string python, double seconds_per_case) : python_(std::move(python)), seconds_(seconds_per_case) {
  runners_[0].hash_seed = "0";
  runners_[1].hash_seed = "1";
}

ExampleChecker::~ExampleChecker() = default;

ExampleVerdict ExampleChecker::run(Runner& runner, const ExampleCase& c) {
  ExampleVerdict v;
  if (!runner.process || !runner.process->running()) {
    runner.process = std::make_unique<LineChild>(std::vector<std::string>{python_, "-c", qa_assets::kRunExamples},
                                                 std::vector<std::string>{"PYTHONHASHSEED=" + runner.hash_seed, "PYTHONDONTWRITEBYTECODE=1"});
    runner.module.clear();
    if (!runner.process->running()) {
      v.why = runner.process->start_error();
      v.module_problem = true;
      runner.process.reset();
      return v;
    }
  }
  // The first example of a module waits for its import too; the program kills a slow example
  // itself, so this limit only catches a program that stopped answering.
  bool first = runner.module != c.module;
  runner.module = c.module;
  nlohmann::json request{{"root", c.import_root}, {"module", c.module}, {"timeout", seconds_}};
  if (c.call) {
    request["expression"] = c.call->expression;
    request["values"] = c.call->values;
    if (c.call->raised.empty()) request["result"] = c.call->result;
    else request["raised"] = c.call->raised;
    if (c.call->calls) request["function"] = c.call->function, request["calls"] = *c.call->calls;
  } else {
    request["doctest"] = c.doctest;
  }
  std::string reply;
  if (!runner.process->write_line(request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) ||
      !runner.process->read_line(reply, seconds_ + (first ? 120 : 10))) {
    runner.process->kill();
    runner.process.reset();  // a new one for the next example
    v.why = "the example program stopped answering (" + python_ + ")";
    v.module_problem = first;
    return v;
  }
  nlohmann::json j = nlohmann::json::parse(reply, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    v.why = "the example program answered something else";
    return v;
  }
  v.passed = j.value("ok", false);
  v.why = j.value("why", std::string());
  v.timed_out = v.why.rfind("timed out", 0) == 0;
  v.module_problem = v.why.rfind("cannot import ", 0) == 0;
  return v;
}

std::vector<ExampleVerdict> ExampleChecker::check(const std::vector<ExampleCase>& cases) {
  // The two runs go side by side (two cores): the second seed's runner on a thread of its own.
  std::vector<ExampleVerdict> first, second;
  first.reserve(cases.size());
  second.reserve(cases.size());
  std::thread other([&] {
    for (const ExampleCase& c : cases) second.push_back(run(runners_[1], c));
  });
  for (const ExampleCase& c : cases) first.push_back(run(runners_[0], c));
  other.join();
  for (size_t i = 0; i < cases.size(); ++i)
    if (first[i].passed && !second[i].passed) first[i] = std::move(second[i]);
  return first;
}

std::string import_root_of(const std::string& root, const std::string& relative_path, const std::string& module_name) {
  std::string folder = root + "/" + relative_path;
  folder.resize(folder.rfind('/'));
  size_t levels = static_cast<size_t>(std::count(module_name.begin(), module_name.end(), '.'));
  bool package_init = relative_path == "__init__.py" || ends_with(relative_path, "/__init__.py");
  if (package_init) ++levels;
  for (size_t i = 0; i < levels && folder.rfind('/') != std::string::npos && folder.rfind('/') > 0; ++i) folder.resize(folder.rfind('/'));
  return folder;
}

}  // namespace codetrace
