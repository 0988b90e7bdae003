#include "static/analysis_pipeline.hpp"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <algorithm>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "static/comment_scanner.hpp"
#include "static/python/ast_converter.hpp"
#include "static/source_file.hpp"

namespace codetrace {
namespace {

struct ParsedFile {
  size_t index = 0;
  std::string path;
  SourceText source;
  std::unique_ptr<SyntaxTree> tree;
};

// A bounded single-producer, single-consumer queue; an empty optional ends the stream.
class ParsedQueue {
 public:
  void push(std::unique_ptr<ParsedFile> item) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < kCapacity; });
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }
  std::unique_ptr<ParsedFile> pop() {  // null: end of stream
    std::unique_lock<std::mutex> lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    std::unique_ptr<ParsedFile> item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

 private:
  static constexpr size_t kCapacity = 16;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<std::unique_ptr<ParsedFile>> items_;
};

class Progress {
 public:
  Progress(bool enabled, size_t total) : enabled_(enabled && ::isatty(2)), total_(total) {}
  void update(size_t done) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    std::fprintf(stderr, "\rcodetrace: %zu/%zu files", done, total_);
    std::fflush(stderr);
  }
  ~Progress() {
    if (enabled_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  bool enabled_;
  size_t total_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

AnalysisSummary analyse_tree(const RepoSource& source, const AnalysisOptions& options, const ModuleSink& on_module,
                             const WalkResult* walked) {
  AnalysisSummary summary;
  WalkResult own_walk;
  if (!walked) own_walk = walk_python_files(source.root, options.walk);
  const WalkResult& walk = walked ? *walked : own_walk;
  summary.files_found = walk.files.size();
  summary.skipped_tests = walk.skipped_tests;
  summary.from_git = walk.from_git;
  if (options.walk_issues) summary.issues = walk.issues;
  std::unique_ptr<FileClaims> own_claims;
  FileClaims* claims = options.claims;
  if (!claims) claims = (own_claims = FileClaims::in_order(walk.files.size())).get();

  AstConverter converter;
  ParsedQueue queue;
  std::exception_ptr worker_error;
  size_t analysed = 0;
  std::thread worker([&] {
    while (std::unique_ptr<ParsedFile> file = queue.pop()) {
      if (worker_error) continue;  // drain after a failure so the producer never blocks
      try {
        std::string name = module_name_for(file->path, walk.package_dirs, source.package_prefix);
        ModuleModel model;
        if (options.models) {
          std::vector<Comment> comments = scan_comments(file->source.text);
          model = build_module_model(*file->tree, file->source.text, comments, file->path, name);
        } else {
          model.path = file->path;
          model.module_name = std::move(name);
        }
        model.encoding = file->source.encoding;
        model.source = std::move(file->source.text);
        on_module(file->index, std::move(model), *file->tree);
        ++analysed;
      } catch (...) {
        worker_error = std::current_exception();
      }
    }
  });

  Progress progress(options.progress, walk.files.size());
  try {
    while (std::optional<size_t> claimed = claims->next(options.claimant)) {
      const size_t i = *claimed;
      const std::string& path = walk.files[i];
      progress.update(claims->claimed());
      FileIssue issue{path, 0, ""};
      std::optional<SourceText> text = load_source(source.root + "/" + path, issue);
      if (!text) {
        summary.issues.push_back(issue);
        continue;
      }
      ParseOutcome parsed = converter.parse(text->text, path);
      if (!parsed.tree) {
        summary.issues.push_back({path, parsed.error.line, parsed.error.message});
        continue;
      }
      auto file = std::make_unique<ParsedFile>();
      file->index = i;
      file->path = path;
      file->source = std::move(*text);
      file->tree = std::move(parsed.tree);
      queue.push(std::move(file));
    }
    progress.update(walk.files.size());
  } catch (...) {
    queue.push(nullptr);
    worker.join();
    throw;
  }
  queue.push(nullptr);
  worker.join();
  if (worker_error) std::rethrow_exception(worker_error);
  summary.files_analysed = analysed;
  std::sort(summary.issues.begin(), summary.issues.end(),
            [](const FileIssue& a, const FileIssue& b) { return a.path < b.path; });
  return summary;
}

}  // namespace codetrace
