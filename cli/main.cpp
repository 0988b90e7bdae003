// codetrace: a thin main over the library (cli/run_cli.hpp).
#include <string>
#include <vector>

#include "cli/run_cli.hpp"

int main(int argc, char** argv) {
  return codetrace::run_cli(std::vector<std::string>(argv + 1, argv + argc));
}
