// `codetrace run`: the target runs in a child under the hook, recording into a file-backed
// mapping; the parent then reads what was recorded, analyses the root statically, and writes
// one annotated trace. The exit code is the target's.
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>
#include <optional>

#include "build_info.hpp"

#include "cli/command_support.hpp"
#include "cli/run_cli.hpp"
#include "core/dataset_card.hpp"
#include "core/gzip_stream.hpp"
#include "static/file_walker.hpp"
#include "static/graph/call_graph.hpp"
#include "static/graph/static_call_graph.hpp"
#include "static/python/interpreter.hpp"
#include "tracer/call_dataset.hpp"
#include "tracer/child_interpreter.hpp"
#include "tracer/chrome_trace_writer.hpp"
#include "tracer/record_file.hpp"
#include "tracer/trace_file.hpp"
#include "tracer/traced_process.hpp"

namespace codetrace {
namespace {

std::string absolute(const std::string& path) {
  char resolved[PATH_MAX];
  if (!realpath(path.c_str(), resolved)) return "";
  return resolved;
}

std::string parent_folder(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The folder whose code is in scope: --root, else the script's folder, else (with -m) the
// current folder.
std::string scope_root(const RunConfig& config) {
  if (!config.module) {
    struct stat st {};
    if (stat(config.target.c_str(), &st) != 0) throw Error("cannot open the script " + config.target + ": no such file");
    if (S_ISDIR(st.st_mode) && stat((config.target + "/__main__.py").c_str(), &st) != 0)
      throw Error("cannot run " + config.target + ": a folder without __main__.py");
  }
  std::string root = !config.root.empty() ? config.root : config.module ? "." : parent_folder(absolute(config.target));
  std::string resolved = absolute(root);
  if (resolved.empty()) throw Error("the root " + root + " does not exist");
  return resolved;
}

// The card of a --dataset: one split (a run is one sample of behaviour; split several runs'
// datasets, or validate them with --model, which holds some out).
DatasetCard run_card(const RunConfig& config, const TraceMeta& meta, const DatasetCounts& counts) {
  DatasetCard card;
  std::string name = meta.root.substr(meta.root.rfind('/') + 1);
  card.pretty_name = "Execution trace of " + name;
  std::string command;
  for (const std::string& part : meta.command) command += (command.empty() ? "" : " ") + part;
  card.summary = "One record per call of the code of `" + name + "` observed while codetrace ran `" + command +
                 "`: the function, its caller and call site, the calls it made in order" +
                 std::string(config.values_length ? ", argument and return values with their types" : "") +
                 ", and the exception that escaped, if any.";
  card.task = "text-generation";
  card.repo = name;
  card.commit = meta.commit;
  card.license = detect_license(meta.root);
  card.splits = {CardSplit{"train", relative_to_card(config.card, config.dataset_output), counts.calls}};
  card.features = call_card_features();
  card.notes = {"Recorded by codetrace's C-level hook in embedded CPython; the calls of code outside the traced root appear only as callees.",
                "Each function's call sequence, with the static call graph's marks, is in the `.sequences.jsonl` file beside the data (" +
                    std::to_string(counts.sequences) + " records).",
                "Values are truncated reprs; arguments named like secrets and values that look like keys or tokens are redacted.",
                "Check a copy with `codetrace validate FILE --root SOURCE --model`."};
  return card;
}

// Where the record goes: beside the output (named from it), so that nothing recorded is lost even
// if codetrace itself is killed; in $TMPDIR when the output is standard output or not a regular
// file (-o /dev/null).
std::string record_prefix(const std::string& output) {
  struct stat st {};
  if (output != "-" && (stat(output.c_str(), &st) != 0 || S_ISREG(st.st_mode))) return output + ".record-";
  const char* tmp = getenv("TMPDIR");
  return std::string(tmp && *tmp ? tmp : "/tmp") + "/codetrace.record-";
}

// CODETRACE_HOOK=setprofile: the profile hook on every Python version (the tests run each
// backend through it). Read here, and passed down to the target and its Python children.
HookChoice hook_choice() {
  const char* value = getenv("CODETRACE_HOOK");
  std::string choice = value ? value : "";
  if (choice.empty() || choice == "default") return HookChoice::Default;
  if (choice == "setprofile") return HookChoice::Profile;
  throw UsageError("CODETRACE_HOOK='" + choice + "' is not a hook: use setprofile or default, or leave it unset", "run");
}

}  // namespace

// The files of the root the static graph will read, found before the target runs: a pattern
// that matches nothing, or a root with no Python file git lists, fails now, not after a long run.
SourceConfig static_input(const RunConfig& config, const std::string& root) {
  SourceConfig input = whole_tree(root);
  input.include = config.include;
  input.exclude = config.exclude;
  input.use_git = config.use_git;
  if (!config.with_static && config.include.empty() && config.exclude.empty()) return input;  // nothing to check
  WalkResult walk = walk_python_files(root, analysis_options(input).walk);  // throws for a pattern that matches nothing
  if (config.with_static && walk.files.empty())
    throw Error("no Python files found under the root " + root +
                (walk.from_git ? " (git listed none: --no-git walks the folder instead)" : "") +
                "; give --root, or --no-static to record observed calls only");
  return input;
}

namespace {

// Every process's record, closed where it stopped: the target's, its forked children's, its
// Python children's (and theirs). `paths` gets the children's record files, removed at the end.
std::vector<ProcessRecord> read_processes(RecordFile record, const TargetOutcome& outcome, const std::optional<ChildTracing>& children,
                                          std::vector<std::string>& paths) {
  close_open_frames(record, outcome.end_ticks);  // the calls the target died in
  std::vector<ProcessRecord> processes;
  processes.push_back({std::move(record), {}});
  paths = RecordFile::child_records(processes.front().record.path());
  if (children)
    for (const std::string& path : children->records()) paths.push_back(path);
  for (const std::string& path : paths) {
    try {
      RecordFile child = RecordFile::open(path);
      close_open_frames(child, clock_ticks());  // a child still running, or killed
      processes.push_back({std::move(child), {}});
    } catch (const Error& e) {
      std::cerr << "codetrace: warning: a child process's record was not read: " << e.what() << "\n";
    }
  }
  return processes;
}

TraceMeta trace_meta(const RunConfig& config, const std::string& root, const TargetOutcome& outcome, CrashReport crash) {
  TraceMeta meta;
  meta.command = {"codetrace", "run"};
  if (config.module) meta.command.push_back("-m");
  meta.command.push_back(config.target);
  meta.command.insert(meta.command.end(), config.args.begin(), config.args.end());
  meta.root = root;
  meta.outcome = outcome;
  meta.crash = std::move(crash);
  meta.with_static = config.with_static;
  meta.include = config.include;
  meta.exclude = config.exclude;
  return meta;
}

// The static graph of the root, when asked for. Without one (no Python file, a failure), the
// trace holds what the target did all the same: meta.with_static says so.
CallGraph static_graph(const RunConfig& config, const SourceConfig& input, TraceMeta& meta) {
  if (!config.with_static) return {};
  try {
    RepoSource source = resolve_source(input);
    meta.commit = source.commit.value_or("");
    AnalysisSummary summary;
    CallGraph graph = static_call_graph(source, analysis_options(input), false, summary);
    require_python_files(summary, input);
    report_issues(summary, "run (static graph)");  // files it could not parse, named
    std::cerr << "\n";
    return graph;
  } catch (const Error& e) {
    std::cerr << "codetrace: warning: no static graph: " << e.what() << "; the trace holds observed calls only\n";
    meta.with_static = false;
    return {};
  }
}

void write_events(const std::string& path, const std::vector<ProcessRecord>& processes) {
  OutputFile events(path);
  if (wants_gzip(path)) {  // events.json.gz: about a tenth of the size
    GzipStreamBuf gzip(events.stream());
    std::ostream compressed(&gzip);
    write_chrome_trace(processes, compressed);
    compressed.flush();
    if (!gzip.finish()) throw Error("cannot compress the timeline into " + path);
  } else {
    write_chrome_trace(processes, events.stream());
  }
  events.commit();
}

void write_dataset(const RunConfig& config, const TraceMeta& meta, const std::vector<ProcessRecord>& processes,
                   const Observed& observed, const CallGraph* graph) {
  OutputFile calls(config.dataset_output), sequences(split_file_name(config.dataset_output, "sequences"));  // calls.sequences.jsonl
  DatasetCounts counts = write_call_dataset(processes, observed, graph, calls.stream(), sequences.stream());
  calls.commit();
  sequences.commit();
  std::cerr << "codetrace run: dataset: " << counts.calls << " calls written to " << calls.describe() << ", " << counts.sequences
            << " call sequences to " << sequences.describe();
  if (counts.dropped) std::cerr << "; " << counts.dropped << " calls past --events-limit left out";
  if (!config.card.empty()) {
    OutputFile card(config.card);
    write_dataset_card(run_card(config, meta, counts), card.stream());
    card.commit();
    std::cerr << "; dataset card written to " << config.card;
  }
  std::cerr << "\n";
}

// The summary counts what ran in scope, not every code object the interpreter ran.
void print_summary(const TargetOutcome& outcome, const Observed& observed, const std::string& written_to) {
  std::size_t ran = 0, edges = 0;
  for (const auto& [id, f] : observed.functions) ran += f.in_scope && (f.calls > 0 || f.resumes > 0);
  for (const auto& [key, e] : observed.edges) edges += !e.boundary && e.count > 0;
  std::cerr << "codetrace run: target " << outcome.ended;
  if (outcome.ended == "signal") std::cerr << " " << outcome.signal_name;
  std::cerr << " (exit code " << outcome.exit_code << ") after " << outcome.duration_s << " s; " << ran
            << " functions in scope ran, " << edges << " edges between them observed; trace written to " << written_to << "\n";
}

}  // namespace

int run_trace(const RunConfig& config) {
  const HookChoice hook = hook_choice();
  TraceScope scope{scope_root(config), config.include, config.exclude, config.c_calls, config.values_length};
  SourceConfig input = static_input(config, scope.root);
  std::string venv = config.venv;
  if (venv.empty())
    if (const char* active = getenv("VIRTUAL_ENV")) venv = active;
  if (!venv.empty()) check_venv(venv);  // before the target starts: a clear error, exit 1
  bool events = !config.events_output.empty() || !config.dataset_output.empty();
  RecordFile record = RecordFile::create(record_prefix(config.output), events ? config.events_limit : 0, !config.dataset_output.empty(),
                                             1u << 18);  // value samples: --values, @codetrace.record, --inject
  const RecordHeader& shape = record.header();
  std::optional<ChildTracing> children;  // Python children started with sys.executable
  if (config.trace_children)
    children.emplace(record_prefix(config.output),
                     ChildTracingSpec{scope, venv.empty() ? std::string(build_info::python_executable) : check_venv(venv), config.inject,
                                      shape.event_capacity, record.full_events(), shape.value_capacity, hook});
  TargetSpec target{config.module, config.target, config.args, config.timeout_s, venv, config.inject,
                    children ? children->executable() : "", hook};
  TargetOutcome outcome = run_target(target, scope, record);
  CrashReport crash = read_crash(record);  // before the open calls are closed
  std::vector<std::string> child_records;
  std::vector<ProcessRecord> processes = read_processes(std::move(record), outcome, children, child_records);
  for (ProcessRecord& p : processes) p.observed = read_observed(p.record, scope.root);
  Observed observed = processes.front().observed;
  for (size_t i = 1; i < processes.size(); ++i) merge_child_process(observed, processes[i].observed);
  for (std::uint32_t code : crash.python_codes)
    crash.python.push_back(code < observed.code_ids.size() && !observed.code_ids[code].empty() ? observed.code_ids[code] : "?");

  TraceMeta meta = trace_meta(config, scope.root, outcome, std::move(crash));
  CallGraph graph = static_graph(config, input, meta);
  const CallGraph* with_static = meta.with_static ? &graph : nullptr;
  meta.python_version = Interpreter::runtime_version();
  if (!config.events_output.empty()) write_events(config.events_output, processes);
  if (!config.dataset_output.empty()) write_dataset(config, meta, processes, observed, with_static);
  OutputFile output(config.output);
  write_trace_json(meta, observed, with_static, output.stream());
  output.commit();
  unlink(processes.front().record.path().c_str());
  for (const std::string& path : child_records) unlink(path.c_str());
  print_summary(outcome, observed, output.describe());
  return outcome.exit_code;
}

}  // namespace codetrace
