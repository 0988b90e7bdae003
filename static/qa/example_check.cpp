#include "static/qa/example_check.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/process.hpp"
#include "core/text.hpp"
#include "run_examples_source.hpp"

namespace codetrace {
namespace {

// A private folder for one batch's files, removed when the batch is done.
class ScratchFolder {
 public:
  ScratchFolder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/codetrace-verify-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (!::mkdtemp(buffer.data())) throw Error("cannot create a temporary folder under " + pattern.substr(0, pattern.rfind('/')));
    path_ = buffer.data();
  }
  ~ScratchFolder() {
    for (const char* name : {"/cases.jsonl", "/results.jsonl"}) ::unlink((path_ + name).c_str());
    ::rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

std::vector<ExampleVerdict> ExampleChecker::run_once(const std::vector<ExampleCase>& cases, const std::string& hash_seed) const {
  ScratchFolder scratch;
  std::string cases_path = scratch.path() + "/cases.jsonl", results_path = scratch.path() + "/results.jsonl";
  {
    std::ofstream out(cases_path);
    for (const ExampleCase& c : cases)
      out << nlohmann::json{{"root", c.import_root}, {"module", c.module}, {"doctest", c.doctest}}.dump(-1, ' ', false,
                                                                                                          nlohmann::json::error_handler_t::replace)
          << "\n";
    if (!out) throw Error("cannot write " + cases_path);
  }
  // The whole batch is bounded too: importing the module may hang before any case starts.
  double budget = 60 + seconds_ * static_cast<double>(cases.size());
  ProcessResult r = run_process({python_, "-c", qa_assets::kRunExamples, cases_path, results_path, std::to_string(seconds_)}, budget,
                                {"PYTHONHASHSEED=" + hash_seed, "PYTHONDONTWRITEBYTECODE=1"});
  std::vector<ExampleVerdict> verdicts(cases.size());
  std::ifstream in(results_path);
  std::string line;
  size_t n = 0;
  while (n < cases.size() && std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) break;
    verdicts[n].passed = j.value("ok", false);
    verdicts[n].why = j.value("why", std::string());
    verdicts[n].timed_out = verdicts[n].why.rfind("timed out", 0) == 0;
    verdicts[n].module_problem = verdicts[n].why.rfind("cannot import ", 0) == 0;
    ++n;
  }
  // Cases the program never reported on: it was killed, crashed or could not start.
  std::string why = r.exit_code == -1 ? "cannot run " + python_
                    : r.timed_out     ? "the example program ran past its time limit"
                                      : "the example program ended early (exit status " + std::to_string(r.exit_code) + ")";
  if (n < cases.size() && !r.err.empty()) why += ": " + r.err.substr(r.err.size() > 500 ? r.err.size() - 500 : 0);
  for (; n < cases.size(); ++n) verdicts[n].why = why, verdicts[n].timed_out = r.timed_out, verdicts[n].module_problem = true;
  return verdicts;
}

std::vector<ExampleVerdict> ExampleChecker::check(const std::vector<ExampleCase>& cases) const {
  if (cases.empty()) return {};
  std::vector<ExampleVerdict> first = run_once(cases, "0");
  std::vector<ExampleCase> again;
  std::vector<size_t> where;
  for (size_t i = 0; i < cases.size(); ++i)
    if (first[i].passed) again.push_back(cases[i]), where.push_back(i);
  if (again.empty()) return first;
  std::vector<ExampleVerdict> second = run_once(again, "1");
  for (size_t k = 0; k < where.size(); ++k)
    if (!second[k].passed) first[where[k]] = second[k];
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
