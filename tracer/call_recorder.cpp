#include "tracer/call_recorder.hpp"

#include <pthread.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstdio>
#include <cstring>

#include "core/glob.hpp"
#include "core/hash.hpp"
#include "hooks/python_frames.hpp"
#include "tracer/crash_handler.hpp"
#include "tracer/injection.hpp"

namespace codetrace {
namespace {

constexpr std::uintptr_t kUntracked = ~std::uintptr_t{0};  // co_extra value: the code table was full
constexpr unsigned kLooksPerSample = 10;  // --values: calls looked at per sample wanted (repeats are passed over)

// This thread's shadow stack: a slot of the record file, or (past the file's slots) a private
// one whose open calls are not closed if the target dies.
thread_local ThreadStack* t_stack __attribute__((tls_model("initial-exec"))) = nullptr;

CallRecorder* g_fork_recorder = nullptr;  // the process's recorder, for the fork handler

// pthread_atfork's prepare handler: in the forking thread, just before fork().
void record_before_fork() {
  if (g_fork_recorder) g_fork_recorder->before_fork();
}

// pthread_atfork's child handler: runs inside fork() in the new process, before it runs any
// Python code (threading's own after-fork hooks included), in the thread that forked.
void record_forked_child() {
  if (g_fork_recorder) g_fork_recorder->after_fork();
}

PyFrameObject* frame_of(const ShadowFrame& f) { return reinterpret_cast<PyFrameObject*>(static_cast<std::uintptr_t>(f.frame)); }

}  // namespace

CallRecorder::CallRecorder(RecordFile& record, TraceScope scope)
    : record_(record), header_(record.header()), codes_(record.codes()), edges_(record.edges()), scope_(std::move(scope)),
      extra_index_(frames::code_extra_index()), sample_values_(scope_.values_length > 0),
      values_(sample_values_ ? scope_.values_length : 200) {
  header_.start_ns = monotonic_ns();
  header_.start_ticks = clock_ticks();
  info_.reserve(header_.code_capacity);
  if (!g_fork_recorder) pthread_atfork(record_before_fork, nullptr, record_forked_child);
  g_fork_recorder = this;
}

CallRecorder::~CallRecorder() {
  if (g_fork_recorder == this) g_fork_recorder = nullptr;
}

void CallRecorder::before_fork() { record_.snapshot_before_fork(t_stack); }

void CallRecorder::after_fork() {
  // Only this thread survives the fork; the stacks of the others are gone with them.
  record_.split_after_fork(static_cast<std::uint32_t>(info_.size()), t_stack);
}

ThreadStack& CallRecorder::thread_stack() {
  if (t_stack) return *t_stack;
  std::uint32_t slot = header_.threads++;
  t_stack = slot < header_.stack_capacity ? &record_.stacks()[slot] : new ThreadStack{};  // once per thread
  t_stack->thread_id = static_cast<std::uint64_t>(PyThread_get_thread_ident());
  t_stack->slot = slot;
  t_stack->name_tries = 32;
  note_crash_thread_slot(slot);
  return *t_stack;
}

std::uint32_t CallRecorder::code_index(PyCodeObject* code, PyFrameObject* frame, PyObject* globals) {
  void* verdict = nullptr;
  frames::code_extra_get(code, extra_index_, &verdict);
  if (verdict == nullptr) return judge(code, frame, globals);
  if (reinterpret_cast<std::uintptr_t>(verdict) == kUntracked) return kNoCaller;
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(verdict) - 1);
}

// Pushes a shadow frame; returns it, or null when the call is not to be counted further
// (too deep, untracked code, a resumption).
ShadowFrame* CallRecorder::push(ThreadStack& st, std::uint32_t index, bool resumed, std::uint64_t frame) {
  if (st.depth >= kMaxDepth) {
    ++st.overflow;
    ++header_.dropped_depth;
    return nullptr;
  }
  if (st.name_tries > 0 && st.name[0] == '\0') learn_thread_name(st);
  std::uint64_t below = st.depth > 0 ? st.frames[st.depth - 1].anchor : 0;
  ShadowFrame& f = st.frames[st.depth++];
  f.code = index;
  f.edge = kNoEdge;
  f.child = 0;
  f.frame = frame;
  f.call_offset = -1;
  f.sample = 0;
  f.seq = ++header_.call_seq;
  f.parent = f.anchor = below;
  f.flags = 0;
  f.exception_len = 0;
  f.start = clock_ticks();
  if (index == kNoCaller) return nullptr;
  CodeEntry& callee = codes_[index];
  ++callee.active;
  if (callee.in_scope) f.anchor = f.seq;  // it gets an event: the calls it makes are its children
  if (resumed) {
    ++callee.resumes;
    f.flags = kEventResumed;
    return nullptr;
  }
  ++callee.calls;
  return &f;
}

