#pragma once
// What the commands that read a codebase share: resolving the source, analysis options, an
// output file that appears only when complete, and the per-file problem list on stderr.
#include <ostream>
#include <string>

#include "cli/cli_options.hpp"
#include "core/fd_stream.hpp"
#include "static/analysis_pipeline.hpp"
#include "static/repo_source.hpp"

namespace codetrace {

// The folder or clone to analyse, with --repo-name applied. Throws Error.
RepoSource resolve_source(const SourceConfig& config);

AnalysisOptions analysis_options(const SourceConfig& config);

// Every Python file under `root`, tests included, without progress output: what `run` graphs and
// what `validate` and `report` re-read.
SourceConfig whole_tree(const std::string& root);

// One stderr line per file that could not be analysed: "codetrace: skipped PATH[:LINE]: REASON",
// then the start of the summary line, "codetrace COMMAND: N of M files analysed[, K skipped ...]",
// which the command finishes with its own figures and a newline.
void report_issues(const AnalysisSummary& summary, const char* command);

// Throws Error "no Python files found under SOURCE" when the analysis found none.
void require_python_files(const AnalysisSummary& summary, const SourceConfig& config);

// Writes to a temporary file beside the target and renames it into place by commit(), so a failed
// run never leaves a half-written file under the requested name. The temporary file is new
// (O_EXCL, a unique name: nothing planted at that name, symlink or not, is followed or
// overwritten, and two runs writing one output never share it). A target that exists and is not
// a regular file (/dev/null, a FIFO, /dev/stdout) is written directly, never replaced.
// "-" is standard output.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  std::ostream& stream();
  void commit();
  std::string describe() const;  // the file name, or "standard output"

 private:
  std::string path_, temp_;  // temp_ is empty when writing straight to the target
  FdStreamBuf buffer_;
  std::ostream file_{&buffer_};
  bool committed_ = false;
};

}  // namespace codetrace
