#include "core/validate/validate.hpp"

#include <sys/stat.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/hash.hpp"
#include "core/secrets.hpp"
#include "core/validate/checks.hpp"

namespace codetrace {

namespace validation {

using nlohmann::json;

void Checks::declare(const std::string& name, const std::string& description) {
  for (CheckResult& c : report_.checks)
    if (c.name == name) return;
  report_.checks.push_back(CheckResult{name, description, 0, 0, "", {}});
}

CheckResult& Checks::find(const std::string& name) {
  for (CheckResult& c : report_.checks)
    if (c.name == name) return c;
  report_.checks.push_back(CheckResult{name, "", 0, 0, "", {}});
  return report_.checks.back();
}

void Checks::fail(const std::string& name, std::size_t record, std::size_t line, const std::string& what, bool record_level) {
  CheckResult& c = find(name);
  ++c.checked;
  ++c.failed;
  if (c.examples.size() < 5) c.examples.emplace_back(line, what);
  if (record_level) report_.bad_records.insert(record);
}

std::vector<Record> parse_jsonl(const std::string& text) {
  std::istringstream in(text);
  std::vector<Record> out;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Record r;
    r.index = out.size();
    r.line = number;
    r.json = json::parse(line, nullptr, false);
    r.valid = !r.json.is_discarded();
    r.text = std::move(line);
    out.push_back(std::move(r));
  }
  return out;
}

void for_each_string(const json& value, const std::string& path, const std::function<void(const std::string&, const std::string&)>& visit) {
  if (value.is_string()) {
    visit(path, value.get<std::string>());
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      visit(path.empty() ? it.key() : path + "." + it.key(), it.key());  // keys can leak too
      for_each_string(it.value(), path.empty() ? it.key() : path + "." + it.key(), visit);
    }
  } else if (value.is_array()) {
    std::size_t i = 0;
    for (const json& item : value) for_each_string(item, path + "[" + std::to_string(i++) + "]", visit);
  }
}

void declare_secret_checks(Checks& checks) {
  checks.declare("no_secrets", "no key, token, private key or password in any field");
  checks.declare("no_personal_data", "no e-mail address in any field");
}

void check_secrets(Checks& checks, const Record& record) {
  std::string secret, personal;
  for_each_string(record.json, "", [&](const std::string& path, const std::string& text) {
    std::string where;
    if (secret.empty() && !find_secret(text, &where).empty()) secret = path + ": " + where.substr(0, 40);
    if (personal.empty() && !find_personal_data(text, &where).empty()) personal = path + ": " + where;
  });
  if (secret.empty()) checks.pass("no_secrets");
  else checks.fail("no_secrets", record.index, record.line, "a secret in " + secret);
  if (personal.empty()) checks.pass("no_personal_data");
  else checks.fail("no_personal_data", record.index, record.line, "personal data in " + personal);
}



namespace {

// A whole-document trace (run -o), or null.
json trace_document(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  return !doc.is_discarded() && doc.is_object() && doc.contains("meta") && doc.contains("edges") ? doc : json();
}

// What a JSONL file holds, from its first record.
std::string kind_of(const std::vector<Record>& records) {
  for (const Record& r : records) {
    if (!r.valid || !r.json.is_object()) continue;
    const json& j = r.json;
    if (j.contains("question") || j.contains("messages") || j.contains("instruction")) return "qa";
    if (j.contains("call") && j.contains("function")) return "calls";
    if (j.contains("function") && j.contains("observed_calls")) return "sequences";
    break;
  }
  return "unknown";
}

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void write_fixed(FileReport& report, const std::vector<Record>& records, const std::string& dir, std::set<std::string>& used) {
  std::string name = base_name(report.path);
  for (int n = 2; used.count(name); ++n) name = std::to_string(n) + "-" + base_name(report.path);
  used.insert(name);
  std::string target = dir + "/" + name;
  std::ofstream out(target, std::ios::binary | std::ios::trunc);
  if (!out) throw Error("cannot write " + target);
  for (const Record& r : records)
    if (!report.bad_records.count(r.index)) out << r.text << "\n";
  if (!out.flush()) throw Error("cannot write " + target);
  report.fixed = target;
}

}  // namespace
}  // namespace validation

bool FileReport::ok() const {
  if (!error.empty()) return false;
  for (const CheckResult& c : checks)
    if (c.failed) return false;
  return true;
}

bool ValidationReport::ok() const {
  for (const FileReport& f : files)
    if (!f.ok()) return false;
  for (const ModelFigures& m : models)
    if (m.skipped.empty() && m.has_model && !m.learnable) return false;
  return true;
}

std::string SourceIndex::code_of(const std::string& path, int start_line, int end_line) const {
  // Only files the index parsed under the root: a record's path ("../../etc/shadow") names nothing else.
  auto file = files.find(path);
  if (file == files.end() || !file->second.parsed) return "";
  std::string error;
  std::optional<std::string> text = read_regular_file(root + "/" + path, error, ReadOptions{kMaxSourceBytes});
  if (!text) return "";
  std::istringstream in(*text);
  std::string line, out;
  for (int n = 1; std::getline(in, line) && n <= end_line; ++n)
    if (n >= start_line) out += line + "\n";
  return out;
}