// The caller of the frame just pushed, if one end of the edge is the user's code.
const ShadowFrame* CallRecorder::edge_caller(const ThreadStack& st, const CodeEntry& callee, std::uint32_t* caller) const {
  *caller = kNoCaller;
  if (callee.transparent) return nullptr;  // the call into a wrapper is the call of what it wraps
  int below = st.depth - 2;
  while (below >= 0 && st.frames[below].code != kNoCaller && codes_[st.frames[below].code].transparent) --below;
  const ShadowFrame* parent = below >= 0 ? &st.frames[below] : nullptr;
  *caller = parent ? parent->code : kNoCaller;
  bool caller_in = *caller != kNoCaller && codes_[*caller].in_scope;
  if (!callee.in_scope && !caller_in) return nullptr;  // neither end is the user's code
  return parent;
}

void CallRecorder::enter(PyFrameObject* frame) {
  if (ValueCapture::busy()) return;  // the calls a repr (or a name lookup) makes are not the target's
  ThreadStack& st = thread_stack();
  if (st.depth >= kMaxDepth) {
    push(st, kNoCaller, false, 0);
    return;
  }
  // The profile hook does not see every return (a target that turns it off inside a function
  // and on again): the new frame's caller must be on top of the shadow stack, and the frames
  // above it there have ended.
  if (st.overflow == 0 && st.depth > 0) {
    std::uintptr_t caller = frames::back_of(frame);
    int k = caller != 0 ? frame_below_top(st, caller) : -1;
    if (k >= 0) close_lost(st, k, true);
  }
  PyCodeObject* code = frames::code_of(frame);
  std::uint32_t index = code_index(code, frame);
  int start = index == kNoCaller ? -2 : info_[index].start_offset;
  bool resumed = start != -2 && frames::lasti_of(frame) != start;  // a generator or coroutine resumes
  ShadowFrame* f = push(st, index, resumed, reinterpret_cast<std::uintptr_t>(frame));
  if (!f) return;
  std::uint32_t caller;
  if (const ShadowFrame* parent = edge_caller(st, codes_[index], &caller))
    set_edge(*f, edge_slot(caller, index, parent->frame ? frames::lasti_of(frame_of(*parent)) : -1, parent, false));
  if (sample_values_) sample_arguments(*f, index, frame, code);
}

void CallRecorder::start(PyCodeObject* code, bool resumed) {
  if (ValueCapture::busy()) return;
  ThreadStack& st = thread_stack();
  if (st.depth >= kMaxDepth) {
    push(st, kNoCaller, false, 0);
    return;
  }
  std::uint32_t index = code_index(code, nullptr);
  ShadowFrame* f = push(st, index, resumed, reinterpret_cast<std::uintptr_t>(code));
  if (!f) return;
  std::uint32_t caller;
  if (const ShadowFrame* parent = edge_caller(st, codes_[index], &caller)) {
    void* running = frames::current_interpreter_frame();  // the callee's frame
    set_edge(*f, edge_slot(caller, index, caller_offset(*parent, running ? frames::previous_frame(running) : nullptr), parent, true));
  }
  if (sample_values_) sample_arguments(*f, index, PyEval_GetFrame(), code);
}

