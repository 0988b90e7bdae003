#pragma once
// Command-line parsing as a pure function: arguments in, a request out (or UsageError).
// Nothing here reads files or starts Python, so every option is unit-tested directly.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace codetrace {

class UsageError : public Error {
 public:
  UsageError(const std::string& message, std::string command) : Error(message), command(std::move(command)) {}
  std::string command;  // the subcommand whose --help to point at ("" for the top level)
};

// What to analyse and how to find its files: shared by every command that reads a codebase.
struct SourceConfig {
  std::string source;                    // folder or git URL
  std::vector<std::string> include;      // globs
  std::vector<std::string> exclude;
  bool include_tests = false;
  bool use_git = true;                   // list files with git in a work tree
  bool progress = true;                  // on stderr, when it is a terminal
  std::optional<std::string> repo_name;  // overrides the `repo` field
  std::string cache_dir;                 // where git URLs are cloned; "" = default
};

struct QaConfig {
  SourceConfig input;
  std::string output = "-";              // "-" is standard output
  std::string symbols_output;            // --symbols FILE: the symbol table as JSONL ("" = none)
  std::string format = "jsonl";          // jsonl | chat | alpaca
  bool include_private = false;
  std::vector<std::string> kinds;        // --kinds: question kinds to write (empty: the default set)
  int context_lines = 120;               // --context-lines: code in `context` is cut after N lines
  bool callgraph = false;                // add call-context questions (builds the call graph)
  std::string graph_output;              // --graph FILE: also write the call graph (JSON); implies callgraph
  std::vector<std::string> traces;       // --trace FILE...: add Q&A from what traced runs observed
  std::vector<std::string> call_datasets;  // --calls FILE...: the same from call datasets (run --dataset), and call sequences
  bool split = false;                    // --split: OUT.train/.validation/.test.jsonl, by module
  std::string card;                      // --card FILE: a dataset card (README.md with the Hub's YAML header)
  bool verify_examples = false;          // --verify-examples: run docstring examples, keep those that pass
  bool verify_calls = false;             // --verify: evaluate the observed calls again, keep those that agree
  std::string python;                    // --python: the interpreter that runs them ("": the embedded one's)
};

struct GraphConfig {
  SourceConfig input;                    // tests are in the graph by default (--no-tests leaves them out)
  std::string output = "-";
  std::string format = "json";           // json | calls | csv | dot
  bool heuristic = false;                // add bare-name guesses for unresolved calls, marked as such
  std::size_t jobs = 0;                  // parsing processes; 0: as many as usable cores, at most 4
};

struct RunConfig {
  bool module = false;                   // -m MODULE
  std::string target;                    // script path or module name
  std::vector<std::string> args;         // the target's own arguments
  std::string output = "trace.json";
  std::string root;                      // "" = the script's folder, or the current folder with -m
  std::vector<std::string> include, exclude;  // globs on paths relative to the root
  bool with_static = true;               // --no-static leaves the static graph out
  bool use_git = true;                   // --no-git: walk the root even in a git work tree
  double timeout_s = 0;                  // 0 = none
  std::string venv;                      // --venv DIR ("" = $VIRTUAL_ENV, if set)
  bool c_calls = false;                  // --c-calls
  bool trace_children = true;            // --no-children: Python children started with sys.executable run untraced
  std::vector<std::string> inject;       // --inject GLOB: wrap matching functions at import time
  std::size_t values_length = 0;         // --values[-length N]: capture reprs of arguments and results (0: off)
  std::string events_output;             // --events FILE: the timeline as Chrome trace JSON
  std::string dataset_output;            // --dataset FILE.jsonl: one record per call (and FILE.sequences.jsonl)
  std::string card;                      // --card FILE: a dataset card for the --dataset files
  std::uint64_t events_limit = 20000000; // calls kept for the timeline and the dataset (--events-limit)
};

struct DiffConfig {
  std::string trace;                     // the annotated trace to read
  std::string output = "-";
  std::string format = "text";           // text | json
};

struct ValidateConfig {
  std::vector<std::string> files;        // Q&A, traces, call datasets, call sequences
  std::string root;                      // the analysed / traced folder ("" = no source checks)
  bool model = false;                    // --model: train and test the small models
  std::string fix_dir;                   // --fix DIR: cleaned copies of the JSONL files
  bool json = false;                     // --json: the report as JSON
  std::string output = "-";
};

struct ReportConfig {
  std::string trace;                     // the annotated trace to draw
  std::string root;                      // the traced root ("" = the trace's meta.root, when it exists)
  std::string output = "report.html";
  std::string format = "html";           // html | dot
};

struct BatchConfig {
  std::string list;                      // one folder or git URL a line, optionally `| run ARGS...`
  std::string out;                       // the batch's folder
  std::size_t jobs = 1;                  // repositories at once
  std::size_t part_index = 0, part_count = 1;  // --part I/N: this machine's share of the list
  std::size_t shard_size = 100000;       // records a shard
  double timeout_s = 0;                  // per `run`
  std::string cache_dir;                 // where git URLs are cloned
  bool redo = false;                     // do finished repositories again
};

struct CliRequest {
  enum class Action { Help, Version, Qa, Graph, Run, Diff, Validate, Report, Batch };
  Action action = Action::Help;
  std::string help_text;  // for Help
  QaConfig qa;
  GraphConfig graph;
  RunConfig run;
  DiffConfig diff;
  ValidateConfig validate;
  ReportConfig report;
  BatchConfig batch;
};

// `args` excludes the program name.
CliRequest parse_cli(const std::vector<std::string>& args);

std::string version_text();

}  // namespace codetrace
