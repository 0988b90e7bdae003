// codetrace: a thin main over the library (cli/run_cli.hpp).
#include <string>
#include <vector>

#include "cli/run_cli.hpp"
#include "tracer/child_interpreter.hpp"

int main(int argc, char** argv) {
  // Started as a traced run's sys.executable: codetrace is that Python child.
  if (argc > 0 && codetrace::is_child_interpreter(argv[0])) codetrace::run_child_interpreter(argc, argv);
  return codetrace::run_cli(std::vector<std::string>(argv + 1, argv + argc));
}