bool CallRecorder::evaluate(PyCodeObject* code, PyObject* globals, int offset, PyObject* const* fast, bool thrown) {
  if (ValueCapture::busy()) return false;
  ThreadStack& st = thread_stack();
  if (st.depth >= kMaxDepth) {
    push(st, kNoCaller, false, 0);
    return true;
  }
  std::uint32_t index = code_index(code, nullptr, globals);
  int start = index == kNoCaller ? -2 : info_[index].start_offset;
  // Calling a generator or coroutine function only creates it (RETURN_GENERATOR): its call is
  // counted when it first runs, as the other backends do. An exception thrown into one that never
  // ran (close() when it is collected) runs none of its code: not a call either.
  if (start != -2 && (offset < 0 || (thrown && offset < start))) return false;
  ShadowFrame* f = push(st, index, start != -2 && offset >= start, reinterpret_cast<std::uintptr_t>(code));
  if (!f) return true;
  std::uint32_t caller;
  const ShadowFrame* parent = edge_caller(st, codes_[index], &caller);
  if (parent) set_edge(*f, edge_slot(caller, index, caller_offset(*parent, frames::current_interpreter_frame()), parent, true));
  if (sample_values_) sample_arguments(*f, index, nullptr, code, fast);
  return true;
}

void CallRecorder::finished(PyObject* result) { pop(thread_stack(), result, nullptr, result == nullptr); }

// The offset of the call in the caller. 3.11-3.13: read from the interpreter's frame chain from
// `from` (the frame below the callee's),
// passing over codetrace's own wrappers and the interpreter's shims (so a key function that
// sorted() calls gets the line of the sorted() call, as with the profile hook); -1 when another
// Python frame stands between. Elsewhere: left by the caller's last CALL event, used once.
int CallRecorder::caller_offset(const ShadowFrame& parent, void* from) {
  if constexpr (frames::kFrameChain) {
    void* frame = from;
    for (int hops = 0; frame && hops < 8; ++hops, frame = frames::previous_frame(frame)) {
      const void* code = frames::frame_code(frame);
      if (code == reinterpret_cast<const void*>(static_cast<std::uintptr_t>(parent.frame))) return frames::frame_offset(frame);
      // Pass over codetrace's wrappers and over frames that never ran Python code of their own
      // (no verdict cached: the interpreter's shims for class instantiation and for calls from
      // C). Their code objects are only read, never judged: some are static.
      if (!code || !PyCode_Check(reinterpret_cast<PyObject*>(const_cast<void*>(code)))) continue;  // a C entry frame
      void* verdict = nullptr;
      frames::code_extra_get(reinterpret_cast<PyCodeObject*>(const_cast<void*>(code)), extra_index_, &verdict);
      std::uintptr_t v = reinterpret_cast<std::uintptr_t>(verdict);
      if (v != 0 && (v == kUntracked || !codes_[v - 1].transparent)) return -1;
    }
    return -1;
  } else {
    int offset = parent.call_offset;
    const_cast<ShadowFrame&>(parent).call_offset = -1;
    return offset;
  }
}

void CallRecorder::call_site(int offset) {
  ThreadStack& st = thread_stack();
  if (st.depth > 0 && st.overflow == 0) st.frames[st.depth - 1].call_offset = offset;
}

bool CallRecorder::unwind(PyCodeObject* code, PyObject* exception) {
  if (ValueCapture::busy()) return false;
  ThreadStack& st = thread_stack();
  if (st.overflow == 0 && st.depth > 0 && reinterpret_cast<PyCodeObject*>(static_cast<std::uintptr_t>(st.frames[st.depth - 1].frame)) != code)
    return false;  // not the frame on top: it was never pushed
  leave(nullptr, exception);
  return true;
}

void CallRecorder::leave(PyObject* result, PyObject* raised, bool unwinding) {
  if (ValueCapture::busy()) return;
  pop(thread_stack(), result, raised, unwinding);
}

void CallRecorder::leave_frame(PyFrameObject* frame, PyObject* result, bool unwinding) {
  if (ValueCapture::busy()) return;
  ThreadStack& st = thread_stack();
  std::uintptr_t ended = reinterpret_cast<std::uintptr_t>(frame);
  if (st.overflow == 0 && st.depth > 0 && st.frames[st.depth - 1].frame != ended) {
    int k = frame_below_top(st, ended);
    if (k < 0) return;  // never pushed: it started before the hook
    close_lost(st, k, false);
  }
  pop(st, result, nullptr, unwinding);
}

int CallRecorder::frame_below_top(const ThreadStack& st, std::uint64_t frame) {
  if (st.depth == 0 || st.frames[st.depth - 1].frame == frame) return -1;
  int k = st.depth - 2;
  while (k >= 0 && st.frames[k].frame != frame) --k;
  return k;
}

