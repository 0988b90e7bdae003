#pragma once
// The static analysis driver: files -> source text -> SyntaxTree -> ModuleModel.
//
// Two stages overlap on two threads. The calling thread holds the GIL and does what needs
// Python: decoding non-UTF-8 sources and parsing + converting the AST. A worker thread takes each
// converted tree and does everything else (comments, module model, and whatever the command asks
// for in `on_module`, e.g. Q&A generation), without Python. Modules are handed over in the order
// they are parsed (file order, unless options.claims says otherwise) with their index, so
// results are deterministic.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "static/file_claims.hpp"
#include "static/file_walker.hpp"
#include "static/module_model.hpp"
#include "static/repo_source.hpp"
#include "static/syntax_tree.hpp"

namespace codetrace {

struct AnalysisOptions {
  WalkOptions walk;
  bool progress = false;  // show files done / total on stderr
  bool models = true;     // build each module's symbols (false: path, name and source only, for the call graph)
  // Which of the walk's files to parse: all, in file order, when null. Processes that parse a
  // tree together take the files one at a time from one FileClaims, each as its own claimant.
  FileClaims* claims = nullptr;
  std::uint32_t claimant = 0;
  bool walk_issues = true;  // report the walk's own issues (one of the processes does)
};

struct AnalysisSummary {
  size_t files_found = 0;     // Python files selected for analysis
  size_t files_analysed = 0;  // of those, parsed into a module model
  size_t skipped_tests = 0;
  bool from_git = false;
  std::vector<FileIssue> issues;  // every file that could not be analysed, and why
};

// Called on the worker thread for each module, in the order parsed. The tree is valid only during the
// call; analyses that need the AST (the call graph) extract what they need from it there.
using ModuleSink = std::function<void(size_t index, ModuleModel&& module, const SyntaxTree& tree)>;

// Requires a running Interpreter on the calling thread. `on_module` runs on the worker thread.
// `walked`: the files, when the caller has walked the tree already (with options.walk).
AnalysisSummary analyse_tree(const RepoSource& source, const AnalysisOptions& options, const ModuleSink& on_module,
                             const WalkResult* walked = nullptr);

}  // namespace codetrace
