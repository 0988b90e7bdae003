#pragma once
// The record file: what the traced process has observed, kept in a file-backed shared mapping so
// that it survives the process however it ends (SIGKILL, the OOM killer, a segfault, os._exit).
// The traced child writes it; the codetrace parent reads it after the child is gone.
//
// Layout (fixed at creation, little-endian, one writer at a time: the GIL serialises the hook):
//   RecordHeader | CodeEntry[code_capacity] | EdgeEntry[edge_capacity] | uint32 used_edges[edge_capacity]
//   | ThreadStack[stack_capacity]
//   | CallEvent[event_capacity] (--events only) | ValueSample[value_capacity] (--values only)
//   | string bytes
// The threads' shadow stacks live here too, so that the reader can close the calls still in
// flight when the target died (os._exit, a signal, a timeout) and give them their time.
// An entry becomes visible to the reader only when its `ready` field is set, after everything
// else in it was written, so a process killed mid-write leaves at most one entry unread.
// The file is sparse: pages never touched take no disk space.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace codetrace {

inline constexpr char kRecordMagic[8] = {'C', 'T', 'R', 'E', 'C', 'v', '3', '\0'};

struct RecordHeader {
  char magic[8];
  std::uint32_t code_capacity, edge_capacity, stack_capacity, pad0;
  std::uint64_t event_capacity;     // 0 unless --events or --dataset
  std::uint32_t event_size;         // bytes an event: sizeof(EventTimes) for the timeline alone, sizeof(CallEvent) for --dataset
  std::uint32_t pad1;
  std::uint64_t event_count;        // events written (those past the capacity are counted, not kept)
  std::uint32_t value_capacity;     // 0 unless --values
  std::uint32_t value_count;
  std::uint64_t string_capacity;
  std::uint32_t code_count;    // code objects judged so far (entries [0, code_count) may be ready)
  std::uint32_t edge_count;    // edge slots in use
  std::uint64_t string_used;
  // Times are kept in ticks of a cheap clock (the TSC on x86-64, else nanoseconds): the reader
  // converts them with the rate it measures between start and its own reading.
  std::uint64_t start_ns;            // CLOCK_MONOTONIC when recording started
  std::uint64_t start_ticks;         // the tick clock at the same moment
  std::uint32_t dropped_edges;      // calls not recorded because the edge table was full
  std::uint32_t dropped_depth;      // calls deeper than the shadow stack
  std::uint32_t threads;            // threads that produced events (stacks [0, threads) are in use)
  std::uint32_t child_pid;
  std::int32_t hook_installed;      // 1 once the hook runs
  char backend[24];                 // "setprofile", "sys.monitoring"
  char exception[240];              // "ValueError: boom" when an exception ended the target
  std::int32_t crash_signal;        // a fatal signal caught in the target (SIGSEGV, ...), 0 if none
  std::uint32_t crash_thread;       // the stack slot of the thread it hit
  char native_backtrace[8192];      // "#0 0x... symbol+0x..." lines, from libunwind
  std::uint64_t call_seq;           // calls and resumptions numbered so far (the last one's number)
  // Which process wrote it: the target, a child it forked (os.fork, fork-method multiprocessing),
  // or a Python child it started with sys.executable (subprocess, spawn; see child_interpreter).
  std::uint32_t parent_pid;         // 0 for the target
  std::uint32_t started_by;         // kStartedBy*
  char command[512];                // an exec'd child's arguments ("-c from multiprocessing..."), cut
};

inline constexpr std::uint32_t kStartedByRun = 0;
inline constexpr std::uint32_t kStartedByFork = 1;
inline constexpr std::uint32_t kStartedByExec = 2;

// One code object the target ran. Strings are (offset, length) into the string area.
struct CodeEntry {
  std::uint32_t ready;
  std::uint16_t in_scope;     // under --root and not excluded
  std::uint16_t body;         // 1: a module or class body (run once by import or class creation), not a function
  std::uint32_t file_off, file_len;
  std::uint32_t qualname_off, qualname_len;
  std::uint32_t module_off, module_len;  // the module's __name__ where the code was first seen
  std::int32_t first_line;
  std::uint32_t active;        // activations on some thread's stack now (for inclusive time)
  std::uint64_t calls;         // calls (a generator's resumptions are not calls)
  std::uint64_t resumes;       // generator and coroutine resumptions
  std::uint64_t inclusive_ticks;  // outermost activations only
  std::uint64_t self_ticks;
  std::uint32_t transparent;      // codetrace's own injected wrappers: edges pass through them
  std::uint32_t pad;
};

// caller -> callee at one call site. caller is kNoCaller for calls with no Python caller.
struct EdgeEntry {
  std::uint32_t ready;
  std::uint32_t caller, callee;  // code indices
  std::int32_t line;             // call-site line in the caller (0 if unknown)
  std::int32_t lasti;            // call-site instruction offset (part of the key)
  std::uint32_t pad;
  std::uint64_t count;
  std::uint64_t total_ticks;     // time inside the callee for calls through this site
};