void CallRecorder::close_lost(ThreadStack& st, int keep, bool running_c_calls) {
  int first = keep + 1;
  if (running_c_calls)
    while (first < st.depth && st.frames[first].frame == 0) ++first;
  while (st.depth > first) {
    ShadowFrame& f = st.frames[st.depth - 1];
    f.sample = 0;          // what it returned was never seen
    f.flags |= kEventOpen;  // nor when it ended: the timeline says so
    pop(st, nullptr, nullptr, false);
  }
}

void CallRecorder::pop(ThreadStack& st, PyObject* result, PyObject* raised, bool unwinding) {
  if (st.overflow > 0) {
    --st.overflow;
    return;
  }
  if (st.depth == 0) return;  // a frame entered before the hook was installed
  ShadowFrame& f = st.frames[--st.depth];
  std::uint64_t elapsed = clock_ticks() - f.start;
  if (st.depth > 0) st.frames[st.depth - 1].child += elapsed;
  if (f.code == kNoCaller) return;
  if (f.sample) sample_result(f, result, raised, unwinding);
  if ((raised || unwinding) && header_.event_capacity) note_exception(f, raised);
  account_return(record_, f, elapsed, st.slot, static_cast<std::uint32_t>(st.depth));
}

// The type of the exception ending a call, for its event: the exception object when the hook
// passes it, else the one in flight (the frame evaluator); the profile hook hides it.
void CallRecorder::note_exception(ShadowFrame& f, PyObject* raised) {
  f.flags |= kEventRaised;
  PyObject* type = raised ? reinterpret_cast<PyObject*>(Py_TYPE(raised)) : PyErr_Occurred();  // borrowed
  if (!type || !PyType_Check(type)) return;
  auto* t = reinterpret_cast<PyTypeObject*>(type);
  auto it = exception_names_.find(t);
  if (it == exception_names_.end()) {
    const char* name = t->tp_name ? t->tp_name : "?";
    std::uint32_t length = 0;
    std::uint32_t off = put_string(name, std::strlen(name), &length);
    it = exception_names_.emplace(t, std::make_pair(off, length)).first;
  }
  f.exception_off = it->second.first;
  f.exception_len = it->second.second;
}

// First sight of a code object: copy its names into the record and cache the verdict.
std::uint32_t CallRecorder::judge(PyCodeObject* code, PyFrameObject* frame, PyObject* globals) {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);  // never clobber the target's exception in flight
  std::uint32_t index = add_code(code, frame, globals);
  void* verdict = index == kNoCaller ? reinterpret_cast<void*>(kUntracked) : reinterpret_cast<void*>(std::uintptr_t{index} + 1);
  frames::code_extra_set(code, extra_index_, verdict);
  PyErr_Clear();
  PyErr_Restore(type, value, traceback);
  return index;
}

std::uint32_t CallRecorder::add_code(PyCodeObject* code, PyFrameObject* frame, PyObject* globals) {
  Py_ssize_t size = 0;
  const char* file = PyUnicode_AsUTF8AndSize(code->co_filename, &size);
  std::string path = file ? std::string(file, static_cast<size_t>(size)) : std::string();
  if (!path.empty() && path[0] != '<') {
    char resolved[PATH_MAX];
    if (realpath(path.c_str(), resolved)) path = resolved;
  }
  Py_ssize_t qualname_size = 0, module_size = 0;
  const char* qualname = PyUnicode_AsUTF8AndSize(frames::qualname_of(code), &qualname_size);
  if (!globals) globals = frame ? frames::globals_of(frame) : PyEval_GetGlobals();  // borrowed
  PyObject* name = globals ? PyDict_GetItemString(globals, "__name__") : nullptr;  // borrowed
  const char* module = name && PyUnicode_Check(name) ? PyUnicode_AsUTF8AndSize(name, &module_size) : nullptr;
  std::uint32_t index = new_entry(path, qualname ? qualname : "?", qualname ? static_cast<size_t>(qualname_size) : 1,
                                  module ? module : "", module ? static_cast<size_t>(module_size) : 0, code->co_firstlineno,
                                  in_scope(path), !(code->co_flags & CO_NEWLOCALS));
  if (index != kNoCaller && (code->co_flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR)))
    info_[index].start_offset = frames::generator_start_offset(code);
  return index;
}

