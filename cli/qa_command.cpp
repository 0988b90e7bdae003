// `codetrace qa`: source -> modules -> Q&A pairs -> de-duplicated records in file order.
#include <iostream>
#include <unordered_set>

#include "cli/command_support.hpp"
#include "cli/run_cli.hpp"
#include "static/analysis_pipeline.hpp"
#include "static/graph/call_facts.hpp"
#include "static/graph/call_index.hpp"
#include "static/graph/graph_writers.hpp"
#include "static/graph/resolver.hpp"
#include "static/python/interpreter.hpp"
#include "static/qa/qa_filters.hpp"
#include "static/qa/qa_generator.hpp"
#include "static/qa/qa_writer.hpp"
#include "static/qa/trace_qa.hpp"
#include "static/symbol_writer.hpp"

namespace codetrace {

int run_qa(const QaConfig& config) {
  RepoSource source = resolve_source(config.input);
  QaContext context{source.repo, source.commit, nullptr};
  QaOptions qa_options{config.include_private};

  OutputFile output(config.output);
  std::unique_ptr<QaWriter> writer = make_qa_writer(config.format, output.stream());
  std::unique_ptr<OutputFile> symbols;
  if (!config.symbols_output.empty()) symbols = std::make_unique<OutputFile>(config.symbols_output);
  SymbolRecordContext symbol_context{source.repo, source.commit, config.include_private};
  std::unordered_set<std::uint64_t> seen;
  size_t written = 0, duplicates = 0, observed = 0;
  std::unique_ptr<TraceFacts> trace;
  if (!config.trace.empty()) trace = std::make_unique<TraceFacts>(read_trace_facts(config.trace));
  auto emit = [&](const ModuleModel& module) {
    std::vector<QaPair> pairs = generate_qa(module, context, qa_options);
    if (trace) {
      std::vector<QaPair> more = generate_trace_qa(module, *trace, context, qa_options);
      observed += more.size();
      pairs.insert(pairs.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    duplicates += remove_duplicates(pairs, seen);
    for (const QaPair& pair : pairs) writer->write(pair);
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
    std::set<std::string> builtins = config.callgraph ? builtin_names() : std::set<std::string>{};
    summary = analyse_tree(source, analysis_options(config.input), [&](size_t, ModuleModel&& module, const SyntaxTree& tree) {
      if (symbols) write_symbol_records(module, symbol_context, symbols->stream());
      if (!config.callgraph) return emit(module);
      facts.push_back(extract_call_facts(tree, module));
      module.source.clear();
      module.source.shrink_to_fit();
      waiting.push_back(std::move(module));
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
  if (summary.files_found == 0) throw Error("no Python files found under " + config.input.source);
  output.commit();
  if (symbols) symbols->commit();

  report_issues(summary, "qa");
  if (summary.skipped_tests) std::cerr << ", " << summary.skipped_tests << " test files left out (--tests)";
  std::cerr << "; " << written << " Q&A pairs (" << duplicates << " duplicates removed";
  if (trace) std::cerr << "; " << observed << " from the trace";
  std::cerr << ") written to " << output.describe();
  if (symbols) std::cerr << "; symbol table written to " << config.symbols_output;
  if (!config.graph_output.empty()) std::cerr << "; call graph written to " << config.graph_output;
  std::cerr << "\n";
  if (written == 0) {
    std::cerr << "codetrace: error: no Q&A pairs were produced\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace codetrace