inline constexpr std::uint32_t kNoCaller = 0xFFFFFFFFu;
inline constexpr std::uint32_t kNoEdge = 0xFFFFFFFFu;
inline constexpr int kMaxDepth = 4096;

struct ShadowFrame {
  std::uint32_t code;   // code index, kNoCaller for an untracked code object
  std::uint32_t edge;   // the edge this call went through, kNoEdge if none
  std::uint64_t start;  // ticks
  std::uint64_t child;  // ticks spent in frames it called
  std::uint64_t frame;  // the PyFrameObject* (profile hook) or PyCodeObject* (sys.monitoring), borrowed
  std::int32_t call_offset;  // sys.monitoring: the offset of this frame's latest CALL
  std::uint32_t sample;      // --values: 1 + the ValueSample this call fills, 0 if none
  // For the timeline and the dataset: the call's number (header.call_seq), the number of the
  // nearest call below it that gets an event (0: none), and its own number if it gets one
  // (else its parent's), which the calls it makes take as their parent.
  std::uint64_t seq, parent, anchor;
  std::uint32_t flags;                       // kEvent* bits
  std::uint32_t exception_off, exception_len;  // the type of the exception that ended it, if known
  std::uint32_t pad;
};

// One thread's shadow stack.
struct ThreadStack {
  std::int32_t depth;
  std::int32_t overflow;  // frames entered beyond kMaxDepth and not left yet
  std::uint64_t thread_id;
  std::uint32_t slot;     // its index among the record's stacks
  std::uint32_t name_tries;  // attempts left to learn its name from threading
  char name[64];          // threading's name for it ("MainThread", "ThreadPoolExecutor-0_1"), "" if unknown
  ShadowFrame frames[kMaxDepth];
};

// Nanoseconds of CLOCK_MONOTONIC (through the vDSO: no system call).
std::uint64_t monotonic_ns();

// The recorder's clock: the time-stamp counter on x86-64 (about a third of clock_gettime's
// cost; constant-rate on any CPU of the last decade), CLOCK_MONOTONIC elsewhere.
inline std::uint64_t clock_ticks() {
#if defined(__x86_64__)
  return __builtin_ia32_rdtsc();
#else
  return monotonic_ns();
#endif
}

// Nanoseconds per tick, measured from the header's start to now (the TSC runs at one rate for
// every process of the machine, so the reader may measure it after the writer is gone).
double ns_per_tick(const RecordHeader& header);

inline constexpr std::uint32_t kEventResumed = 1;  // a generator or coroutine resumed, not a call
inline constexpr std::uint32_t kEventRaised = 2;   // an exception ended it
inline constexpr std::uint32_t kEventOpen = 4;     // still running when the target ended

// One finished call (or resumption), for the timeline (--events) and the dataset (--dataset):
// written when it returns. Calls of the code in scope and boundary calls get one. The timeline
// alone needs only the times, so without --dataset only those are written (24 bytes an event,
// not 64: the events are most of what a timeline run writes).
struct EventTimes {
  std::uint32_t code;
  std::uint32_t thread;      // ThreadStack slot
  std::uint64_t start, end;  // ticks
};
struct CallEvent {
  EventTimes times;
  std::uint64_t seq, parent;  // ShadowFrame::seq and ::parent
  std::uint32_t edge;         // the edge it came through (its call site), kNoEdge if none
  std::uint32_t depth;        // frames below it on its thread's stack
  std::uint32_t flags;        // kEvent* bits
  std::uint32_t sample;       // 1 + its ValueSample, 0 if none
  std::uint32_t exception_off, exception_len;  // the exception's type name, when known
};

// --values: one sampled call: its arguments and its result, as JSON texts in the string area.
struct ValueSample {
  std::uint32_t ready;         // 1: arguments written; 2: result written too
  std::uint32_t code;
  std::uint32_t args_off, args_len;
  std::uint32_t result_off, result_len;
  std::uint32_t injected;      // 1: a call of an @codetrace.record / --inject function (every call kept)
  std::uint32_t edge;          // the edge the call came through (its caller and line), kNoEdge if none
  std::uint32_t types_off, types_len;              // {"name": "type name", ...}
  std::uint32_t result_type_off, result_type_len;  // "type name" (JSON), empty when it raised
};

// A created or opened record file, mapped into memory.
class RecordFile {
 public:
  // Creates a new file named `prefix` + a unique suffix (O_EXCL: nothing that exists at a name,
  // a planted symlink included, is ever opened) with room for the given number of entries.
  // `full_events`: events carry what the dataset needs (CallEvent), not only their times.
  static RecordFile create(const std::string& prefix, std::uint64_t events = 0, bool full_events = false, std::uint32_t values = 0,
                           std::uint32_t codes = 1u << 16,
                           std::uint32_t edges = 1u << 20, std::uint32_t stacks = 256, std::uint64_t string_bytes = 64ull << 20);
  static RecordFile open(const std::string& path);  // read what a writer left; throws Error
  const std::string& path() const { return path_; }