std::uint32_t CallRecorder::new_entry(const std::string& file, const char* qualname, std::size_t qualname_size, const char* module,
                                      std::size_t module_size, int first_line, bool in_scope, bool body) {
  if (header_.code_count >= header_.code_capacity) return kNoCaller;
  std::uint32_t index = header_.code_count;
  CodeEntry& e = codes_[index];
  e.file_off = put_string(file.data(), file.size(), &e.file_len);
  e.qualname_off = put_string(qualname, qualname_size, &e.qualname_len);
  e.module_off = put_string(module, module_size, &e.module_len);
  e.first_line = first_line;
  e.in_scope = in_scope ? 1 : 0;
  e.body = body ? 1 : 0;
  e.transparent = file == kInjectionFile ? 1 : 0;
  info_.push_back(CodeInfo{});
  __atomic_store_n(&e.ready, 1u, __ATOMIC_RELEASE);
  __atomic_store_n(&header_.code_count, index + 1, __ATOMIC_RELEASE);
  return index;
}

// A C function or method, named like the static graph names builtins: "builtins.len",
// "builtins.list.append", "math.sqrt". Keyed by its PyMethodDef (a bound method object may be new
// on every call). kNoCaller for other callables.
std::uint32_t CallRecorder::c_function_index(PyObject* callable) {
  const PyMethodDef* def = nullptr;
  PyTypeObject* type = nullptr;
  const char* module = nullptr;
  if (PyCFunction_Check(callable)) {
    auto* f = reinterpret_cast<PyCFunctionObject*>(callable);
    def = f->m_ml;
    if (f->m_self && PyModule_Check(f->m_self)) module = PyModule_GetName(f->m_self);
    else if (f->m_self) type = PyType_Check(f->m_self) ? reinterpret_cast<PyTypeObject*>(f->m_self) : Py_TYPE(f->m_self);
  } else if (Py_IS_TYPE(callable, &PyMethodDescr_Type)) {
    auto* d = reinterpret_cast<PyMethodDescrObject*>(callable);
    def = d->d_method;
    type = d->d_common.d_type;
  } else {
    return kNoCaller;
  }
  if (auto it = c_functions_.find(def); it != c_functions_.end()) return it->second;
  PyObject *error_type, *error_value, *error_traceback;
  PyErr_Fetch(&error_type, &error_value, &error_traceback);
  std::string mod = module ? module : "builtins", qualname = def->ml_name ? def->ml_name : "?";
  if (type) {
    std::string tp = type->tp_name ? type->tp_name : "?";
    size_t dot = tp.rfind('.');
    if (dot != std::string::npos) {
      mod = tp.substr(0, dot);
      tp = tp.substr(dot + 1);
    }
    qualname = tp + "." + qualname;
  }
  PyErr_Clear();
  PyErr_Restore(error_type, error_value, error_traceback);
  std::uint32_t index = new_entry("", qualname.data(), qualname.size(), mod.data(), mod.size(), 0, false, false);
  c_functions_[def] = index;
  return index;
}

void CallRecorder::c_call(PyObject* callable) {
  if (ValueCapture::busy()) return;
  ThreadStack& st = thread_stack();
  std::uint32_t index = st.depth < kMaxDepth ? c_function_index(callable) : kNoCaller;
  ShadowFrame* f = push(st, index, false, 0);
  if (!f) return;
  std::uint32_t caller;
  const ShadowFrame* parent = edge_caller(st, codes_[index], &caller);
  if (!parent) return;
  set_edge(*f, edge_slot(caller, index, parent->frame ? frames::lasti_of(frame_of(*parent)) : -1, parent, false));
}

void CallRecorder::c_call_site(PyObject* callable, int offset) {
  ThreadStack& st = thread_stack();
  if (st.depth == 0 || st.overflow > 0) return;
  std::uint32_t index = c_function_index(callable);
  const ShadowFrame& parent = st.frames[st.depth - 1];
  if (index == kNoCaller || parent.code == kNoCaller || !codes_[parent.code].in_scope) return;
  ++codes_[index].calls;
  edge_slot(parent.code, index, offset, &parent, true);
}

