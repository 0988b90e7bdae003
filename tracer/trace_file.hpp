#pragma once
// The annotated trace: what ran (read from the record file) beside what the code says (the static
// call graph of the same root), merged into one document. Schema: docs/trace-format.md.
#include <cstdint>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "static/graph/call_graph.hpp"
#include "tracer/record_file.hpp"
#include "tracer/traced_process.hpp"

namespace codetrace {

// One call's values (--values, @codetrace.record, --inject): arguments and result as JSON texts,
// and where it was called from when known.
struct ValueRecord {
  std::string args, result;
  std::string caller;  // "" when unknown
  int call_line = 0;
};

struct ObservedFunction {
  std::string id, file;  // file relative to the root for the user's code, absolute otherwise
  int line = 0;          // the code object's first line (a decorated def: its first decorator)
  bool in_scope = false;
  bool body = false;     // a module or class body
  std::uint64_t calls = 0, resumes = 0, inclusive_ns = 0, self_ns = 0;
  std::vector<ValueRecord> samples;   // --values: the first calls
  std::vector<ValueRecord> recorded;  // @codetrace.record / --inject: every call
  std::set<std::uint32_t> pids;       // the processes it ran in
};

struct ObservedEdge {
  std::string caller, callee;
  std::map<int, std::uint64_t> lines;  // call-site line -> calls through it
  std::uint64_t count = 0, total_ns = 0;
  bool boundary = false;               // one end is outside the scope
  std::set<std::uint32_t> pids;        // the processes that made these calls
};

// One process whose record was read: the target, a child it forked, or a Python child it
// started with sys.executable.
struct ObservedProcess {
  std::uint32_t pid = 0, parent_pid = 0;  // parent 0: the target
  std::string started_by;                 // "run", "fork", "exec"
  std::string command;                    // an exec'd child's python arguments
  std::string exception;                  // the unhandled exception that ended it, if any
  bool hook_installed = false;
  std::string backend;                    // the hook that recorded it
};

struct Observed {
  std::map<std::string, ObservedFunction> functions;
  std::map<std::pair<std::string, std::string>, ObservedEdge> edges;
  std::vector<std::string> code_ids;  // the id of each code index of the record ("" if unusable)
  struct Thread {
    std::uint32_t number;    // order of its first Python call: 0 is the main thread
    std::uint64_t ident;     // threading.get_ident()
    std::string name;
  };
  std::vector<Thread> thread_list;
  std::uint32_t threads = 0, dropped_edges = 0, dropped_depth = 0, code_objects = 0;
  std::vector<ObservedProcess> processes;  // the target first, then its children whose records were merged
  std::uint64_t events = 0, dropped_events = 0;
  bool hook_installed = false;
  std::string backend;                    // the hook that recorded it
};

// Names code objects the way `codetrace graph` names definitions. `root` is absolute.
Observed read_observed(const RecordFile& record, const std::string& root);

// One process's record and what was read from it (code indices are the record's own).
struct ProcessRecord {
  RecordFile record;
  Observed observed;
};

// Adds `more`'s calls (by line), time and processes to `into`, an edge with the same ends.
void add_calls(ObservedEdge& into, const ObservedEdge& more);

// Adds what a child of the target observed (a forked child's record, RecordFile::split_after_fork,
// or an exec'd Python child's, tracer/child_interpreter): calls, times, values and edges are summed
// by function id, with the processes they ran in. The thread list stays the target's own.
void merge_child_process(Observed& into, const Observed& child);

// After a fatal signal: the native backtrace the child wrote, and the code indices on the
// crashing thread's shadow stack, innermost first. Read before close_open_frames empties it.
struct CrashReport {
  int signal = 0;
  std::vector<std::string> native;
  std::vector<std::uint32_t> python_codes;
  std::vector<std::string> python;  // the same as ids, filled from Observed::code_ids
};
CrashReport read_crash(const RecordFile& record);

struct TraceMeta {
  std::vector<std::string> command;
  std::string root, python_version, commit;
  TargetOutcome outcome;
  bool with_static = true;
  std::vector<std::string> include, exclude;  // --include/--exclude: the files the static graph covered
  CrashReport crash;
};

// The static graph as Python 3.12+ runs it: list, set and dict comprehensions inline in their
// function (PEP 709).
CallGraph inline_comprehensions(const CallGraph& graph);

void write_trace_json(const TraceMeta& meta, const Observed& observed, const CallGraph* static_graph, std::ostream& out);

}  // namespace codetrace