  // In a process just forked from the writer (before it runs any Python code): moves this
  // process's writing to a record of its own, named from the first record of the run (the
  // target's: grandchildren too) + ".child-" + a unique suffix, so that
  // parent and child never write into one record. The new record starts as a copy of what this
  // process knows: the first `known_codes` code entries (the parent may have added others since
  // the fork) and the strings, so every code index and string offset it holds stays valid; every
  // count and time is zero; its edge table is empty; of the shadow stacks only `stack` (the
  // forking thread's, null if none) is kept, its frames' edges and samples cut. The new mapping
  // takes the old one's address, so pointers into it stay valid. When no file can be made the
  // copy is anonymous memory: the child is not recorded, and the parent's record is still safe.
  void split_after_fork(std::uint32_t known_codes, ThreadStack* stack);
  // Before fork() (pthread_atfork's prepare handler, in the forking thread, which holds the GIL):
  // a private copy of the header and of `stack`. Both live in the shared mapping, and the parent
  // goes on changing them while the child starts, so the child's record is built from this copy,
  // the state at the instant of the fork, not from what the parent has made of it since.
  void snapshot_before_fork(const ThreadStack* stack);
  // The records forked children of the process that wrote `path` made (split_after_fork).
  static std::vector<std::string> child_records(const std::string& path);
  RecordFile(RecordFile&& other) noexcept;
  RecordFile& operator=(RecordFile&&) = delete;
  ~RecordFile();

  RecordHeader& header() const { return *reinterpret_cast<RecordHeader*>(base_); }
  CodeEntry* codes() const { return reinterpret_cast<CodeEntry*>(base_ + sizeof(RecordHeader)); }
  EdgeEntry* edges() const { return reinterpret_cast<EdgeEntry*>(reinterpret_cast<char*>(codes()) + header().code_capacity * sizeof(CodeEntry)); }
  // The slots of the edge table in use, in the order they were taken: the reader visits these
  // instead of the whole (mostly empty) table.
  std::uint32_t* used_edges() const { return reinterpret_cast<std::uint32_t*>(edges() + header().edge_capacity); }
  ThreadStack* stacks() const { return reinterpret_cast<ThreadStack*>(used_edges() + header().edge_capacity); }
  char* events() const { return reinterpret_cast<char*>(stacks() + header().stack_capacity); }
  EventTimes& event_times(std::uint64_t i) const { return *reinterpret_cast<EventTimes*>(events() + i * header().event_size); }
  bool full_events() const { return header().event_size == sizeof(CallEvent); }
  CallEvent& call_event(std::uint64_t i) const { return *reinterpret_cast<CallEvent*>(events() + i * sizeof(CallEvent)); }  // full_events() only
  ValueSample* values() const { return reinterpret_cast<ValueSample*>(events() + header().event_capacity * header().event_size); }
  char* strings() const { return reinterpret_cast<char*>(values() + header().value_capacity); }
  std::string string_at(std::uint32_t off, std::uint32_t len) const;

 private:
  RecordFile(char* base, std::size_t size, std::string path) : base_(base), size_(size), path_(path), family_(std::move(path)) {}
  char* base_ = nullptr;
  std::size_t size_ = 0;
  std::string path_;    // this process's record
  std::string family_;  // the target's record: every forked process's record is named from it
  std::vector<char> fork_header_, fork_stack_;  // snapshot_before_fork
  const ThreadStack* fork_stack_of_ = nullptr;   // the stack fork_stack_ copies
};

// A call's return, accounted in the record: self and inclusive time of its function (a recursive
// function's inclusive time counts its outermost activation only), the time of the edge it came
// through, and its timeline event (--events). The recorder calls it as calls return; the reader,
// for the calls still open when the target died. `f.code` must be a code entry.
inline void account_return(RecordFile& record, const ShadowFrame& f, std::uint64_t elapsed, std::uint32_t thread, std::uint32_t depth) {
  RecordHeader& h = record.header();
  CodeEntry& c = record.codes()[f.code];
  c.self_ticks += elapsed > f.child ? elapsed - f.child : 0;
  if (c.active > 0 && --c.active == 0) c.inclusive_ticks += elapsed;
  if (f.edge < h.edge_capacity) record.edges()[f.edge].total_ticks += elapsed;  // kNoEdge never is
  if (h.event_capacity && (c.in_scope || f.edge != kNoEdge)) {
    std::uint64_t n = h.event_count++;
    if (n < h.event_capacity) {
      EventTimes times{f.code, thread, f.start, f.start + elapsed};
      if (record.full_events())
        record.call_event(n) = CallEvent{times, f.seq, f.parent, f.edge, depth, f.flags, f.sample, f.exception_off, f.exception_len};
      else
        record.event_times(n) = times;
    }
  }
}

// Gives the calls still on some thread's stack (the target died inside them) their time up to
// `end_ticks`, as if they returned then. Run by the reader, once.
void close_open_frames(RecordFile& record, std::uint64_t end_ticks);

}  // namespace codetrace
