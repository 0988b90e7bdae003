#include "cli/command_support.hpp"

#include "core/text.hpp"
#include "core/unique_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

void require_python_files(const AnalysisSummary& summary, const SourceConfig& config) {
  if (summary.files_found == 0) throw Error("no Python files found under " + config.source);
}

void report_issues(const AnalysisSummary& summary, const char* command) {
  for (const FileIssue& issue : summary.issues) {
    std::cerr << "codetrace: skipped " << printable(issue.path);
    if (issue.line > 0) std::cerr << ":" << issue.line;
    std::cerr << ": " << printable(issue.reason) << "\n";
  }
  std::cerr << "codetrace " << command << ": " << summary.files_analysed << " of " << summary.files_found
            << " files analysed";
  if (!summary.issues.empty()) std::cerr << ", " << summary.issues.size() << " skipped (listed above)";
}

OutputFile::OutputFile(const std::string& path) : path_(path) {
  if (path_ == "-") return;
  struct stat st {};
  bool exists = ::stat(path_.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) throw Error("cannot write " + path_ + ": it is a folder");
  if (exists && !S_ISREG(st.st_mode)) {
    int fd = ::open(path_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);  // a device or FIFO: written, never replaced
    if (fd < 0) throw Error("cannot write " + path_ + ": " + std::strerror(errno));
    buffer_.reset(fd);
    return;
  }
  int fd = create_unique_file(path_ + ".partial-", temp_, false);
  if (fd < 0) throw Error("cannot write " + path_ + ": " + std::strerror(errno));
  buffer_.reset(fd);
}

OutputFile::~OutputFile() {
  if (!temp_.empty() && !committed_) ::unlink(temp_.c_str());
}

std::ostream& OutputFile::stream() { return path_ == "-" ? std::cout : file_; }

std::string OutputFile::describe() const { return path_ == "-" ? "standard output" : path_; }

void OutputFile::commit() {
  stream().flush();
  if (!stream() || buffer_.failed()) throw Error("write failed: " + describe());
  if (path_ == "-") return;
  if (!buffer_.close()) throw Error("write failed: " + describe() + ": " + std::strerror(errno));
  if (!temp_.empty() && std::rename(temp_.c_str(), path_.c_str()) != 0)
    throw Error("cannot write " + path_ + ": " + std::strerror(errno));
  committed_ = true;
}

}  // namespace codetrace
