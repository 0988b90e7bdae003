#include "tracer/traced_process.hpp"

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>

#include "build_info.hpp"
#include "core/error.hpp"
#include "core/process.hpp"
#include "hooks/hook.hpp"
#include "tracer/crash_handler.hpp"
#include "tracer/injection.hpp"

namespace codetrace {
namespace {

volatile sig_atomic_t g_child = 0;
RecordHeader* g_header = nullptr;     // the child's record, for its excepthook
PyObject* g_original_excepthook = nullptr;

// sys.excepthook in the child: notes which exception ended the target, then lets the original
// hook print the traceback as usual.
PyObject* note_exception(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs >= 2 && g_header) {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    const char* name = PyType_Check(args[0]) ? reinterpret_cast<PyTypeObject*>(args[0])->tp_name : "?";
    PyObject* text = PyObject_Str(args[1]);
    const char* message = text ? PyUnicode_AsUTF8(text) : nullptr;
    std::snprintf(g_header->exception, sizeof g_header->exception, "%s%s%s", name, message && *message ? ": " : "",
                  message ? message : "");
    Py_XDECREF(text);
    PyErr_Restore(type, value, traceback);
  }
  if (!g_original_excepthook) Py_RETURN_NONE;
  return PyObject_Vectorcall(g_original_excepthook, args, static_cast<size_t>(nargs), nullptr);
}
PyMethodDef note_exception_def = {"codetrace_excepthook", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(note_exception)),
                                  METH_FASTCALL, nullptr};

void wrap_excepthook(RecordFile& record) {
  g_header = &record.header();
  g_original_excepthook = PySys_GetObject("excepthook");  // borrowed
  Py_XINCREF(g_original_excepthook);
  PyObject* hook = PyCFunction_New(&note_exception_def, nullptr);
  if (!hook || PySys_SetObject("excepthook", hook) != 0) PyErr_Clear();
  Py_XDECREF(hook);
}

void forward_signal(int sig) {
  if (g_child > 0) kill(g_child, sig);
}

// SIGINT and SIGQUIT: from the terminal (Ctrl-C) they reach the whole process group, the target
// included, so they are not passed on; sent to codetrace alone (kill -INT), they are.
void forward_sent_signal(int sig, siginfo_t* info, void*) {
  if (info && (info->si_code == SI_USER || info->si_code == SI_QUEUE) && g_child > 0) kill(g_child, sig);
}

void set_wide(PyConfig& config, wchar_t** field, const std::string& text) {
  PyStatus status = PyConfig_SetBytesString(&config, field, text.c_str());
  if (PyStatus_Exception(status)) throw Error("cannot configure Python: " + std::string(status.err_msg ? status.err_msg : "?"));
}

// Sets sys.executable to `path` (sys._base_executable, which venv creation reads, stays the real one).
void set_executable(const std::string& path) {
  PyObject* text = PyUnicode_DecodeFSDefault(path.c_str());
  if (!text || PySys_SetObject("executable", text) != 0) PyErr_Clear();
  Py_XDECREF(text);
}

}  // namespace

[[noreturn]] void run_embedded(const EmbeddedRun& run, const TraceScope& scope, RecordFile& record) {
  int code = 1;
  try {
    register_injection_module();
    PyConfig config;
    PyConfig_InitPythonConfig(&config);  // like `python`: site, environment variables, signal handlers
    config.parse_argv = run.parse_options ? 1 : 0;
    // The interpreter's path decides the prefix; a venv's interpreter brings its site-packages.
    set_wide(config, &config.program_name, run.program);
    std::vector<std::string> argv = run.argv;
    std::vector<char*> raw;
    for (std::string& a : argv) raw.push_back(a.data());
    PyStatus status = PyConfig_SetBytesArgv(&config, static_cast<Py_ssize_t>(raw.size()), raw.data());
    if (!PyStatus_Exception(status)) {
      if (!run.module.empty()) set_wide(config, &config.run_module, run.module);
      else if (!run.filename.empty()) set_wide(config, &config.run_filename, run.filename);
      status = Py_InitializeFromConfig(&config);
    }
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
      if (PyStatus_IsExit(status)) {  // `python -V`, `--help`: printed, and done
        std::fflush(nullptr);
        _exit(status.exitcode);
      }
      throw Error(std::string("cannot start Python: ") + (status.err_msg ? status.err_msg : "?"));
    }
    CallRecorder recorder(record, scope);
    std::unique_ptr<Hook> hook = make_hook(recorder, run.hook);
    hook->install();
    RecordHeader& h = record.header();
    std::snprintf(h.backend, sizeof h.backend, "%s", hook->backend());
    h.hook_installed = 1;
    h.child_pid = static_cast<std::uint32_t>(getpid());
    std::string command;
    for (size_t i = 1; i < run.argv.size(); ++i) command += (i > 1 ? " " : "") + run.argv[i];
    std::snprintf(h.command, sizeof h.command, "%s", command.c_str());
    if (!run.children_executable.empty()) set_executable(run.children_executable);
    wrap_excepthook(record);
    install_injection(recorder, run.inject);
    install_crash_handler(record);
    code = Py_RunMain();  // runs the target, prints its traceback if any, finalizes
  } catch (const std::exception& e) {
    std::fprintf(stderr, "codetrace: error: %s\n", e.what());
    code = 1;
  }
  std::fflush(nullptr);
  _exit(code);
}

