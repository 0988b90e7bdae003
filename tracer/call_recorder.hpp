#pragma once
// CallRecorder: turns "a Python frame starts / returns" events into the record file's counts.
// The hook backends (hooks/) call enter() and leave() with the GIL held.
//
// The hot path: read the code object's verdict from its co_extra slot (each code object is
// judged once: in scope? which entry?), push or pop a per-thread shadow stack of fixed size,
// bump counters and times in the shared mapping, and find the caller -> callee edge in an
// open-addressing table. No allocation, no Python object, never raises. Names and files are
// copied into the record once per code object; call-site lines once per distinct edge.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "tracer/record_file.hpp"
#include "tracer/value_capture.hpp"

namespace codetrace {

struct TraceScope {
  std::string root;                  // absolute, no trailing slash
  std::vector<std::string> include;  // globs on the path relative to root ("" = all)
  std::vector<std::string> exclude;
  bool c_calls = false;              // --c-calls: calls from the scope into C functions are edges too
  std::size_t values_length = 0;     // --values: reprs cut to this length (0: values off)
  unsigned value_samples = 5;        // calls sampled per function
};

class CallRecorder {
 public:
  CallRecorder(RecordFile& record, TraceScope scope);
  ~CallRecorder();
  CallRecorder(const CallRecorder&) = delete;
  CallRecorder& operator=(const CallRecorder&) = delete;
  // In a child forked by the target (called from a pthread_atfork handler): from now on this
  // process records into a record of its own (RecordFile::split_after_fork), which the parent
  // merges into the trace.
  void after_fork();
  // Just before the target forks (pthread_atfork's prepare): the forking thread's stack, as it
  // is at the fork, for after_fork (RecordFile::snapshot_before_fork).
  void before_fork();
  // The profile hook (hooks/profile_hook.cpp): a frame starts or resumes; the innermost frame
  // returns, yields or unwinds.
  void enter(PyFrameObject* frame);
  // `result`: the returned (or yielded) value when known; `raised`: the exception unwinding the
  // frame, when known; `unwinding`: an exception is in flight (profile hook) - for --values.
  void leave(PyObject* result = nullptr, PyObject* raised = nullptr, bool unwinding = false);
  // Profile hook: `frame` returns. A frame above it on the shadow stack whose return never came
  // is closed first; a frame that is not on the stack (older than the hook) is not a pop.
  void leave_frame(PyFrameObject* frame, PyObject* result, bool unwinding);
  // sys.monitoring (hooks/monitoring_hook.cpp): PY_START / PY_RESUME; CALL at `offset` in the
  // running frame; PY_UNWIND of `code` (false when that frame was never pushed).
  void start(PyCodeObject* code, bool resumed);
  // The PEP 523 frame evaluator (3.11, hooks/eval_frame_hook.cpp): a frame of `code` at `offset`
  // (-1: new) with these globals is about to run (`thrown`: to raise an exception thrown into it,
  // as close() does). True when it was pushed: then finished() must
  // follow with its result (null: an exception) when it stops running.
  bool evaluate(PyCodeObject* code, PyObject* globals, int offset, PyObject* const* fast, bool thrown = false);
  void finished(PyObject* result);
  void call_site(int offset);
  bool unwind(PyCodeObject* code, PyObject* exception = nullptr);
  // --c-calls. Profile hook: a C function starts (pushed like a frame; leave() pops it).
  // sys.monitoring: a CALL of a C function at `offset` in the running frame (counted, not timed).
  bool c_calls() const { return scope_.c_calls; }
  void c_call(PyObject* callable);
  void c_call_site(PyObject* callable, int offset);
  // The injected wrapper's report of one call (tracer/injection.cpp).
  void note_recorded_call(PyObject* func, PyObject* args, PyObject* kwargs, PyObject* result, PyObject* error);
  bool values() const { return sample_values_; }
  bool code_in_scope(PyCodeObject* code) {
    std::uint32_t index = code_index(code, nullptr);
    return index != kNoCaller && codes_[index].in_scope;
  }

 private:
  struct CodeInfo {
    int start_offset = -2;  // generators and coroutines: where a fresh frame starts; -2: not one
    unsigned samples = 0;   // --values: calls sampled so far (each with arguments unlike the earlier ones)
    unsigned looked = 0;    // --values: calls whose arguments were rendered to decide
    std::vector<std::uint64_t> sampled;  // --values: hashes of the argument sets sampled so far
    int secret_result = -1; // --values: 1 when its results are redacted (ValueCapture::returns_secret); -1 not judged yet
  };
  bool judge_secret_result(CodeInfo& info, PyCodeObject* code);
  void sample_arguments(ShadowFrame& f, std::uint32_t index, PyFrameObject* frame, PyCodeObject* code, PyObject* const* fast = nullptr);
  void sample_result(const ShadowFrame& f, PyObject* result, PyObject* raised, bool unwinding);
  ThreadStack& thread_stack();
  int caller_offset(const ShadowFrame& parent, void* from);
  void pop(ThreadStack& st, PyObject* result, PyObject* raised, bool unwinding);
  // Closes the frames above shadow frame `keep`, whose returns were lost; with
  // `running_c_calls`, the C entries right above it stay (a C function calling back into Python).
  void close_lost(ThreadStack& st, int keep, bool running_c_calls);
  // Where `frame` stands on the shadow stack below its top (-1: it is on top, or not there).
  static int frame_below_top(const ThreadStack& st, std::uint64_t frame);
  void note_exception(ShadowFrame& f, PyObject* raised);
  static void set_edge(ShadowFrame& f, std::uint32_t edge) {
    f.edge = edge;
    if (edge != kNoEdge) f.anchor = f.seq;  // a boundary call gets an event too
  }
  void learn_thread_name(ThreadStack& st);
  // `frame` or `globals` (either may be null) tell a new code object's module.
  std::uint32_t code_index(PyCodeObject* code, PyFrameObject* frame, PyObject* globals = nullptr);
  ShadowFrame* push(ThreadStack& st, std::uint32_t index, bool resumed, std::uint64_t frame);
  const ShadowFrame* edge_caller(const ThreadStack& st, const CodeEntry& callee, std::uint32_t* caller) const;
  std::uint32_t judge(PyCodeObject* code, PyFrameObject* frame, PyObject* globals);
  std::uint32_t add_code(PyCodeObject* code, PyFrameObject* frame, PyObject* globals);
  std::uint32_t edge_slot(std::uint32_t caller, std::uint32_t callee, int lasti, const ShadowFrame* parent, bool parent_is_code);
  std::uint32_t put_string(const char* text, std::size_t size, std::uint32_t* length);
  std::uint32_t new_entry(const std::string& file, const char* qualname, std::size_t qualname_size, const char* module,
                          std::size_t module_size, int first_line, bool in_scope, bool body);
  std::uint32_t c_function_index(PyObject* callable);
  bool in_scope(const std::string& file) const;

  RecordFile& record_;
  RecordHeader& header_;
  CodeEntry* codes_;
  EdgeEntry* edges_;
  TraceScope scope_;
  Py_ssize_t extra_index_;
  bool sample_values_ = false;  // --values
  ValueCapture values_;         // reprs for --values and for recorded calls (@codetrace.record, --inject)
  std::vector<CodeInfo> info_;  // per code entry, in this process only
  std::unordered_map<const void*, std::uint32_t> c_functions_;  // PyMethodDef* -> code entry (--c-calls)
  std::unordered_map<const PyTypeObject*, std::pair<std::uint32_t, std::uint32_t>> exception_names_;  // -> string
};

}  // namespace codetrace