std::uint32_t CallRecorder::put_string(const char* text, std::size_t size, std::uint32_t* length) {
  std::uint64_t off = header_.string_used;
  if (off + size > header_.string_capacity) {
    *length = 0;
    return 0;
  }
  std::memcpy(record_.strings() + off, text, size);
  header_.string_used = off + size;
  *length = static_cast<std::uint32_t>(size);
  return static_cast<std::uint32_t>(off);
}

bool CallRecorder::in_scope(const std::string& file) const {
  const std::string& root = scope_.root;
  if (file.size() <= root.size() || file.compare(0, root.size(), root) != 0 || file[root.size()] != '/') return false;
  std::string relative = file.substr(root.size() + 1);
  // Installed packages and virtual environments under the root are not the user's code.
  if (relative.find("site-packages/") != std::string::npos || relative.find("dist-packages/") != std::string::npos)
    return false;
  auto matches = [&](const std::vector<std::string>& globs) {  // the same rules as the static analysis
    for (const std::string& g : globs)
      if (path_matches(g, relative)) return true;
    return false;
  };
  if (!scope_.include.empty() && !matches(scope_.include)) return false;
  return !matches(scope_.exclude);
}

std::uint32_t CallRecorder::edge_slot(std::uint32_t caller, std::uint32_t callee, int lasti, const ShadowFrame* parent,
                                      bool parent_is_code) {
  std::uint32_t mask = header_.edge_capacity - 1;
  std::uint64_t h = (std::uint64_t{caller} * 0x9E3779B97F4A7C15ull) ^ (std::uint64_t{callee} * 0xC2B2AE3D27D4EB4Full) ^
                    static_cast<std::uint64_t>(static_cast<std::uint32_t>(lasti));
  h ^= h >> 29;
  for (std::uint32_t probe = 0, i = static_cast<std::uint32_t>(h) & mask; probe < 64; ++probe, i = (i + 1) & mask) {
    EdgeEntry& e = edges_[i];
    if (e.ready) {
      if (e.caller == caller && e.callee == callee && e.lasti == lasti) {
        ++e.count;
        return i;
      }
      continue;
    }
    e.caller = caller;
    e.callee = callee;
    e.lasti = lasti;
    // The line once per new edge: from the frame (profile hook) or the code and offset.
    if (!parent->frame) e.line = 0;  // a C function calling back into Python (--c-calls)
    else if (!parent_is_code) e.line = PyFrame_GetLineNumber(frame_of(*parent));
    else e.line = lasti >= 0 ? PyCode_Addr2Line(reinterpret_cast<PyCodeObject*>(static_cast<std::uintptr_t>(parent->frame)), lasti) : 0;
    e.count = 1;
    record_.used_edges()[header_.edge_count] = i;
    __atomic_store_n(&e.ready, 1u, __ATOMIC_RELEASE);
    ++header_.edge_count;
    return i;
  }
  ++header_.dropped_edges;
  return kNoEdge;
}

}  // namespace codetrace

