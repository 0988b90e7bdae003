// Checks of Q&A records: schema, traceability to the source, answers that say something, exact
// and near duplicates, trivial docstring answers, secrets and personal data.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/call_sequence.hpp"
#include "core/qa_kinds.hpp"
#include "core/validate/checks.hpp"
#include "core/validate/near_duplicates.hpp"

namespace codetrace::validation {
namespace {

using nlohmann::json;

const std::set<std::string> kKinds = {"module", "class", "function", "method"};
bool known_question_type(const std::string& type) {
  for (const auto* list : {&qa_kinds(), &retired_qa_kinds()})
    if (std::find(list->begin(), list->end(), type) != list->end()) return true;
  return false;
}
const std::set<std::string> kSources = {"docstring", "signature", "comment", "ast", "callgraph", "trace"};
const std::set<std::string> kStopWords = {"the", "a", "an", "of", "is", "to", "and", "in", "it", "this", "that", "for", "with",
                                          "on", "by", "be", "as", "at", "or", "from", "what", "does", "do", "which", "where",
                                          "are", "function", "method", "class", "module"};

struct QaRecord {
  std::string question, answer, path, symbol, kind, question_type, source, context;
  std::string expression;  // call.expression of an observed call
  int start = 0, end = 0, evidence_start = 0, evidence_end = 0;
  bool evidence = false;
};


std::string calls_answer(const json& calls) {
  std::vector<std::string> ids;
  for (const json& c : calls) ids.push_back(c.get<std::string>());
  return format_call_sequence(ids);
}

// An observed call's record (`call`, docs/qa-format.md) and the answer it stands behind.
std::string check_call(const json& call, const std::string& answer, const std::string& question_type) {
  if (!call.is_object() || !is_string(call, "module") || !is_string(call, "expression")) return "`call` must have string `module` and `expression`";
  if (is_string(call, "result") == is_string(call, "raised")) return "`call` must have one of `result` and `raised`";
  if (question_type == "predict_output" && (!is_string(call, "result") || call["result"] != answer))
    return "a predict_output answer must be its call's `result`";
  if (question_type == "predict_input" && call["expression"] != answer) return "a predict_input answer must be its call's `expression`";
  if (call.contains("calls")) {
    const json& calls = call["calls"];
    if (!calls.is_array() || !std::all_of(calls.begin(), calls.end(), [](const json& c) { return c.is_string(); }))
      return "`call.calls` must be a list of function ids";
  }
  if (question_type == "call_sequence" &&
      (!call.contains("calls") || calls_answer(call["calls"]) != answer))
    return "a call_sequence answer must list its call's `calls`, in order";
  return "";
}

// Reads any of qa's formats (jsonl, chat, alpaca) into one shape; "" when it fits, else what is wrong.
std::string read_qa(const json& j, QaRecord& r) {
  if (!j.is_object()) return "not a JSON object";
  const json* meta = &j;
  if (j.contains("messages")) {  // --format chat
    const json& m = j["messages"];
    if (!m.is_array() || m.size() != 2 || !m[0].is_object() || !m[1].is_object() || !is_string(m[0], "content") ||
        !is_string(m[1], "content"))
      return "messages must be a user and an assistant message with text content";
    std::string user = m[0]["content"];
    size_t fence = user.find("\n\n```");
    r.question = user.substr(0, fence);
    r.context = fence == std::string::npos ? "" : user.substr(fence);
    r.answer = m[1]["content"];
    if (!j.contains("metadata") || !j["metadata"].is_object()) return "no metadata object";
    meta = &j["metadata"];
  } else if (j.contains("instruction")) {  // --format alpaca
    if (!is_string(j, "instruction") || !is_string(j, "output") || !is_string(j, "input")) return "instruction, input and output must be strings";
    r.question = j["instruction"];
    r.answer = j["output"];
    r.context = j["input"];
    if (!j.contains("metadata") || !j["metadata"].is_object()) return "no metadata object";
    meta = &j["metadata"];
  } else {
    for (const char* key : {"id", "repo", "question", "answer", "context", "language"})
      if (!is_string(j, key)) return std::string("`") + key + "` must be a string";
    if (!j.contains("commit") || !(j["commit"].is_string() || j["commit"].is_null())) return "`commit` must be a string or null";
    for (const char* key : {"evidence_start_line", "evidence_end_line"})
      if (!is_int(j, key)) return std::string("`") + key + "` must be an integer";
    r.question = j["question"];
    r.answer = j["answer"];
    r.context = j["context"];
    r.evidence_start = j["evidence_start_line"];
    r.evidence_end = j["evidence_end_line"];
    r.evidence = true;
    std::string id = j["id"];
    if (id.size() != 16 || id.find_first_not_of("0123456789abcdef") != std::string::npos) return "`id` must be 16 hex digits";
    if (j.contains("call")) {
      std::string wrong = check_call(j["call"], r.answer, j.value("question_type", std::string()));
      if (!wrong.empty()) return wrong;
      r.expression = j["call"]["expression"];
    }
  }
  const json& m = *meta;
  for (const char* key : {"path", "symbol", "symbol_kind", "question_type", "answer_source"})
    if (!is_string(m, key)) return std::string("`") + key + "` must be a string";
  for (const char* key : {"start_line", "end_line"})
    if (!is_int(m, key)) return std::string("`") + key + "` must be an integer";
  r.path = m["path"];
  r.symbol = m["symbol"];
  r.kind = m["symbol_kind"];
  r.question_type = m["question_type"];
  r.source = m["answer_source"];
  r.start = m["start_line"];
  r.end = m["end_line"];
  if (!kKinds.count(r.kind)) return "unknown symbol_kind `" + r.kind + "`";
  if (!known_question_type(r.question_type)) return "unknown question_type `" + r.question_type + "`";
  if (!kSources.count(r.source)) return "unknown answer_source `" + r.source + "`";
  if (r.start < 1 || r.end < r.start) return "start_line and end_line must be 1 <= start <= end";
  if (r.evidence && (r.evidence_start < 1 || r.evidence_end < r.evidence_start)) return "evidence lines must be 1 <= start <= end";
  if (r.question.empty()) return "empty question";
  return "";
}

std::set<std::string> content_words(const std::string& text) {
  std::set<std::string> out;
  for (std::string& w : words_of(text))
    if (!kStopWords.count(w)) out.insert(std::move(w));
  return out;
}

// "get_user_name", "UserName" -> {get, user, name}
std::set<std::string> name_words(const std::string& symbol) {
  std::string last = symbol.substr(symbol.rfind('.') == std::string::npos ? 0 : symbol.rfind('.') + 1);
  std::string spaced;
  for (size_t i = 0; i < last.size(); ++i) {
    char c = last[i];
    if (i > 0 && std::isupper(static_cast<unsigned char>(c)) && std::islower(static_cast<unsigned char>(last[i - 1]))) spaced += ' ';
    spaced += c == '_' ? ' ' : c;
  }
  std::set<std::string> out;
  for (std::string& w : words_of(spaced)) out.insert(std::move(w));
  return out;
}

// Words lower-cased, punctuation and spacing ignored; but code spans (`f([1])` and `f({1})`) as
// written, since there the punctuation is the content.
std::string normalised(const std::string& text) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    size_t open = text.find('`', at);
    for (const std::string& w : words_of(std::string_view(text).substr(at, open == std::string::npos ? std::string::npos : open - at)))
      out += w + ' ';
    if (open == std::string::npos) break;
    size_t close = text.find('`', open + 1);
    if (close == std::string::npos) close = text.size();
    out += text.substr(open, close - open + 1) + ' ';
    at = close + 1;
  }
  return out;
}

}  // namespace