namespace {

double seconds_since(const timespec& start) {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<double>(now.tv_sec - start.tv_sec) + static_cast<double>(now.tv_nsec - start.tv_nsec) / 1e9;
}

}  // namespace

std::string check_venv(const std::string& folder) {
  std::ifstream cfg(folder + "/pyvenv.cfg");
  if (!cfg) throw Error("the virtual environment " + folder + " has no pyvenv.cfg");
  std::string line, version;
  while (std::getline(cfg, line)) {
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, line.find_last_not_of(" \t", eq - 1) + 1);
    std::string value = line.substr(line.find_first_not_of(" \t", eq + 1) == std::string::npos ? line.size() : line.find_first_not_of(" \t", eq + 1));
    if (key == "version" || key == "version_info") version = value;
  }
  auto minor = [](const std::string& v) { return v.substr(0, v.find('.', v.find('.') + 1)); };
  std::string ours = Py_GetVersion();
  ours = ours.substr(0, ours.find(' '));
  if (version.empty()) throw Error("the virtual environment " + folder + " does not say its Python version in pyvenv.cfg");
  if (minor(version) != minor(ours))
    throw Error("the virtual environment " + folder + " is for Python " + minor(version) + ", but codetrace embeds Python " +
                minor(ours) + "; build codetrace against that Python (PYTHON=... scripts/setup.sh) or use another venv");
  std::string python = folder + "/bin/python";
  if (access(python.c_str(), X_OK) != 0) throw Error("the virtual environment " + folder + " has no bin/python");
  return python;
}

TargetOutcome run_target(const TargetSpec& spec, const TraceScope& scope, RecordFile& record) {
  std::fflush(nullptr);
  timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw Error(std::string("cannot start the target: ") + std::strerror(errno));
  if (pid == 0) {
    die_with_parent(parent);  // no one would write its trace
    EmbeddedRun run;
    run.program = spec.venv.empty() ? std::string(build_info::python_executable) : check_venv(spec.venv);
    run.argv.push_back(spec.module ? "-m" : spec.target);
    run.argv.insert(run.argv.end(), spec.args.begin(), spec.args.end());
    (spec.module ? run.module : run.filename) = spec.target;
    run.inject = spec.inject;
    run.children_executable = spec.children_executable;
    run.hook = spec.hook;
    run_embedded(run, scope, record);
  }

  // The parent outlives the child: Ctrl-C reaches the child through the terminal's process
  // group; SIGINT and SIGQUIT sent to codetrace alone, and SIGTERM and SIGHUP, are passed on.
  g_child = pid;
  struct sigaction when_sent {}, forward {}, old_int {}, old_quit {}, old_term {}, old_hup {};
  when_sent.sa_sigaction = forward_sent_signal;
  when_sent.sa_flags = SA_SIGINFO;
  forward.sa_handler = forward_signal;
  sigaction(SIGINT, &when_sent, &old_int);
  sigaction(SIGQUIT, &when_sent, &old_quit);
  sigaction(SIGTERM, &forward, &old_term);
  sigaction(SIGHUP, &forward, &old_hup);
  // `codetrace run ... 2>&1 | head -1`: once the reader is gone, codetrace's own messages fail
  // quietly (EPIPE) instead of killing it, and the trace, a file, is still written.
  signal(SIGPIPE, SIG_IGN);

  TargetOutcome out;
  int status = 0;
  bool timed_out = false;
  double kill_at = 0;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      out.end_ticks = clock_ticks();
      break;
    }
    if (done < 0 && errno != EINTR) throw Error(std::string("lost the target process: ") + std::strerror(errno));
    double elapsed = seconds_since(start);
    if (spec.timeout_s > 0 && !timed_out && elapsed >= spec.timeout_s) {
      timed_out = true;
      kill(pid, SIGTERM);
      kill_at = elapsed + 2.0;  // then SIGKILL if it does not go
    } else if (timed_out && elapsed >= kill_at) {
      kill(pid, SIGKILL);
      kill_at = elapsed + 3600;
    }
    timespec pause{0, 2000000};  // 2 ms
    nanosleep(&pause, nullptr);
  }
  out.duration_s = seconds_since(start);
  g_child = 0;
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGQUIT, &old_quit, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  sigaction(SIGHUP, &old_hup, nullptr);

  if (WIFEXITED(status)) {
    out.exit_code = WEXITSTATUS(status);
    out.ended = "exit";
  } else if (WIFSIGNALED(status)) {
    out.signal = WTERMSIG(status);
    out.exit_code = 128 + out.signal;
    out.ended = "signal";
    const char* abbrev = sigabbrev_np(out.signal);
    out.signal_name = abbrev ? std::string("SIG") + abbrev : std::to_string(out.signal);
  }
  if (timed_out) out.ended = "timeout";
  out.exception = std::string(record.header().exception, strnlen(record.header().exception, sizeof record.header().exception));
  if (out.ended == "exit" && !out.exception.empty()) out.ended = "exception";
  out.backend = record.header().backend;
  return out;
}

}  // namespace codetrace
