#pragma once
// The checks of one file, counted as they run. Internal to core/validate.
#include <nlohmann/json.hpp>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/validate/validate.hpp"

namespace codetrace::validation {

class Checks {
 public:
  explicit Checks(FileReport& report) : report_(report) {}
  // Declares a check, in report order.
  void declare(const std::string& name, const std::string& description);
  void pass(const std::string& name) { ++find(name).checked; }
  // `record` (0-based) is left out of the cleaned copy when `record_level`.
  void fail(const std::string& name, std::size_t record, std::size_t line, const std::string& what, bool record_level = true);
  void skip(const std::string& name, const std::string& why) { find(name).skipped = why; }
  bool failed(const std::string& name) { return find(name).failed > 0; }

 private:
  CheckResult& find(const std::string& name);
  FileReport& report_;
};

// One record of a JSONL file: its JSON (null if it did not parse) and its line.
struct Record {
  std::size_t index = 0, line = 0;
  std::string text;
  nlohmann::json json;  // discarded value when it is not valid JSON
  bool valid = false;
};
std::vector<Record> parse_jsonl(const std::string& text);

// Every string in a JSON value, with its path ("answer", "args.password").
void for_each_string(const nlohmann::json& value, const std::string& path,
                     const std::function<void(const std::string& path, const std::string& text)>& visit);

// Field types, for the schema checks.
inline bool is_string(const nlohmann::json& j, const char* key) { return j.contains(key) && j[key].is_string(); }
inline bool is_int(const nlohmann::json& j, const char* key) { return j.contains(key) && j[key].is_number_integer(); }
inline bool is_string_or_null(const nlohmann::json& j, const char* key) {
  return j.contains(key) && (j[key].is_string() || j[key].is_null());
}
inline bool is_int_or_null(const nlohmann::json& j, const char* key) {
  return j.contains(key) && (j[key].is_number_integer() || j[key].is_null());
}

// The secret and personal-data checks over every string field of a record (every kind of file
// has them): declared in report order, then run per record.
void declare_secret_checks(Checks& checks);
void check_secrets(Checks& checks, const Record& record);

// The model inputs gathered while checking (clean records only).
struct QaExample {
  std::string question, path, symbol, context;
  int start_line = 0, end_line = 0;
  std::string question_type, answer;
  std::string expression;  // an observed call's `call.expression` ("" for other records)
};
struct CallSequence {
  std::string function, file;
  std::vector<std::string> calls;
  std::string dataset;  // the call dataset it was read from
};

void check_qa_file(const std::vector<Record>& records, const SourceIndex* index, Checks& checks, std::vector<QaExample>& examples);
void check_trace_file(const nlohmann::json& trace, const SourceIndex* index, Checks& checks);
void check_calls_file(const std::vector<Record>& records, const SourceIndex* index, Checks& checks, std::vector<CallSequence>& sequences,
                      const std::string& dataset);
void check_sequences_file(const std::vector<Record>& records, Checks& checks);

// Small models (model.cpp).
ModelFigures qa_retrieval_model(const std::vector<QaExample>& examples);
ModelFigures next_call_model(const std::vector<CallSequence>& sequences);
ModelFigures predict_output_baselines(const std::vector<QaExample>& examples);
// Learnable: `score` is at least kLearnableFactor times the best baseline and kLearnableMargin above it.
constexpr double kLearnableFactor = 2.0, kLearnableMargin = 0.05;
bool beats_by_margin(double score, const std::vector<std::pair<std::string, double>>& baselines);

// The files held out for testing: a fifth of the distinct paths (at least one, when there are
// two or more), those with the smallest hash of their path, so the split is the same in every run.
std::set<std::string> held_out_files(const std::vector<std::string>& paths);

}  // namespace codetrace::validation
