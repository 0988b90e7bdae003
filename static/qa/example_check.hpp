#pragma once
// ExampleChecker: runs docstring examples (`qa --verify-examples`) and observed calls (`qa --trace
// --verify`) in a separate Python process and says which ones doctest accepts, which calls give
// their recorded result again. The program it runs is static/qa/run_examples.py; this side
// writes the cases, starts it, and reads the verdicts.
//
// Two such processes run for the whole `qa` run, with two different hash seeds, and a case passes
// only when both accept it: an example whose output depends on set or dict order, the clock or
// chance is dropped, never retried into passing. Each imports a module once, however many
// examples it has. A process that stops answering is killed and a new one started.
#include <memory>
#include <string>
#include <vector>

#include "core/process.hpp"
#include "core/qa_pair.hpp"

namespace codetrace {

struct ExampleCase {
  std::string import_root;  // the folder `module` is imported from (first on sys.path)
  std::string module;       // the documented module's dotted name
  std::string doctest;      // the self-contained session (QaPair::doctest), or
  const ObservedCall* call = nullptr;  // an observed call to evaluate again in the module's namespace
};

struct ExampleVerdict {
  bool passed = false;
  bool timed_out = false;
  bool module_problem = false;  // no example of the module could run: it cannot be imported, the program ended
  std::string why;              // doctest's report, or what stopped the case, when it did not pass
};

class ExampleChecker {
 public:
  // `python`: the interpreter to run (the embedded one's executable, or --python).
  ExampleChecker(std::string python, double seconds_per_case);
  ~ExampleChecker();

  // One verdict per case, in order. Cases of one module come together.
  std::vector<ExampleVerdict> check(const std::vector<ExampleCase>& cases);

 private:
  struct Runner {
    std::string hash_seed;
    std::unique_ptr<LineChild> process;
    std::string module;  // the module it last ran examples of
  };
  std::string python_;
  double seconds_;
  Runner runners_[2];

  ExampleVerdict run(Runner& runner, const ExampleCase& c);
};

// The folder from which `module_name` (defined in `relative_path` under `root`) is imported:
// the file's folder, less one level for each package above it.
std::string import_root_of(const std::string& root, const std::string& relative_path, const std::string& module_name);

}  // namespace codetrace
