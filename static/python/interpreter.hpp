#pragma once
// The embedded CPython. One per process: created by a command that needs Python, finalized when
// it goes out of scope. The static analyzer runs it isolated (no site, no environment variables,
// no signal handlers), so nothing from the analysed project or the user's environment is imported.
#include <set>
#include <string>

namespace codetrace {

class Interpreter {
 public:
  struct Options {
    bool isolated = true;  // ignore PYTHON* variables and user site-packages; do not import site
  };
  explicit Interpreter(Options options);  // throws Error when Python cannot start
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  // "3.11.2": the version of the libpython this program runs.
  static std::string runtime_version();

  // fork(), with CPython told before and after (PyOS_BeforeFork and its pair), so that the
  // child can go on using the interpreter. The caller must have no other threads running.
  // Returns what fork() returns.
  static int fork_process();
};

// The names in the running interpreter's builtins module (print, len, super, ...), and the
// attributes of the builtin value types as "str.join", "dict.items", ...
std::set<std::string> builtin_names();

// The message of the Python exception in flight ("ValueError: ..."), which it clears.
std::string take_python_error();

}  // namespace codetrace
