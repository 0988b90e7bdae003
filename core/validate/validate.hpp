#pragma once
// `codetrace validate`: is a generated dataset meaningful and traceable? Reads Q&A files (any
// of qa's formats), annotated traces (run -o), call datasets and call sequences (run --dataset),
// runs each check on every record, counts and reports them, optionally writes cleaned copies
// and measures learnability with small models (model.hpp). Inputs that need the source (the
// re-parsed definitions, a fresh static graph) are built by the caller from --root.
#include <cstddef>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace codetrace {

// What the source under --root defines, re-parsed now.
struct IndexedSymbol {
  std::string kind;  // module, class, function, method
  int start_line = 0, end_line = 0;
  int def_line = 0;  // the def / class line (start_line is the first decorator)
};
struct IndexedFile {
  int lines = 0;
  bool parsed = false;  // false: it exists but did not parse (the reason is in `problem`)
  std::string problem;
  std::unordered_map<std::string, IndexedSymbol> symbols;  // by qualified name
};
struct SourceIndex {
  std::string root;
  std::map<std::string, IndexedFile> files;                 // by path relative to the root
  std::set<std::pair<std::string, std::string>> static_edges;  // a fresh static call graph
  std::string python_version;                               // "3.11": the graph is as this version runs it
  std::string code_of(const std::string& path, int start_line, int end_line) const;  // "" if unreadable
};

struct CheckResult {
  std::string name;
  std::string description;
  std::size_t checked = 0, failed = 0;
  std::string skipped;  // why it did not run ("" when it ran)
  std::vector<std::pair<std::size_t, std::string>> examples;  // (line of the record, what is wrong), first few
};

struct FileReport {
  std::string path, kind;  // kind: qa, trace, calls, sequences, unknown
  std::size_t records = 0;
  std::vector<CheckResult> checks;
  std::set<std::size_t> bad_records;  // 0-based record numbers that failed a record check (for --fix)
  std::string fixed;                  // where the cleaned copy went, if one was written
  std::string error;                  // the file could not be read at all
  bool ok() const;
};

// One small model on one task, beside the baselines it must beat (docs/validate.md).
struct ModelFigures {
  std::string name;     // "qa_retrieval", "next_call", "predict_output"
  std::string task;     // what is predicted from what, in words
  std::string summary;  // one line
  std::string score_name;  // "masked_top1", "accuracy"
  double score = 0;
  std::vector<std::pair<std::string, double>> baselines;  // (name, score) of each baseline and control
  std::map<std::string, double> figures;                  // everything measured, by name
  bool has_model = true;  // false: only the baselines are reported (no verdict)
  bool learnable = false; // the model beats every baseline by the margin of docs/validate.md
  std::string skipped;
};

struct ValidationReport {
  std::vector<FileReport> files;
  std::vector<ModelFigures> models;
  bool ok() const;
};

struct ValidateOptions {
  std::vector<std::string> files;
  bool model = false;
  std::string fix_dir;  // "" = no cleaned copies
};

ValidationReport validate_files(const ValidateOptions& options, const SourceIndex* index);
void write_text_report(const ValidationReport& report, std::ostream& out);
void write_json_report(const ValidationReport& report, std::ostream& out);

}  // namespace codetrace
