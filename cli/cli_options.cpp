#include "cli/cli_options.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include <boost/program_options.hpp>

#include "build_info.hpp"
#include "static/graph/graph_writers.hpp"
#include "core/text.hpp"
#include "static/qa/qa_generator.hpp"
#include "static/qa/qa_writer.hpp"

namespace po = boost::program_options;

namespace codetrace {
namespace {

const char* const kTopUsage =
    "Usage: codetrace <command> [options]\n"
    "\n"
    "Turns a Python codebase into training data and call-flow evidence.\n"
    "\n"
    "Commands:\n"
    "  qa        question/answer pairs from code, docstrings and comments (JSONL)\n"
    "  graph     the static call graph: who calls whom, with every call site\n"
    "  run       run a script, module or test suite under the tracer; merge what ran with the graph\n"
    "  diff      compare a trace's static and observed calls: what the graph missed, what never ran\n"
    "  validate  check generated Q&A and trace data: schema, traceability, duplicates, secrets; --model\n"
    "  report    draw a trace as one self-contained HTML page (or Graphviz DOT)\n"
    "  batch     qa, graph (and run) over many repositories: resumable, sharded, one log each\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help (codetrace <command> --help for a command)\n"
    "  --version      show the version and the embedded Python\n"
    "\n"
    "Exit codes: 0 done, 1 failed, 2 usage error, 3 validation checks failed.\n";

// Options of every command that reads a codebase.
void add_source_options(po::options_description& d, bool tests_by_default) {
  d.add_options()
      ("include", po::value<std::vector<std::string>>()->composing(), "only files matching GLOB (repeatable)")
      ("exclude", po::value<std::vector<std::string>>()->composing(), "skip files matching GLOB (repeatable)");
  if (tests_by_default) d.add_options()("no-tests", "leave out test files and folders");
  else d.add_options()("tests", "include test files and folders");
  d.add_options()
      ("no-git", "walk the folder even when it is a git work tree (git otherwise lists the files)")
      ("no-progress", "never show progress on stderr")
      ("repo-name", po::value<std::string>(), "the `repo` field of every record (default: folder name or URL)")
      ("cache-dir", po::value<std::string>(), "where git URLs are cloned (default: ~/.cache/codetrace/repos)");
}

// The command's positional arguments (the option "source" of every command).
std::vector<std::string> positionals(const po::variables_map& vm) {
  return vm.count("source") ? vm["source"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

// The one positional argument of a command that takes exactly one: `what` names it in the
// message ("report takes one trace file").
std::string one_positional(const po::variables_map& vm, const std::string& command, const std::string& what) {
  std::vector<std::string> args = positionals(vm);
  if (args.size() != 1) throw UsageError(command + " takes one " + what, command);
  return args.front();
}

SourceConfig read_source_options(const po::variables_map& vm, bool tests_by_default, const std::string& command) {
  std::vector<std::string> sources = positionals(vm);
  if (sources.empty()) throw UsageError(command + " needs a PATH or GIT_URL to analyse", command);
  if (sources.size() > 1)
    throw UsageError(command + " takes one PATH or GIT_URL, got " + std::to_string(sources.size()), command);
  SourceConfig c;
  c.source = sources.front();
  if (vm.count("include")) c.include = vm["include"].as<std::vector<std::string>>();
  if (vm.count("exclude")) c.exclude = vm["exclude"].as<std::vector<std::string>>();
  c.include_tests = tests_by_default ? vm.count("no-tests") == 0 : vm.count("tests") > 0;
  c.use_git = vm.count("no-git") == 0;
  c.progress = vm.count("no-progress") == 0;
  if (vm.count("repo-name")) c.repo_name = vm["repo-name"].as<std::string>();
  if (vm.count("cache-dir")) c.cache_dir = vm["cache-dir"].as<std::string>();
  return c;
}

// Parses a command's arguments; returns false when --help was asked for.
bool parse_command(const std::vector<std::string>& args, const po::options_description& visible,
                   const std::string& command, po::variables_map& vm) {
  po::options_description all;
  all.add(visible).add_options()("source", po::value<std::vector<std::string>>(), "");
  po::positional_options_description positional;
  positional.add("source", -1);
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what(), command);
  }
  return vm.count("help") == 0;
}

po::options_description qa_options() {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help")
      ("output,o", po::value<std::string>()->default_value("-"), "write records to FILE ('-': standard output)")
      ("format", po::value<std::string>()->default_value("jsonl"), "jsonl (full records), chat or alpaca")
      ("symbols", po::value<std::string>(), "also write the symbol table (signatures, parsed docstrings, comments, code) to FILE")
      ("private", "include private members (names starting with '_')")
      ("kinds", po::value<std::string>(), "the question kinds to write, comma-separated (default: all but location, callers and the inputs/outputs that only repeat the signature; see docs/qa-format.md)")
      ("context-lines", po::value<int>()->default_value(120), "cut the code in each record's context after N lines (a last line says how many were left out)")
      ("callgraph", "add call-context questions (which functions X calls, where X is called from) from the static call graph")
      ("graph", po::value<std::string>(), "also write the call graph (JSON) to FILE, from the same parse; implies --callgraph")
      ("split", "write OUT.train.jsonl, OUT.validation.jsonl and OUT.test.jsonl instead of OUT, split by module (the same every run)")
      ("card", po::value<std::string>(), "also write a dataset card to FILE (README.md with the Hugging Face YAML header: license, fields, splits, source repo and commit)")
      ("verify-examples", "run each docstring example (a child Python process per module, a time limit per example, twice with two hash seeds) and keep only those doctest accepts; they say \"verified\": true. This runs the analysed code")
      ("python", po::value<std::string>(), "the Python that --verify-examples and --verify run (default: the one codetrace embeds)")
      ("trace", po::value<std::vector<std::string>>(), "add Q&A from what a run observed (a trace from `codetrace run` of the same root; values with --values): what a call returned (predict_output, predict_input) or raised, which functions ran below a function (repeatable: several runs)")
      ("calls", po::value<std::vector<std::string>>(), "add Q&A from a call dataset (`codetrace run --values --dataset FILE` of the same root): what a call returned or raised, and which of the project's functions it called directly, in order (call_sequence); repeatable")
      ("verify", "with --trace or --calls: evaluate each observed call again (a child Python process, a time limit per call, twice with two hash seeds) and keep only those that give the recorded result (and, for call_sequence, make the same calls); they say \"verified\": true. This runs the analysed code");
  add_source_options(d, false);
  return d;
}

po::options_description graph_options() {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help")
      ("output,o", po::value<std::string>()->default_value("-"), "write the graph to FILE ('-': standard output)")
      ("format", po::value<std::string>()->default_value("json"), "json (nodes, edges, sites, unresolved), calls, csv or dot")
      ("heuristic", "for calls it cannot resolve, also guess by bare name (at most 5 functions), marking those edges as guesses")
      ("jobs,j", po::value<std::size_t>(), "parse with N processes (default: the cores this process may use, at most 4; trees under 64 files: 1). The output is the same for any N");
  add_source_options(d, true);
  return d;
}

std::string help_text(const char* usage, const char* description, const po::options_description& options,
                      const char* footer) {
  std::ostringstream out;
  out << usage << "\n\n" << description << "\n\n" << options << "\n" << footer;
  return out.str();
}

CliRequest parse_qa(const std::vector<std::string>& args) {
  po::variables_map vm;
  CliRequest request;
  po::options_description options = qa_options();
  if (!parse_command(args, options, "qa", vm)) {
    request.help_text = help_text(
        "Usage: codetrace qa PATH|GIT_URL [-o FILE] [options]",
        "Writes question/answer pairs about every module, class, function and method found under\n"
        "PATH (or in a shallow clone of GIT_URL), one JSON record a line, each traceable to its file\n"
        "and lines. The code is parsed, never imported or run.",
        options,
        "Files that cannot be analysed (syntax errors, binary or undecodable files, broken links)\n"
        "are listed on stderr and the run goes on; the exit code is 0 when any record was produced.\n");
    return request;
  }
  QaConfig& c = request.qa;
  request.action = CliRequest::Action::Qa;
  c.input = read_source_options(vm, false, "qa");
  c.output = vm["output"].as<std::string>();
  c.format = vm["format"].as<std::string>();
  if (!is_qa_format(c.format)) throw UsageError("unknown --format '" + c.format + "' (jsonl, chat or alpaca)", "qa");
  if (vm.count("symbols")) c.symbols_output = vm["symbols"].as<std::string>();
  if (!c.symbols_output.empty() && c.symbols_output == c.output && c.output != "-")
    throw UsageError("--symbols and -o name the same file", "qa");
  c.include_private = vm.count("private") > 0;
  if (vm.count("kinds")) {
    std::string list = vm["kinds"].as<std::string>();
    for (size_t start = 0; start <= list.size();) {
      size_t comma = list.find(',', start);
      std::string kind(trim(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
      if (!kind.empty()) {
        if (std::find(qa_kinds().begin(), qa_kinds().end(), kind) == qa_kinds().end())
          throw UsageError("unknown question kind '" + kind + "' in --kinds (" + join(qa_kinds(), ", ") + ")", "qa");
        c.kinds.push_back(kind);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (c.kinds.empty()) throw UsageError("--kinds names no question kind", "qa");
  }
  c.context_lines = vm["context-lines"].as<int>();
  if (c.context_lines < 5) throw UsageError("--context-lines must be at least 5", "qa");
  if (vm.count("graph")) c.graph_output = vm["graph"].as<std::string>();
  if (vm.count("trace")) c.traces = vm["trace"].as<std::vector<std::string>>();
  c.verify_examples = vm.count("verify-examples") > 0;
  c.verify_calls = vm.count("verify") > 0;
  if (vm.count("calls")) c.call_datasets = vm["calls"].as<std::vector<std::string>>();
  if (c.verify_calls && c.traces.empty() && c.call_datasets.empty())
    throw UsageError("--verify evaluates the calls a run observed; give --trace FILE or --calls FILE", "qa");
  if (vm.count("python")) c.python = vm["python"].as<std::string>();
  if (!c.python.empty() && !c.verify_examples && !c.verify_calls)
    throw UsageError("--python is the interpreter of --verify-examples and --verify; give one of them", "qa");
  c.split = vm.count("split") > 0;
  if (c.split && c.output == "-") throw UsageError("--split needs -o FILE: the splits go to FILE.train.jsonl, ...", "qa");
  if (vm.count("card")) c.card = vm["card"].as<std::string>();
  if (!c.card.empty() && (c.card == c.output || c.card == "-")) throw UsageError("--card needs a file of its own", "qa");
  c.callgraph = vm.count("callgraph") > 0 || !c.graph_output.empty();
  if (!c.graph_output.empty() && (c.graph_output == c.output || c.graph_output == c.symbols_output) && c.graph_output != "-")
    throw UsageError("--graph names the same file as another output", "qa");
  return request;
}

CliRequest parse_graph(const std::vector<std::string>& args) {
  po::variables_map vm;
  CliRequest request;
  po::options_description options = graph_options();
  if (!parse_command(args, options, "graph", vm)) {
    request.help_text = help_text(
        "Usage: codetrace graph PATH|GIT_URL [-o FILE] [--format json|calls|csv|dot] [options]",
        "Builds the static call graph of the Python code under PATH: every module, class, function,\n"
        "method and lambda, the calls between them with each call site, calls into code outside the\n"
        "tree as external nodes (json.dumps, builtins.print), and every call it could not resolve,\n"
        "with the reason. It never guesses by bare name. The code is parsed, never imported or run.",
        options, "Files that cannot be analysed are listed on stderr and the run goes on.\n");
    return request;
  }
  GraphConfig& c = request.graph;
  request.action = CliRequest::Action::Graph;
  c.input = read_source_options(vm, true, "graph");
  c.output = vm["output"].as<std::string>();
  c.format = vm["format"].as<std::string>();
  if (!is_graph_format(c.format)) throw UsageError("unknown --format '" + c.format + "' (json, calls, csv or dot)", "graph");
  c.heuristic = vm.count("heuristic") > 0;
  if (vm.count("jobs")) {
    c.jobs = vm["jobs"].as<std::size_t>();
    if (c.jobs == 0) throw UsageError("--jobs must be at least 1", "graph");
  }
  return request;
}

po::options_description run_options() {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help")
      ("output,o", po::value<std::string>()->default_value("trace.json"), "write the trace to FILE")
      ("root", po::value<std::string>(), "the code in scope (default: the script's folder; with -m the current folder)")
      ("include", po::value<std::vector<std::string>>()->composing(), "only files under the root matching GLOB are in scope (repeatable)")
      ("exclude", po::value<std::vector<std::string>>()->composing(), "files under the root matching GLOB are out of scope (repeatable)")
      ("no-static", "do not analyse the root statically; the trace holds observed calls only")
      ("no-git", "find the root's files by walking it, even in a git work tree (git would leave out what it ignores)")
      ("values", "record the arguments and result (truncated reprs, secrets redacted) of the first 5 calls of each function with different arguments")
      ("values-length", po::value<std::size_t>()->default_value(200), "with --values: cut each repr to this many bytes")
      ("inject", po::value<std::vector<std::string>>()->composing(), "wrap the functions whose id (pkg.mod.Class.method) matches GLOB with a recording decorator as their module is imported; every call's arguments and result are kept (repeatable)")
      ("no-children", "do not trace the Python children the target starts with sys.executable (subprocess, multiprocessing's spawn and forkserver workers); forked children are always recorded")
      ("c-calls", "also record calls from the code in scope into C functions (builtins.len, math.sqrt) as boundary edges")
      ("events", po::value<std::string>(), "also write the timeline of the calls to FILE as Chrome Trace Event JSON (opens in Perfetto)")
      ("dataset", po::value<std::string>(), "also write one JSON record per call of the code in scope to FILE.jsonl (caller, call site, depth, thread, values with --values, exception, the calls it made), and each function's call sequence to FILE.sequences.jsonl")
      ("card", po::value<std::string>(), "with --dataset: also write a dataset card to FILE (README.md with the Hugging Face YAML header)")
      ("events-limit", po::value<std::uint64_t>()->default_value(20000000), "at most this many calls in the timeline and the dataset (the rest are counted)")
      ("venv", po::value<std::string>(), "run in this virtual environment (default: $VIRTUAL_ENV, when set); it must be of the embedded Python's version")
      ("timeout", po::value<double>(), "end the target after S seconds (SIGTERM, then SIGKILL); the trace is still written");
  return d;
}

// Options come before the target; everything after `script.py` or `-m module` is the target's.
CliRequest parse_run(const std::vector<std::string>& args) {
  static const std::set<std::string> with_value = {"-o", "--output", "--root", "--include", "--exclude", "--timeout", "--venv", "--events", "--dataset", "--card", "--events-limit", "--values-length", "--inject"};
  std::vector<std::string> options;
  CliRequest request;
  RunConfig& c = request.run;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-m") {
      if (i + 1 >= args.size()) throw UsageError("-m needs a module name", "run");
      c.module = true;
      c.target = args[++i];
      ++i;
      break;
    }
    if (a.empty() || a[0] != '-' || a == "-") {
      c.target = a;
      ++i;
      break;
    }
    options.push_back(a);
    if (with_value.count(a) && i + 1 < args.size()) options.push_back(args[++i]);
  }
  c.args.assign(args.begin() + static_cast<long>(std::min(i, args.size())), args.end());
  po::variables_map vm;
  po::options_description visible = run_options();
  try {
    po::store(po::command_line_parser(options).options(visible).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what(), "run");
  }
  if (vm.count("help")) {
    request.help_text = help_text(
        "Usage: codetrace run [options] script.py [args...]\n       codetrace run [options] -m module [args...]",
        "Runs the target in the embedded Python as `python script.py args` would (same sys.argv,\n"
        "sys.path[0], __main__, standard streams and exit code) and records every call of the code in\n"
        "scope: caller, call-site line, count, inclusive and self time. Unless --no-static, the root is\n"
        "also analysed statically and the trace marks each edge static, observed or both.",
        visible,
        "The trace is written however the target ends (exit, exception, signal, SIGKILL, os._exit,\n"
        "--timeout). Exit code: the target's own (128 + N when signal N ended it); 1 or 2 when codetrace\n"
        "itself fails before the target starts.\n");
    return request;
  }
  if (c.target.empty()) throw UsageError("run needs a script or -m module", "run");
  request.action = CliRequest::Action::Run;
  c.output = vm["output"].as<std::string>();
  if (vm.count("root")) c.root = vm["root"].as<std::string>();
  if (vm.count("include")) c.include = vm["include"].as<std::vector<std::string>>();
  if (vm.count("exclude")) c.exclude = vm["exclude"].as<std::vector<std::string>>();
  c.with_static = vm.count("no-static") == 0;
  c.use_git = vm.count("no-git") == 0;
  c.c_calls = vm.count("c-calls") > 0;
  c.trace_children = vm.count("no-children") == 0;
  if (vm.count("inject")) c.inject = vm["inject"].as<std::vector<std::string>>();
  if (vm.count("values")) c.values_length = std::max<std::size_t>(vm["values-length"].as<std::size_t>(), 8);
  if (vm.count("venv")) c.venv = vm["venv"].as<std::string>();
  if (vm.count("events")) c.events_output = vm["events"].as<std::string>();
  if (vm.count("dataset")) c.dataset_output = vm["dataset"].as<std::string>();
  c.events_limit = vm["events-limit"].as<std::uint64_t>();
  if (!c.events_output.empty() && (c.events_output == c.output)) throw UsageError("--events names the same file as -o", "run");
  if (!c.dataset_output.empty() && (c.dataset_output == c.output || c.dataset_output == c.events_output || c.dataset_output == "-"))
    throw UsageError("--dataset needs a file of its own", "run");
  if (vm.count("card")) c.card = vm["card"].as<std::string>();
  if (!c.card.empty() && c.dataset_output.empty()) throw UsageError("--card describes the --dataset files: give --dataset too", "run");
  if (!c.card.empty() && (c.card == c.output || c.card == c.dataset_output || c.card == "-"))
    throw UsageError("--card needs a file of its own", "run");
  if (vm.count("timeout")) {
    c.timeout_s = vm["timeout"].as<double>();
    if (c.timeout_s <= 0) throw UsageError("--timeout must be a positive number of seconds", "run");
  }
  return request;
}

CliRequest parse_validate(const std::vector<std::string>& args) {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help")
      ("root", po::value<std::string>(), "the folder the files were made from: re-parse it to check every location, and graph it to check static marks")
      ("model", "also test small models on the data against baselines, and say whether each task is learnable (docs/validate.md): Q&A answers retrieved from question and context with the symbol's name masked, predict_output baselines, the next callee of call records")
      ("fix", po::value<std::string>(), "write a copy of each JSONL file without its failing records into folder DIR")
      ("json", "write the report as JSON")
      ("output,o", po::value<std::string>()->default_value("-"), "write the report to FILE ('-': standard output)");
  po::variables_map vm;
  CliRequest request;
  if (!parse_command(args, d, "validate", vm)) {
    request.help_text = help_text("Usage: codetrace validate FILE... [--root DIR] [--model] [--fix DIR] [--json]",
                                  "Checks what codetrace wrote - Q&A files, traces, call datasets and call sequences - record by\n"
                                  "record: schema, traceability to the source, empty or restating answers, exact and near\n"
                                  "duplicates, trivial docstrings, secrets and personal data, and trace consistency.",
                                  d,
                                  "Exit code: 0 when every check passes, 3 when one fails (the report says which records),\n"
                                  "1 when a file cannot be read, 2 for a wrong command line.\n");
    return request;
  }
  std::vector<std::string> files = positionals(vm);
  if (files.empty()) throw UsageError("validate needs at least one file", "validate");
  request.action = CliRequest::Action::Validate;
  ValidateConfig& c = request.validate;
  c.files = files;
  if (vm.count("root")) c.root = vm["root"].as<std::string>();
  c.model = vm.count("model") > 0;
  if (vm.count("fix")) c.fix_dir = vm["fix"].as<std::string>();
  c.json = vm.count("json") > 0;
  c.output = vm["output"].as<std::string>();
  return request;
}

CliRequest parse_report(const std::vector<std::string>& args) {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help")
      ("output,o", po::value<std::string>(), "write the report to FILE (default: report.html, or report.dot with --format dot; '-': standard output)")
      ("format", po::value<std::string>()->default_value("html"), "html (one self-contained page) or dot (Graphviz, the same colours)")
      ("root", po::value<std::string>(), "the traced folder, for source excerpts, docstrings and Q&A (default: the trace's own root, if it still exists)");
  po::variables_map vm;
  CliRequest request;
  if (!parse_command(args, d, "report", vm)) {
    request.help_text = help_text("Usage: codetrace report trace.json [-o report.html] [--format html|dot] [--root DIR]",
                                  "Draws a trace written by `codetrace run`: the call graph with static-only, observed and\n"
                                  "observed-only edges told apart (observed ones weighted by count). In the HTML page, click\n"
                                  "a function for its file and lines, source, docstring, Q&A, observed calls, times and values;\n"
                                  "search by name, filter by module; modules are folded when the graph is large.",
                                  d, "The page needs no network: its style, script and data are inlined.\n");
    return request;
  }
  std::string trace = one_positional(vm, "report", "trace file");
  request.action = CliRequest::Action::Report;
  ReportConfig& c = request.report;
  c.trace = trace;
  c.format = vm["format"].as<std::string>();
  if (c.format != "html" && c.format != "dot") throw UsageError("unknown --format '" + c.format + "' (html or dot)", "report");
  c.output = vm.count("output") ? vm["output"].as<std::string>() : (c.format == "dot" ? "report.dot" : "report.html");
  if (vm.count("root")) c.root = vm["root"].as<std::string>();
  return request;
}

CliRequest parse_batch(const std::vector<std::string>& args) {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help")
      ("out", po::value<std::string>(), "the batch's folder: repos/NAME/ per repository (qa.jsonl, graph.json, trace.json, calls.jsonl, log.txt, status.json), shards/, summary.json")
      ("jobs,j", po::value<std::size_t>()->default_value(1), "repositories done at once")
      ("part", po::value<std::string>(), "I/N: do only the list lines i with i % N == I (0-based), e.g. one part per cluster job")
      ("shard-size", po::value<std::size_t>()->default_value(100000), "records a shard file")
      ("timeout", po::value<double>(), "end each `run` after S seconds")
      ("cache-dir", po::value<std::string>(), "clone git URLs into DIR (default ~/.cache/codetrace/repos)")
      ("redo", "do the repositories finished in an earlier run again");
  po::variables_map vm;
  CliRequest request;
  if (!parse_command(args, d, "batch", vm)) {
    request.help_text = help_text("Usage: codetrace batch LIST --out DIR [--jobs N] [--part I/N]",
                                  "For each folder or git URL in LIST (one a line; `SOURCE | run ARGS...` also traces\n"
                                  "`codetrace run ARGS` in it): Q&A and the call graph from one parse, and the trace and call\n"
                                  "dataset. Each repository has its own process and log; finished ones are skipped when the\n"
                                  "batch runs again; one broken repository never stops the others. Then every record is\n"
                                  "gathered into deterministic shards (list order).",
                                  d, "Exit code: 0 when every repository is done, 1 when one failed (the summary lists them).\n");
    return request;
  }
  std::string list = one_positional(vm, "batch", "list file");
  if (!vm.count("out")) throw UsageError("batch needs --out DIR", "batch");
  request.action = CliRequest::Action::Batch;
  BatchConfig& c = request.batch;
  c.list = list;
  c.out = vm["out"].as<std::string>();
  c.jobs = std::max<std::size_t>(1, vm["jobs"].as<std::size_t>());
  c.shard_size = std::max<std::size_t>(1, vm["shard-size"].as<std::size_t>());
  if (vm.count("timeout")) c.timeout_s = vm["timeout"].as<double>();
  if (vm.count("cache-dir")) c.cache_dir = vm["cache-dir"].as<std::string>();
  c.redo = vm.count("redo") > 0;
  if (vm.count("part")) {
    std::string part = vm["part"].as<std::string>();
    size_t slash = part.find('/');
    try {
      if (slash == std::string::npos) throw std::invalid_argument(part);
      c.part_index = std::stoul(part.substr(0, slash));
      c.part_count = std::stoul(part.substr(slash + 1));
    } catch (const std::exception&) {
      throw UsageError("--part takes I/N, e.g. 0/4", "batch");
    }
    if (c.part_count == 0 || c.part_index >= c.part_count) throw UsageError("--part I/N needs 0 <= I < N", "batch");
  }
  return request;
}

CliRequest parse_diff(const std::vector<std::string>& args) {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help")
      ("output,o", po::value<std::string>()->default_value("-"), "write the report to FILE ('-': standard output)")
      ("format", po::value<std::string>()->default_value("text"), "text or json");
  po::variables_map vm;
  CliRequest request;
  if (!parse_command(args, d, "diff", vm)) {
    request.help_text = help_text("Usage: codetrace diff trace.json [--format text|json] [-o FILE]",
                                  "Compares the static and observed edges of a trace written by `codetrace run`: the\n"
                                  "edges that ran but the static graph missed, the edges it predicted that never ran,\n"
                                  "per module, and the static graph's recall against what was observed.",
                                  d, "Edges with one end outside the root (boundary edges) are left out.\n");
    return request;
  }
  std::string trace = one_positional(vm, "diff", "trace file");
  request.action = CliRequest::Action::Diff;
  request.diff.trace = trace;
  request.diff.output = vm["output"].as<std::string>();
  request.diff.format = vm["format"].as<std::string>();
  if (request.diff.format != "text" && request.diff.format != "json")
    throw UsageError("unknown --format '" + request.diff.format + "' (text or json)", "diff");
  return request;
}

}  // namespace

std::string version_text() {
  return std::string("codetrace ") + build_info::version + " (embedded Python " + build_info::python_version + ")\n";
}

CliRequest parse_cli(const std::vector<std::string>& args) {
  CliRequest request;
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    request.help_text = kTopUsage;
    return request;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    request.action = CliRequest::Action::Version;
    return request;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "qa") return parse_qa(rest);
  if (args[0] == "graph") return parse_graph(rest);
  if (args[0] == "run") return parse_run(rest);
  if (args[0] == "diff") return parse_diff(rest);
  if (args[0] == "validate") return parse_validate(rest);
  if (args[0] == "report") return parse_report(rest);
  if (args[0] == "batch") return parse_batch(rest);
  if (args[0] == "validate" || args[0] == "report")
    throw UsageError("'" + args[0] + "' is not available in this version yet", "");
  throw UsageError("unknown command '" + args[0] + "'", "");
}

}  // namespace codetrace
