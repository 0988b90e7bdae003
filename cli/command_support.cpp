#include "cli/command_support.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace codetrace {

SourceConfig whole_tree(const std::string& root) {
  SourceConfig input;
  input.source = root;
  input.include_tests = true;
  input.progress = false;
  return input;
}

RepoSource resolve_source(const SourceConfig& c) {
  RepoSource source = resolve_repo_source(c.source, c.cache_dir.empty() ? default_clone_cache() : c.cache_dir);
  if (c.repo_name) source.repo = *c.repo_name;
  return source;
}

AnalysisOptions analysis_options(const SourceConfig& c) {
  AnalysisOptions o;
  o.walk.include = c.include;
  o.walk.exclude = c.exclude;
  o.walk.skip_tests = !c.include_tests;
  o.walk.use_git = c.use_git;
  o.progress = c.progress;
  return o;
}

void report_issues(const AnalysisSummary& summary, const char* command) {
  for (const FileIssue& issue : summary.issues) {
    std::cerr << "codetrace: skipped " << issue.path;
    if (issue.line > 0) std::cerr << ":" << issue.line;
    std::cerr << ": " << issue.reason << "\n";
  }
  std::cerr << "codetrace " << command << ": " << summary.files_analysed << " of " << summary.files_found
            << " files analysed";
  if (!summary.issues.empty()) std::cerr << ", " << summary.issues.size() << " skipped (listed above)";
}

OutputFile::OutputFile(const std::string& path) : path_(path) {
  if (path_ == "-") return;
  temp_ = path_ + ".partial";
  file_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!file_) throw Error("cannot write " + path_ + ": " + std::strerror(errno));
}

OutputFile::~OutputFile() {
  if (!temp_.empty() && !committed_) std::remove(temp_.c_str());
}

std::ostream& OutputFile::stream() { return path_ == "-" ? std::cout : file_; }

std::string OutputFile::describe() const { return path_ == "-" ? "standard output" : path_; }

void OutputFile::commit() {
  stream().flush();
  if (!stream()) throw Error("write failed: " + describe());
  if (path_ == "-") return;
  file_.close();
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) throw Error("cannot write " + path_ + ": " + std::strerror(errno));
  committed_ = true;
}

}  // namespace codetrace