namespace codetrace {

// Whether the function's results are redacted (ValueCapture::returns_secret), judged once per code.
bool CallRecorder::judge_secret_result(CodeInfo& info, PyCodeObject* code) {
  if (info.secret_result < 0) info.secret_result = ValueCapture::returns_secret(code) ? 1 : 0;
  return info.secret_result == 1;
}

// --values: the first calls of each function in scope with arguments unlike the earlier ones get
// them recorded; after kLooksPerSample calls per sample wanted, it stops looking.
void CallRecorder::sample_arguments(ShadowFrame& f, std::uint32_t index, PyFrameObject* frame, PyCodeObject* code, PyObject* const* fast) {
  CodeInfo& info = info_[index];
  if (!codes_[index].in_scope || codes_[index].body || info.samples >= scope_.value_samples || (!frame && !fast)) return;
  if (header_.value_count >= header_.value_capacity || info.looked >= scope_.value_samples * kLooksPerSample) return;
  ++info.looked;
  std::string types;
  std::string args = fast ? values_.arguments(fast, code, &types) : values_.arguments(frame, code, &types);
  // A loop calls a function with the same arguments again and again; samples that repeat one
  // teach nothing, so the first calls with *different* arguments are kept.
  std::uint64_t digest = fnv1a64(args);
  if (std::find(info.sampled.begin(), info.sampled.end(), digest) != info.sampled.end()) return;
  info.sampled.push_back(digest);
  ++info.samples;
  judge_secret_result(info, code);
  std::uint32_t slot = header_.value_count;
  ValueSample& v = record_.values()[slot];
  v.code = index;
  v.args_off = put_string(args.data(), args.size(), &v.args_len);
  v.types_off = put_string(types.data(), types.size(), &v.types_len);
  v.result_type_len = 0;
  v.edge = f.edge;
  __atomic_store_n(&v.ready, 1u, __ATOMIC_RELEASE);
  __atomic_store_n(&header_.value_count, slot + 1, __ATOMIC_RELEASE);
  f.sample = slot + 1;
}

void CallRecorder::sample_result(const ShadowFrame& f, PyObject* result, PyObject* raised, bool unwinding) {
  ValueSample& v = record_.values()[f.sample - 1];
  std::string text, type;
  if (raised) text = values_.exception(raised);
  else if (unwinding) text = values_.current_exception();
  else text = values_.value(result, &type, v.code < info_.size() && info_[v.code].secret_result == 1);
  v.result_off = put_string(text.data(), text.size(), &v.result_len);
  v.result_type_off = put_string(type.data(), type.size(), &v.result_type_len);
  __atomic_store_n(&v.ready, 2u, __ATOMIC_RELEASE);
}

}  // namespace codetrace

namespace codetrace {

void CallRecorder::note_recorded_call(PyObject* func, PyObject* args, PyObject* kwargs, PyObject* result, PyObject* error) {
  if (!PyFunction_Check(func)) return;
  std::uint32_t index = code_index(reinterpret_cast<PyCodeObject*>(PyFunction_GET_CODE(func)), nullptr);
  if (index == kNoCaller || header_.value_count >= header_.value_capacity) return;
  std::string types, result_type;
  std::string arguments = values_.bound_arguments(func, args, kwargs, &types);
  bool secret = judge_secret_result(info_[index], reinterpret_cast<PyCodeObject*>(PyFunction_GET_CODE(func)));
  std::string outcome = error && error != Py_None ? values_.exception(error) : values_.value(result, &result_type, secret);
  std::uint32_t slot = header_.value_count;
  ValueSample& v = record_.values()[slot];
  v.code = index;
  v.injected = 1;
  v.edge = kNoEdge;
  v.args_off = put_string(arguments.data(), arguments.size(), &v.args_len);
  v.result_off = put_string(outcome.data(), outcome.size(), &v.result_len);
  v.types_off = put_string(types.data(), types.size(), &v.types_len);
  v.result_type_off = put_string(result_type.data(), result_type.size(), &v.result_type_len);
  __atomic_store_n(&v.ready, 2u, __ATOMIC_RELEASE);
  __atomic_store_n(&header_.value_count, slot + 1, __ATOMIC_RELEASE);
}

}  // namespace codetrace

namespace codetrace {

// The thread's name from threading's own table, without side effects (current_thread() would
// make a dummy Thread for a thread threading has not registered yet). Tried on the thread's
// first calls only, until threading knows it.
void CallRecorder::learn_thread_name(ThreadStack& st) {
  --st.name_tries;
  QuietHook quiet;
  PyObject* modules = PyImport_GetModuleDict();                                    // borrowed
  PyObject* threading = modules ? PyDict_GetItemString(modules, "threading") : nullptr;  // borrowed
  if (!threading) return;
  PyObject* active = PyObject_GetAttrString(threading, "_active");
  PyObject* ident = PyLong_FromUnsignedLong(PyThread_get_thread_ident());
  PyObject* thread = active && ident && PyDict_Check(active) ? PyDict_GetItem(active, ident) : nullptr;  // borrowed
  PyObject* name = thread ? PyObject_GetAttrString(thread, "name") : nullptr;
  const char* text = name && PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : nullptr;
  if (text) std::snprintf(st.name, sizeof st.name, "%s", text);
  Py_XDECREF(name);
  Py_XDECREF(ident);
  Py_XDECREF(active);
}

}  // namespace codetrace