void check_qa_file(const std::vector<Record>& records, const SourceIndex* index, Checks& checks, std::vector<QaExample>& examples) {
  checks.declare("schema", "every record has the fields of its format, with valid types and values");
  checks.declare("traceable", "the file exists under --root and defines the symbol at the lines the record gives");
  checks.declare("answer_not_empty", "the answer says something");
  checks.declare("answer_not_restating", "the answer is not a restatement of the question");
  checks.declare("trivial_docstring", "no docstring answer of under three words or that only restates the name");
  checks.declare("exact_duplicate", "no question and answer repeated");
  checks.declare("one_answer", "no question asked twice with different answers");
  checks.declare("near_duplicate", "no question and answer nearly the same as an earlier one (word 3-shingle Jaccard >= 0.8)");
  declare_secret_checks(checks);
  if (!index) checks.skip("traceable", "needs --root (the folder that was analysed)");

  std::vector<QaRecord> parsed(records.size());
  std::vector<bool> good(records.size(), false);
  std::unordered_map<std::string, std::size_t> seen;
  std::unordered_map<std::string, std::pair<std::string, std::size_t>> answers;  // question -> its first answer and line
  std::vector<std::string> texts;
  std::vector<std::size_t> text_record;
  for (const Record& rec : records) {
    QaRecord& r = parsed[rec.index];
    std::string problem = rec.valid ? read_qa(rec.json, r) : "not valid JSON";
    if (!problem.empty()) {
      checks.fail("schema", rec.index, rec.line, problem);
      continue;
    }
    checks.pass("schema");
    good[rec.index] = true;
    check_secrets(checks, rec);

    std::string answer = r.answer;
    answer.erase(0, answer.find_first_not_of(" \t\r\n"));
    if (answer.empty()) checks.fail("answer_not_empty", rec.index, rec.line, "the answer is empty");
    else checks.pass("answer_not_empty");
    // Restating: every word of the answer (that has a letter: `[[1, 2], [3]]` says something)
    // is already in the question.
    std::set<std::string> a = content_words(r.answer);
    if (answer_restates_question(r.question, r.answer, r.question_type)) checks.fail("answer_not_restating", rec.index, rec.line, "every word of the answer is in the question");
    else checks.pass("answer_not_restating");
    if (r.source == "docstring" && (r.question_type == "purpose" || r.question_type == "module_purpose")) {
      std::vector<std::string> w = words_of(r.answer);
      std::set<std::string> name = name_words(r.symbol);
      bool only_name = !a.empty() && std::all_of(a.begin(), a.end(), [&](const std::string& x) {
        return name.count(x) || x == "get" || x == "set" || x == "return" || x == "returns" || x == "gets" || x == "sets";
      });
      if (w.size() < 3 || only_name) checks.fail("trivial_docstring", rec.index, rec.line, "trivial docstring answer: \"" + r.answer.substr(0, 60) + "\"");
      else checks.pass("trivial_docstring");
    }

    // One question, one answer: a model cannot learn two different answers to the same prompt.
    // Examples ask about one line of one session; their question names the symbol and the line.
    auto [first, new_question] = answers.emplace(normalised(r.question), std::make_pair(normalised(r.answer), rec.line));
    if (!new_question && first->second.first != normalised(r.answer))
      checks.fail("one_answer", rec.index, rec.line, "the same question as line " + std::to_string(first->second.second) + " with a different answer");
    else
      checks.pass("one_answer");

    std::string key = normalised(r.question) + "\x1f" + normalised(r.answer);
    auto [it, fresh] = seen.emplace(key, rec.line);
    if (!fresh) checks.fail("exact_duplicate", rec.index, rec.line, "the same question and answer as line " + std::to_string(it->second));
    else checks.pass("exact_duplicate");
    if (fresh) {
      texts.push_back(near_duplicate_text(r.question, r.answer, r.question_type, r.context));
      text_record.push_back(rec.index);
    }

    if (index) {
      auto file = index->files.find(r.path);
      std::string problem;
      if (file == index->files.end()) problem = "no file " + r.path + " under the root";
      else if (!file->second.parsed) problem = r.path + " does not parse: " + file->second.problem;
      else if (r.end > file->second.lines) problem = r.path + " has " + std::to_string(file->second.lines) + " lines, the record says " + std::to_string(r.end);
      else if (r.evidence && r.evidence_end > file->second.lines) problem = "evidence line " + std::to_string(r.evidence_end) + " is past the end of " + r.path;
      else {
        auto symbol = file->second.symbols.find(r.symbol);
        if (symbol == file->second.symbols.end()) problem = r.path + " defines no " + r.symbol;
        else if (symbol->second.kind != r.kind) problem = r.symbol + " is a " + symbol->second.kind + ", the record says " + r.kind;
        else if (symbol->second.start_line != r.start || symbol->second.end_line != r.end)
          problem = r.symbol + " is at lines " + std::to_string(symbol->second.start_line) + "-" + std::to_string(symbol->second.end_line) +
                    ", the record says " + std::to_string(r.start) + "-" + std::to_string(r.end);
      }
      if (!problem.empty()) checks.fail("traceable", rec.index, rec.line, problem);
      else checks.pass("traceable");
    }
  }
  std::vector<long> near = find_near_duplicates(texts, 0.8);
  for (std::size_t i = 0; i < near.size(); ++i) {
    const Record& rec = records[text_record[i]];
    if (near[i] >= 0)
      checks.fail("near_duplicate", rec.index, rec.line, "nearly the same as line " + std::to_string(records[text_record[static_cast<std::size_t>(near[i])]].line));
    else
      checks.pass("near_duplicate");
  }
  for (const Record& rec : records) {
    if (!good[rec.index]) continue;
    const QaRecord& r = parsed[rec.index];
    examples.push_back(QaExample{r.question, r.path, r.symbol, r.context, r.start, r.end, r.question_type, r.answer, r.expression});
  }
}

}  // namespace codetrace::validation