ValidationReport validate_files(const ValidateOptions& options, const SourceIndex* index) {
  using namespace validation;
  ValidationReport report;
  std::vector<QaExample> examples;
  std::vector<CallSequence> sequences;
  std::set<std::string> used_names;
  if (!options.fix_dir.empty()) {
    struct stat st {};
    if (stat(options.fix_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) throw Error("--fix: " + options.fix_dir + " is not a folder");
  }
  for (const std::string& path : options.files) {
    FileReport file;
    file.path = path;
    std::string error;
    std::optional<std::string> text = read_regular_file(path, error, ReadOptions{kMaxDataBytes});
    if (!text) {
      file.error = "cannot read " + path + ": " + error;
      report.files.push_back(std::move(file));
      continue;
    }
    json whole = trace_document(*text);
    std::vector<Record> records = whole.is_null() ? parse_jsonl(*text) : std::vector<Record>{};
    file.kind = whole.is_null() ? kind_of(records) : "trace";
    Checks checks(file);
    if (file.kind == "trace") {
      file.records = 1;
      check_trace_file(whole, index, checks);
    } else {
      file.records = records.size();
      if (file.kind == "qa") check_qa_file(records, index, checks, examples);
      else if (file.kind == "calls") check_calls_file(records, index, checks, sequences, path);
      else if (file.kind == "sequences") check_sequences_file(records, checks);
      else file.error = path + " is not a file codetrace writes (Q&A, trace, call dataset or call sequences)";
      if (!options.fix_dir.empty() && file.error.empty()) write_fixed(file, records, options.fix_dir, used_names);
    }
    report.files.push_back(std::move(file));
  }
  if (options.model) {
    report.models.push_back(qa_retrieval_model(examples));
    report.models.push_back(predict_output_baselines(examples));
    report.models.push_back(next_call_model(sequences));
  }
  return report;
}

void write_text_report(const ValidationReport& report, std::ostream& out) {
  std::size_t failed_checks = 0;
  for (const FileReport& f : report.files) {
    out << f.path << " (" << (f.kind.empty() ? "?" : f.kind) << ", " << f.records << (f.records == 1 ? " record" : " records") << ")\n";
    if (!f.error.empty()) {
      out << "  ERROR " << f.error << "\n";
      ++failed_checks;
      continue;
    }
    for (const CheckResult& c : f.checks) {
      if (!c.skipped.empty()) {
        out << "  skip  " << c.name << ": " << c.skipped << "\n";
        continue;
      }
      out << (c.failed ? "  FAIL  " : "  ok    ") << c.name << ": ";
      if (c.failed) out << c.failed << " of " << c.checked << " failed";
      else out << c.checked << " checked";
      out << "\n";
      for (const auto& [line, what] : c.examples) out << "          line " << line << ": " << what << "\n";
      if (c.failed > c.examples.size()) out << "          ... and " << (c.failed - c.examples.size()) << " more\n";
      if (c.failed) ++failed_checks;
    }
    if (!f.fixed.empty()) out << "  cleaned copy without the " << f.bad_records.size() << " failing records: " << f.fixed << "\n";
  }
  for (const ModelFigures& m : report.models) {
    if (!m.skipped.empty()) {
      out << "model " << m.name << ": skipped: " << m.skipped << "\n";
      continue;
    }
    out << "model " << m.name << ": " << m.summary;
    if (m.has_model) out << (m.learnable ? "  learnable" : "  NOT learnable: it does not beat its best baseline by the margin");
    out << "\n";
    if (m.has_model && !m.learnable) ++failed_checks;
  }
  out << (report.ok() ? "validate: all checks passed\n" : "validate: " + std::to_string(failed_checks) + " check(s) failed\n");
}

void write_json_report(const ValidationReport& report, std::ostream& out) {
  using nlohmann::json;
  json doc = {{"ok", report.ok()}, {"files", json::array()}, {"models", json::array()}};
  for (const FileReport& f : report.files) {
    json file = {{"file", f.path}, {"kind", f.kind}, {"records", f.records}, {"ok", f.ok()}, {"checks", json::array()}};
    if (!f.error.empty()) file["error"] = f.error;
    if (!f.fixed.empty()) file["fixed"] = f.fixed, file["removed"] = f.bad_records.size();
    for (const CheckResult& c : f.checks) {
      json check = {{"name", c.name}, {"description", c.description}, {"checked", c.checked}, {"failed", c.failed}};
      if (!c.skipped.empty()) check["skipped"] = c.skipped;
      json examples = json::array();
      for (const auto& [line, what] : c.examples) examples.push_back({{"line", line}, {"problem", what}});
      check["examples"] = examples;
      file["checks"].push_back(check);
    }
    doc["files"].push_back(file);
  }
  for (const ModelFigures& m : report.models) {
    json model = {{"name", m.name}, {"task", m.task}, {"summary", m.summary}, {"figures", m.figures}};
    if (!m.skipped.empty()) model["skipped"] = m.skipped;
    json baselines = json::array();
    for (const auto& [name, score] : m.baselines) baselines.push_back({{"name", name}, {"score", score}});
    model["baselines"] = baselines;
    model["score"] = m.has_model && m.skipped.empty() ? json{{"name", m.score_name}, {"value", m.score}} : json(nullptr);
    model["learnable"] = m.has_model && m.skipped.empty() ? json(m.learnable) : json(nullptr);
    doc["models"].push_back(model);
  }
  out << doc.dump(2) << "\n";
}

}  // namespace codetrace
