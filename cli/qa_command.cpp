// `codetrace qa`: source -> modules -> Q&A pairs -> de-duplicated records in file order.
#include <iostream>
#include <unordered_set>

#include "cli/command_support.hpp"
#include "cli/run_cli.hpp"
#include "static/analysis_pipeline.hpp"
#include "static/python/interpreter.hpp"
#include "static/qa/qa_filters.hpp"
#include "static/qa/qa_generator.hpp"
#include "static/qa/qa_writer.hpp"
#include "static/symbol_writer.hpp"

namespace codetrace {

int run_qa(const QaConfig& config) {
  RepoSource source = resolve_source(config.input);
  QaContext context{source.repo, source.commit};
  QaOptions qa_options{config.include_private};

  // Modules arrive in file order on the analysis worker thread, which generates, de-duplicates
  // and serialises their pairs while the main thread parses the next files.
  OutputFile output(config.output);
  std::unique_ptr<QaWriter> writer = make_qa_writer(config.format, output.stream());
  std::unique_ptr<OutputFile> symbols;
  if (!config.symbols_output.empty()) symbols = std::make_unique<OutputFile>(config.symbols_output);
  SymbolRecordContext symbol_context{source.repo, source.commit, config.include_private};
  std::unordered_set<std::uint64_t> seen;
  size_t written = 0, duplicates = 0;
  AnalysisSummary summary;
  {
    Interpreter python({/*isolated=*/true});
    summary = analyse_tree(source, analysis_options(config.input), [&](size_t, ModuleModel&& module, const SyntaxTree&) {
      if (symbols) write_symbol_records(module, symbol_context, symbols->stream());
      std::vector<QaPair> pairs = generate_qa(module, context, qa_options);
      duplicates += remove_duplicates(pairs, seen);
      for (const QaPair& pair : pairs) writer->write(pair);
      written += pairs.size();
    });
  }
  if (summary.files_found == 0) throw Error("no Python files found under " + config.input.source);

  output.commit();
  if (symbols) symbols->commit();

  report_issues(summary);
  std::cerr << "codetrace qa: " << summary.files_analysed << " of " << summary.files_found << " files analysed";
  if (!summary.issues.empty()) std::cerr << ", " << summary.issues.size() << " skipped (listed above)";
  if (summary.skipped_tests) std::cerr << ", " << summary.skipped_tests << " test files left out (--tests)";
  std::cerr << "; " << written << " Q&A pairs (" << duplicates << " duplicates removed) written to "
            << output.describe();
  if (symbols) std::cerr << "; symbol table written to " << config.symbols_output;
  std::cerr << "\n";
  if (written == 0) {
    std::cerr << "codetrace: error: no Q&A pairs were produced\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace codetrace
