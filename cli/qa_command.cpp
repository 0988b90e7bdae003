// `codetrace qa`: source -> modules -> Q&A pairs -> de-duplicated records in file order.
#include <iostream>
#include <unordered_set>

#include "cli/command_support.hpp"
#include "cli/run_cli.hpp"
#include "build_info.hpp"
#include "core/dataset_card.hpp"
#include "core/process.hpp"
#include "core/text.hpp"
#include "static/analysis_pipeline.hpp"
#include "static/graph/call_facts.hpp"
#include "static/graph/call_index.hpp"
#include "static/graph/graph_writers.hpp"
#include "static/graph/resolver.hpp"
#include "static/python/interpreter.hpp"
#include "static/qa/example_check.hpp"
#include "static/qa/qa_filters.hpp"
#include "static/qa/qa_generator.hpp"
#include "static/qa/qa_writer.hpp"
#include "static/qa/trace_qa.hpp"
#include "static/symbol_writer.hpp"

namespace codetrace {
namespace {

void write_qa_card(const QaConfig& config, const RepoSource& source, std::vector<CardSplit> splits) {
  DatasetCard card;
  card.pretty_name = "Q&A pairs about the code of " + source.repo;
  card.summary = "Question/answer pairs drawn by codetrace from the Python code of `" + source.repo +
                 "`: what modules, classes and functions are for, their inputs, outputs and exceptions, examples, "
                 "commented code and locations" +
                 std::string(config.callgraph ? ", who calls what (static call graph)" : "") +
                 (config.traces.empty() && config.call_datasets.empty() ? "" : ", and what a traced run observed") +
                 ". Every pair names the file and the lines it is about.";
  card.task = "question-answering";
  card.repo = source.repo;
  card.commit = source.commit.value_or("");
  card.license = detect_license(source.root);
  for (CardSplit& s : splits) s.file = relative_to_card(config.card, s.file);
  card.splits = std::move(splits);
  card.features = qa_card_features(config.format);
  card.notes = {"Answers come only from the code's own text (docstrings, comments, signatures, the syntax tree)"
                " or, with `answer_source: trace`, from a run traced by `codetrace run`; the code is never imported or run to make them" +
                    std::string(config.verify_examples || config.verify_calls
                                    ? " (it was run only to check docstring examples and observed calls: those that passed say `verified: true`)."
                                    : "."),
                "Trivial docstrings, comments that explain nothing and exact duplicates are left out" +
                    std::string(config.include_private ? "" : "; so are private members") +
                    (config.input.include_tests ? "." : " and test files."),
                "Splits are by module, so the pairs of one file are all in one split; the assignment depends only on the file's path.",
                "Check a copy with `codetrace validate FILE --root SOURCE --model`."};
  OutputFile file(config.card);
  write_dataset_card(card, file.stream());
  file.commit();
}

// Every docstring example (or observed call) of one module is run (example_check.hpp); those that
// do not pass are left out, the others say "verified": true.
constexpr double kSecondsPerExample = 10;

struct ExampleTally {
  size_t run = 0, verified = 0, failed = 0, timed_out = 0;
  std::vector<std::string> problems;  // "path: why" for each module none of whose examples could run
};

// `calls`: the observed calls (--verify), otherwise the examples (--verify-examples).
void verify_pairs(ExampleChecker& checker, const std::string& root, const ModuleModel& module, std::vector<QaPair>& pairs, bool calls,
                  ExampleTally& tally) {
  std::vector<ExampleCase> cases;
  std::vector<size_t> at;
  for (size_t i = 0; i < pairs.size(); ++i)
    if (calls ? pairs[i].call.has_value() : !pairs[i].doctest.empty()) {
      cases.push_back({import_root_of(root, module.path, module.module_name), module.module_name, pairs[i].doctest,
                       calls ? &*pairs[i].call : nullptr});
      at.push_back(i);
    }
  if (cases.empty()) return;
  std::vector<ExampleVerdict> verdicts = checker.check(cases);
  std::vector<bool> drop(pairs.size(), false);
  for (const ExampleVerdict& v : verdicts)
    if (v.module_problem) {
      tally.problems.push_back(std::string(calls ? "observed calls" : "examples") + " not verified, " + module.path + ": " + v.why.substr(0, v.why.find('\n')));
      break;
    }
  for (size_t k = 0; k < cases.size(); ++k) {
    ++tally.run;
    if (verdicts[k].passed) {
      ++tally.verified;
      pairs[at[k]].verified = true;
    } else {
      ++(verdicts[k].timed_out ? tally.timed_out : tally.failed);
      drop[at[k]] = true;
    }
  }
  size_t n = 0;
  for (size_t i = 0; i < pairs.size(); ++i)
    if (!drop[i]) {
      if (n != i) pairs[n] = std::move(pairs[i]);
      ++n;
    }
  pairs.resize(n);
}

// The checker that runs examples and observed calls, once the interpreter it needs answers.
std::unique_ptr<ExampleChecker> example_checker(const QaConfig& config) {
  if (!config.verify_examples && !config.verify_calls) return nullptr;
  std::string python = config.python.empty() ? std::string(build_info::python_executable) : config.python;
  ProcessResult probe = run_process({python, "-c", "import doctest"}, 60);
  if (probe.exit_code != 0)
    throw Error("cannot run " + python + " to verify " + (config.verify_examples ? "the examples" : "the observed calls") +
                (probe.err.empty() ? "" : ": " + std::string(trim(probe.err))));
  return std::make_unique<ExampleChecker>(python, kSecondsPerExample);
}

// The modules whose examples or observed calls could not be run: the first five, and a hint
// when a dependency was missing.
void warn_verification_problems(ExampleTally& examples, const ExampleTally& calls) {
  for (const std::string& problem : calls.problems) examples.problems.push_back(problem);
  for (size_t i = 0; i < examples.problems.size() && i < 5; ++i)
    std::cerr << "codetrace: warning: " << examples.problems[i] << "\n";
  if (examples.problems.size() > 5) std::cerr << "codetrace: warning: ... and " << examples.problems.size() - 5 << " more modules\n";
  if (std::any_of(examples.problems.begin(), examples.problems.end(), [](const std::string& p) { return p.find("No module named") != std::string::npos; }))
    std::cerr << "codetrace: hint: --python PATH runs the examples with an interpreter that has the project's dependencies\n";
}

// The summary line's verification figures (--verify-examples, --verify-calls).
void print_verification(const QaConfig& config, const ExampleTally& examples, const ExampleTally& calls) {
  if (config.verify_examples)
    std::cerr << "; " << examples.verified << " of " << examples.run << " examples verified (" << examples.failed << " failed, "
              << examples.timed_out << " timed out)";
  if (config.verify_calls)
    std::cerr << "; " << calls.verified << " of " << calls.run << " observed calls verified (" << calls.failed << " gave another result, "
              << calls.timed_out << " timed out)";
}

// --split: the pairs in three files, train / validation / test, by module (split_by_module).
std::vector<CardSplit> write_splits(const QaConfig& config, const std::vector<QaPair>& held) {
  std::vector<std::string> paths;
  for (const QaPair& p : held) paths.push_back(p.path);
  std::map<std::string, std::string> split_of = split_by_module(paths);
  std::vector<CardSplit> splits;
  for (const char* name : {"train", "validation", "test"}) {
    CardSplit split{name, split_file_name(config.output, name), 0};
    OutputFile file(split.file);
    std::unique_ptr<QaWriter> w = make_qa_writer(config.format, file.stream());
    for (const QaPair& p : held)
      if (split_of[p.path] == name) w->write(p), ++split.records;
    file.commit();
    splits.push_back(split);
  }
  return splits;
}

}  // namespace

int run_qa(const QaConfig& config) {
  RepoSource source = resolve_source(config.input);
  QaContext context{source.repo, source.commit, nullptr};
  QaOptions qa_options{config.include_private, config.kinds, config.context_lines};

  // Pairs go to the output as modules come, or with --split wait until every module is known.
  std::unique_ptr<OutputFile> output;
  std::unique_ptr<QaWriter> writer;
  if (!config.split) {
    output = std::make_unique<OutputFile>(config.output);
    writer = make_qa_writer(config.format, output->stream());
  }
  std::vector<QaPair> held;
  std::unique_ptr<OutputFile> symbols;
  if (!config.symbols_output.empty()) symbols = std::make_unique<OutputFile>(config.symbols_output);
  SymbolRecordContext symbol_context{source.repo, source.commit, config.include_private};
  std::unordered_set<std::uint64_t> seen;
  NearDuplicateIndex near;  // near-duplicate pairs (copied docstrings edited a little) are left out too
  size_t written = 0, duplicates = 0, observed = 0;
  std::unique_ptr<ExampleChecker> checker = example_checker(config);
  ExampleTally examples, calls;
  std::unique_ptr<TraceFacts> trace;
  if (!config.traces.empty() || !config.call_datasets.empty())
    trace = std::make_unique<TraceFacts>(read_trace_facts(config.traces, config.call_datasets));
  auto emit = [&](const ModuleModel& module) {
    std::vector<QaPair> pairs = generate_qa(module, context, qa_options);
    if (config.verify_examples) verify_pairs(*checker, source.root, module, pairs, false, examples);
    if (trace) {
      std::vector<QaPair> more = generate_trace_qa(module, *trace, context, qa_options);
      if (config.verify_calls) verify_pairs(*checker, source.root, module, more, true, calls);
      pairs.insert(pairs.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    duplicates += remove_duplicates(pairs, seen, &near);
    observed += static_cast<size_t>(std::count_if(pairs.begin(), pairs.end(), [](const QaPair& p) { return p.answer_source == "trace"; }));
    for (QaPair& pair : pairs)
      if (writer) writer->write(pair);
      else held.push_back(std::move(pair));
    written += pairs.size();
  };

  // Without the call graph, modules arrive in file order on the analysis worker thread, which
  // generates, de-duplicates and writes their pairs while the main thread parses the next files.
  // With it, the models wait until the graph of the whole tree is built from the same parse.
  std::vector<ModuleModel> waiting;
  std::vector<CallFacts> facts;
  AnalysisSummary summary;
  {
    Interpreter python({/*isolated=*/true});
    std::set<std::string> builtins = builtin_names();
    context.builtins = &builtins;
    summary = analyse_tree(source, analysis_options(config.input), [&](size_t, ModuleModel&& module, const SyntaxTree& tree) {
      if (symbols) write_symbol_records(module, symbol_context, symbols->stream());
      if (!config.callgraph) return emit(module);
      facts.push_back(extract_call_facts(tree, module));
      waiting.push_back(std::move(module));  // with its source: the pairs' contexts quote it
    });
    if (config.callgraph) {
      CallGraph graph = build_call_graph(facts, builtins);
      CallIndex index = index_call_graph(graph);
      context.calls = &index;
      for (const ModuleModel& module : waiting) emit(module);
      if (!config.graph_output.empty()) {
        OutputFile graph_file(config.graph_output);
        write_graph_json(graph, GraphMeta{source.repo, source.commit}, graph_file.stream());
        graph_file.commit();
      }
    }
  }
  require_python_files(summary, config.input);
  warn_verification_problems(examples, calls);
  if (written == 0) {  // nothing is committed: no empty file is left under any requested name
    report_issues(summary, "qa");
    std::cerr << "\ncodetrace: error: no Q&A pairs were produced; nothing was written\n";
    return kExitFailed;
  }
  std::vector<CardSplit> splits;
  if (config.split) {
    splits = write_splits(config, held);
  } else {
    output->commit();
    splits.push_back(CardSplit{"train", config.output, written});
  }
  if (symbols) symbols->commit();
  if (!config.card.empty()) write_qa_card(config, source, splits);

  report_issues(summary, "qa");
  if (summary.skipped_tests) std::cerr << ", " << summary.skipped_tests << " test files left out (--tests)";
  std::cerr << "; " << written << " Q&A pairs (" << duplicates << " duplicates removed";
  if (trace) std::cerr << "; " << observed << " from the trace";
  print_verification(config, examples, calls);
  if (output) std::cerr << ") written to " << output->describe();
  else std::cerr << ") written to " << splits[0].file << " (" << splits[0].records << "), " << splits[1].file << " (" << splits[1].records
                 << ") and " << splits[2].file << " (" << splits[2].records << "), split by module";
  if (!config.card.empty()) std::cerr << "; dataset card written to " << config.card;
  if (symbols) std::cerr << "; symbol table written to " << config.symbols_output;
  if (!config.graph_output.empty()) std::cerr << "; call graph written to " << config.graph_output;
  std::cerr << "\n";
  return kExitOk;
}

}  // namespace codetrace
