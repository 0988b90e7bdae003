// `codetrace qa`: source -> modules -> Q&A pairs -> de-duplicated records in file order.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <unordered_set>

#include "cli/run_cli.hpp"
#include "static/analysis_pipeline.hpp"
#include "static/python/interpreter.hpp"
#include "static/qa/qa_filters.hpp"
#include "static/qa/qa_generator.hpp"
#include "static/qa/qa_writer.hpp"
#include "static/symbol_writer.hpp"

namespace codetrace {
namespace {

AnalysisOptions analysis_options(const QaConfig& c) {
  AnalysisOptions o;
  o.walk.include = c.include;
  o.walk.exclude = c.exclude;
  o.walk.skip_tests = !c.include_tests;
  o.walk.use_git = c.use_git;
  o.progress = c.progress;
  return o;
}

// Writes to a temporary file beside the target and renames it into place at the end, so a
// failed run never leaves a half-written dataset under the requested name.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path) : path_(path) {
    if (path_ == "-") return;
    temp_ = path_ + ".partial";
    file_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!file_) throw Error("cannot write " + path_ + ": " + std::strerror(errno));
  }
  ~OutputFile() {
    if (!temp_.empty() && !committed_) std::remove(temp_.c_str());
  }
  std::ostream& stream() { return path_ == "-" ? std::cout : file_; }
  void commit() {
    stream().flush();
    if (!stream()) throw Error("write failed: " + (path_ == "-" ? std::string("standard output") : path_));
    if (path_ == "-") return;
    file_.close();
    if (std::rename(temp_.c_str(), path_.c_str()) != 0) throw Error("cannot write " + path_ + ": " + std::strerror(errno));
    committed_ = true;
  }

 private:
  std::string path_, temp_;
  std::ofstream file_;
  bool committed_ = false;
};

void report_issues(const AnalysisSummary& summary) {
  for (const FileIssue& issue : summary.issues) {
    std::cerr << "codetrace: skipped " << issue.path;
    if (issue.line > 0) std::cerr << ":" << issue.line;
    std::cerr << ": " << issue.reason << "\n";
  }
}

}  // namespace

int run_qa(const QaConfig& config) {
  RepoSource source = resolve_repo_source(config.source, config.cache_dir.empty() ? default_clone_cache() : config.cache_dir);
  if (config.repo_name) source.repo = *config.repo_name;
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
    summary = analyse_tree(source, analysis_options(config), [&](size_t, ModuleModel&& module) {
      if (symbols) write_symbol_records(module, symbol_context, symbols->stream());
      std::vector<QaPair> pairs = generate_qa(module, context, qa_options);
      duplicates += remove_duplicates(pairs, seen);
      for (const QaPair& pair : pairs) writer->write(pair);
      written += pairs.size();
    });
  }
  if (summary.files_found == 0) throw Error("no Python files found under " + config.source);

  output.commit();
  if (symbols) symbols->commit();

  report_issues(summary);
  std::cerr << "codetrace qa: " << summary.files_analysed << " of " << summary.files_found << " files analysed";
  if (!summary.issues.empty()) std::cerr << ", " << summary.issues.size() << " skipped (listed above)";
  if (summary.skipped_tests) std::cerr << ", " << summary.skipped_tests << " test files left out (--tests)";
  std::cerr << "; " << written << " Q&A pairs (" << duplicates << " duplicates removed) written to "
            << (config.output == "-" ? std::string("standard output") : config.output);
  if (symbols) std::cerr << "; symbol table written to " << config.symbols_output;
  std::cerr << "\n";
  if (written == 0) {
    std::cerr << "codetrace: error: no Q&A pairs were produced\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace codetrace
