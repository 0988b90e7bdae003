// The small models of `validate --model`, which show whether the data is learnable, each beside
// the baselines it must beat (the margin: kLearnableFactor, kLearnableMargin; docs/validate.md):
// - Q&A: a BM25 retriever indexed on the code of every symbol, asked each held-out question for
//   its symbol, with the symbol's own name hidden in both (99 % of questions name their symbol,
//   so unmasked retrieval is a name lookup). Baselines: a name lookup on the masked questions and
//   the masked questions paired with shuffled symbols. BM25's k1 and b are chosen on the training
//   questions. The unmasked figures are reported too.
// - predict_output: no model, only what an identity baseline (the answer is one of the call's
//   arguments) and constant baselines (the function's usual answer; the commonest answer) get
//   right: the share a model must beat.
// - traces: a next-callee predictor (counts of what follows the previous callee within the
//   caller, backing off to the previous callee alone, then to the caller's most frequent callee)
//   trained on the call records of some files and tested on the rest, against always predicting
//   the most frequent callee of the training part. Given several call datasets (several runs),
//   it trains on some runs and tests on the others; given one, on some source files and tests on
//   the functions of the others.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <sstream>
#include <unordered_map>

#include "core/dataset_card.hpp"
#include "core/validate/checks.hpp"
#include "core/validate/near_duplicates.hpp"

namespace codetrace::validation {

bool beats_by_margin(double score, const std::vector<std::pair<std::string, double>>& baselines) {
  double best = 0;
  for (const auto& b : baselines) best = std::max(best, b.second);
  return score >= kLearnableFactor * best && score >= best + kLearnableMargin;
}

std::set<std::string> held_out_files(const std::vector<std::string>& paths) {
  std::vector<std::string> distinct = rank_by_path_hash(paths);
  if (distinct.size() < 2) return {};
  std::size_t n = std::max<std::size_t>(1, (distinct.size() + 2) / 5);
  return std::set<std::string>(distinct.begin(), distinct.begin() + static_cast<long>(n));
}

namespace {

// Words, with identifiers also split at '_' and lower-to-upper case changes.
std::vector<std::string> terms_of(const std::string& text) {
  std::string spaced;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (i > 0 && std::isupper(static_cast<unsigned char>(c)) && std::islower(static_cast<unsigned char>(text[i - 1]))) spaced += ' ';
    spaced += c == '_' ? ' ' : c;
  }
  return words_of(spaced);
}

// BM25 over an inverted index: a query costs the postings of its terms, not every document.
class Bm25 {
 public:
  void add(const std::string& text) {
    std::unordered_map<std::string, std::uint32_t> tf;
    std::vector<std::string> terms = terms_of(text);
    for (const std::string& t : terms) ++tf[t];
    auto doc = static_cast<std::uint32_t>(lengths_.size());
    for (const auto& [t, n] : tf) postings_[t].emplace_back(doc, n);
    lengths_.push_back(static_cast<double>(terms.size()));
  }
  void finish() {
    double sum = 0;
    for (double l : lengths_) sum += l;
    average_ = lengths_.empty() ? 1 : std::max(1.0, sum / static_cast<double>(lengths_.size()));
    scores_.assign(lengths_.size(), 0);
  }
  std::size_t size() const { return lengths_.size(); }
  // The rank (1-based) of `gold` among all documents for `query`; ties go against the gold
  // document (a document the query does not touch scores 0).
  std::size_t rank(const std::string& query, std::size_t gold, double k1, double b) {
    std::vector<std::string> terms = terms_of(query);
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    double n = static_cast<double>(lengths_.size());
    touched_.clear();
    for (const std::string& t : terms) {
      auto p = postings_.find(t);
      if (p == postings_.end()) continue;
      double df = static_cast<double>(p->second.size()), idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
      for (const auto& [d, count] : p->second) {
        double tf = count;
        if (scores_[d] == 0) touched_.push_back(d);
        scores_[d] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths_[d] / average_));
      }
    }
    double g = scores_[gold];
    std::size_t better = 0, touched_before_gold = 0;
    for (std::uint32_t d : touched_) {
      double s = scores_[d];
      if (d != gold && (s > g || (s == g && d < gold))) ++better;
      touched_before_gold += d < gold;
    }
    if (g == 0) better += gold - touched_before_gold;  // untouched documents before it tie at 0
    for (std::uint32_t d : touched_) scores_[d] = 0;
    return better + 1;
  }

 private:
  std::unordered_map<std::string, std::vector<std::pair<std::uint32_t, std::uint32_t>>> postings_;  // term -> (document, count)
  std::vector<double> lengths_, scores_;
  std::vector<std::uint32_t> touched_;
  double average_ = 1;
};

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }

// `text` with every whole-identifier occurrence of `name` replaced by `mask`. A qualified name
// is whole only when no name part goes on after or before it (`pkg.mod.Cart` and the package
// `pkg` are not in `pkg.mod.Cart.total`).
std::string masked(const std::string& text, const std::string& name, const std::string& mask, bool qualified = false) {
  if (name.empty()) return text;
  bool dotted = qualified;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t at = text.find(name, i);
    if (at == std::string::npos) break;
    size_t end = at + name.size();
    bool left = at == 0 || !(ident_char(text[at - 1]) || (dotted && text[at - 1] == '.'));
    bool right = end >= text.size() || !(ident_char(text[end]) || (dotted && text[end] == '.' && end + 1 < text.size() && ident_char(text[end + 1])));
    out += text.substr(i, at - i);
    out += left && right ? mask : name;
    i = at + name.size();
  }
  return out + text.substr(i);
}

// The symbol's own name: the last part of its qualified name.
std::string own_name(const std::string& symbol) {
  size_t dot = symbol.rfind('.');
  return dot == std::string::npos ? symbol : symbol.substr(dot + 1);
}

// The question and document with the symbol's own name hidden (its qualified name too).
std::string mask_symbol(const std::string& text, const std::string& symbol) {
  return masked(masked(text, symbol, "SYMBOL", true), own_name(symbol), "SYMBOL");
}

std::string percent(double x) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << 100 * x << " %";
  return out.str();
}

std::string fixed3(double x) {
  std::ostringstream out;
  out.precision(3);
  out << std::fixed << x;
  return out.str();
}

}  // namespace

namespace {

using Queries = std::vector<std::pair<std::string, std::size_t>>;  // (question, gold document)

struct Ranking {
  double top1 = 0, mrr = 0;
};
Ranking evaluate(Bm25& bm25, const Queries& queries, double k1, double b) {
  Ranking r;
  for (const auto& [q, gold] : queries) {
    std::size_t rank = bm25.rank(q, gold, k1, b);
    r.mrr += 1.0 / static_cast<double>(rank);
    r.top1 += rank == 1;
  }
  double n = std::max<double>(1, static_cast<double>(queries.size()));
  r.top1 /= n, r.mrr /= n;
  return r;
}

// The same questions, each paired with another question's symbol (a fixed shuffle).
Queries shuffled(const Queries& queries) {
  std::vector<std::size_t> golds;
  for (const auto& q : queries) golds.push_back(q.second);
  std::mt19937 rng(12345);
  std::shuffle(golds.begin(), golds.end(), rng);
  Queries out;
  for (std::size_t i = 0; i < queries.size(); ++i) out.emplace_back(queries[i].first, golds[i]);
  return out;
}

// The symbols a question names: those whose qualified name stands whole in it (a maximal dotted
// run of identifier characters), else those whose own name is one of its identifiers.
class SymbolNames {
 public:
  explicit SymbolNames(const std::vector<std::string>& symbols) {
    for (std::size_t d = 0; d < symbols.size(); ++d) {
      by_qualname_[symbols[d]].push_back(d);
      by_name_[own_name(symbols[d])].push_back(d);
    }
  }
  std::set<std::size_t> named_in(const std::string& q) const;

 private:
  std::unordered_map<std::string, std::vector<std::size_t>> by_qualname_, by_name_;
};

std::set<std::size_t> SymbolNames::named_in(const std::string& q) const {
  std::set<std::size_t> full, part;
  for (size_t i = 0; i < q.size();) {
    if (!ident_char(q[i]) || (i > 0 && q[i - 1] == '.')) {
      ++i;
      continue;
    }
    size_t end = i;  // a dotted run: a.b.c
    while (end < q.size() && (ident_char(q[end]) || (q[end] == '.' && end + 1 < q.size() && ident_char(q[end + 1])))) ++end;
    std::string run = q.substr(i, end - i);
    if (auto f = by_qualname_.find(run); f != by_qualname_.end()) full.insert(f->second.begin(), f->second.end());
    for (size_t a = 0; a <= run.size();) {  // each identifier of the run
      size_t b = run.find('.', a);
      if (b == std::string::npos) b = run.size();
      if (auto f = by_name_.find(run.substr(a, b - a)); f != by_name_.end()) part.insert(f->second.begin(), f->second.end());
      a = b + 1;
    }
    i = end;
  }
  return full.empty() ? part : full;
}

}  // namespace

namespace {

constexpr std::size_t kMinTestRecords = 20;

// The records of one question type on one side of the split, as a retrieval task: a document
// per distinct answer (its symbol's name masked), a query per record. The candidates are the
// answers of the same type: what kind of answer is wanted, the question's wording says.
struct AnswerTask {
  std::vector<const QaExample*> records;
  Bm25 index;
  Queries masked, shuffled_masked;         // the prompt (question and context), masked
  Queries questions, masked_questions;     // the question alone, for the name lookup
  std::vector<std::string> answer_symbol;  // the symbol of each document's first record
};

void build(AnswerTask& t) {
  std::unordered_map<std::string, std::size_t> doc_of;
  for (const QaExample* e : t.records) {
    std::string answer = mask_symbol(e->answer, e->symbol);
    auto [it, fresh] = doc_of.emplace(answer, t.answer_symbol.size());
    if (fresh) {
      t.index.add(answer);
      t.answer_symbol.push_back(e->symbol);
    }
    std::string prompt = e->question + "\n" + e->context;
    t.masked.emplace_back(mask_symbol(prompt, e->symbol), it->second);
    t.questions.emplace_back(e->question, it->second);
    t.masked_questions.emplace_back(mask_symbol(e->question, e->symbol), it->second);
  }
  t.index.finish();
  t.shuffled_masked = shuffled(t.masked);
}

using AnswerTasks = std::map<std::string, AnswerTask>;  // by question type

// A type with fewer answers than this is left out: ranked among two or three, a guess is often right.
constexpr std::size_t kMinAnswersPerType = 5;

AnswerTasks answer_tasks(const std::vector<const QaExample*>& records) {
  AnswerTasks tasks;
  for (const QaExample* e : records) tasks[e->question_type].records.push_back(e);
  for (auto& [type, t] : tasks) build(t);
  for (auto it = tasks.begin(); it != tasks.end();) it = it->second.index.size() < kMinAnswersPerType ? tasks.erase(it) : std::next(it);
  return tasks;
}

std::size_t query_count(const AnswerTasks& tasks) {
  std::size_t n = 0;
  for (const auto& [type, t] : tasks) n += t.masked.size();
  return n;
}

// Top-1 and MRR over every type's queries (`which` picks them), each ranked among its type's answers.
Ranking evaluate(AnswerTasks& tasks, Queries AnswerTask::*which, double k1, double b) {
  Ranking sum;
  double n = 0;
  for (auto& [type, t] : tasks) {
    double q = static_cast<double>((t.*which).size());
    Ranking r = evaluate(t.index, t.*which, k1, b);
    sum.top1 += r.top1 * q, sum.mrr += r.mrr * q, n += q;
  }
  if (n > 0) sum.top1 /= n, sum.mrr /= n;
  return sum;
}

std::size_t answer_count(const AnswerTasks& tasks) {
  std::size_t n = 0;
  for (const auto& [type, t] : tasks) n += t.index.size();
  return n;
}

// Name lookup: the answers of the symbols the question names (qualified name whole, else own
// name as an identifier), one of them at random: top-1 is 1/k when the right one is among k.
double answer_lookup_top1(const Queries& questions, const std::vector<const QaExample*>& records) {
  if (questions.empty()) return 0;
  std::unordered_map<std::string, std::set<std::size_t>> answers_of;  // symbol -> its documents
  for (std::size_t i = 0; i < records.size(); ++i) answers_of[records[i]->symbol].insert(questions[i].second);
  std::vector<std::string> symbols;
  for (const auto& [symbol, docs] : answers_of) symbols.push_back(symbol);
  SymbolNames names(symbols);
  double sum = 0;
  for (const auto& [question, gold] : questions) {
    std::set<std::size_t> pick;
    for (std::size_t s : names.named_in(question)) pick.insert(answers_of[symbols[s]].begin(), answers_of[symbols[s]].end());
    if (pick.count(gold)) sum += 1.0 / static_cast<double>(pick.size());
  }
  return sum / static_cast<double>(questions.size());
}

double answer_lookup_top1(const AnswerTasks& tasks, Queries AnswerTask::*which) {
  double sum = 0, n = 0;
  for (const auto& [type, t] : tasks) {
    double q = static_cast<double>((t.*which).size());
    sum += answer_lookup_top1(t.*which, t.records) * q, n += q;
  }
  return n > 0 ? sum / n : 0;
}

}  // namespace

ModelFigures qa_retrieval_model(const std::vector<QaExample>& examples) {
  ModelFigures m;
  m.name = "qa_retrieval";
  m.task = "the answer of a held-out record among the held-out answers of its question type, from its question and context, the symbol's own name hidden in all three";
  m.score_name = "masked_top1";
  if (examples.empty()) {
    m.skipped = "no Q&A records";
    return m;
  }
  std::vector<std::string> paths;
  for (const QaExample& e : examples) paths.push_back(e.path);
  std::set<std::string> test_files = held_out_files(paths);
  if (test_files.empty()) {
    m.skipped = "the records come from one file: nothing to hold out";
    return m;
  }
  std::vector<const QaExample*> train_records, test_records;
  for (const QaExample& e : examples) (test_files.count(e.path) ? test_records : train_records).push_back(&e);
  AnswerTasks train = answer_tasks(train_records), test = answer_tasks(test_records);
  std::size_t answers = answer_count(test), tested = query_count(test);
  if (tested < kMinTestRecords) {
    m.skipped = "too few held-out records to tell (" + std::to_string(tested) + " in question types with " + std::to_string(kMinAnswersPerType) +
                " or more answers; " + std::to_string(kMinTestRecords) + " needed)";
    return m;
  }
  // k1 and b from a small grid, on the training records.
  double k1 = 1.2, b = 0.75, best = -1;
  if (answer_count(train) >= 2)
    for (double k : {0.6, 0.9, 1.2, 1.6, 2.0})
      for (double bb : {0.3, 0.5, 0.75, 0.9}) {
        double mrr = evaluate(train, &AnswerTask::masked, k, bb).mrr;
        if (mrr > best + 1e-12) best = mrr, k1 = k, b = bb;
      }
  Ranking masked = evaluate(test, &AnswerTask::masked, k1, b), control = evaluate(test, &AnswerTask::shuffled_masked, k1, b);
  // The name lookup on the masked questions finds what the masking missed; on the questions as
  // written, what the names alone give (reported, not a baseline: the task hides them).
  double masked_lookup = answer_lookup_top1(test, &AnswerTask::masked_questions), lookup = answer_lookup_top1(test, &AnswerTask::questions);

  m.score = masked.top1;
  m.baselines = {{"masked_name_lookup_top1", masked_lookup}, {"control_top1", control.top1}};
  m.learnable = beats_by_margin(m.score, m.baselines);
  m.figures = {{"answers", static_cast<double>(answers)}, {"train_records", static_cast<double>(train_records.size())},
               {"test_records", static_cast<double>(tested)}, {"held_out_files", static_cast<double>(test_files.size())},
               {"k1", k1}, {"b", b}, {"masked_top1", masked.top1}, {"masked_mrr", masked.mrr}, {"control_top1", control.top1},
               {"control_mrr", control.mrr}, {"masked_name_lookup_top1", masked_lookup}, {"name_lookup_top1", lookup}};
  m.summary = "BM25 from question and context to answer, " + std::to_string(tested) + " held-out records from " +
              std::to_string(test_files.size()) + " files, each ranked among the held-out answers of its question type (" +
              std::to_string(answers) + " in all), the symbol's name masked: top-1 " + percent(masked.top1) + ", MRR " + fixed3(masked.mrr) +
              " (name lookup on the masked questions: " + percent(masked_lookup) + "; shuffled control: " + percent(control.top1) +
              "; the names alone, unmasked: " + percent(lookup) + ")";
  return m;
}

namespace {

// The answer written out in the call: `f('a', 2)` -> 'a' or 2, `median([1, 2, 3])` -> 2 is "the
// identity". Generous on purpose (any whole value between the call's delimiters counts, as if an
// oracle knew which one to copy), so the baseline errs on the strong side.
bool answer_in_call(const std::string& answer, const std::string& expression) {
  if (answer.empty()) return false;
  auto open = [](char c) { return c == '(' || c == ',' || c == '=' || c == ' ' || c == '['; };
  auto close = [](char c) { return c == ')' || c == ',' || c == ' ' || c == '.' || c == ']'; };
  for (size_t at = expression.find(answer); at != std::string::npos; at = expression.find(answer, at + 1)) {
    size_t end = at + answer.size();
    if ((at == 0 || open(expression[at - 1])) && (end == expression.size() || close(expression[end]))) return true;
  }
  return false;
}

}  // namespace

ModelFigures predict_output_baselines(const std::vector<QaExample>& examples) {
  ModelFigures m;
  m.name = "predict_output";
  m.task = "the result of an observed call, from the function's code and the call: the share baselines get right";
  m.has_model = false;
  std::map<std::string, std::map<std::string, std::size_t>> by_function;  // (path + symbol) -> answer -> count
  std::map<std::string, std::size_t> overall;
  std::vector<const QaExample*> items;
  for (const QaExample& e : examples)
    if (e.question_type == "predict_output" && !e.expression.empty()) {
      items.push_back(&e);
      ++by_function[e.path + "\n" + e.symbol][e.answer];
      ++overall[e.answer];
    }
  if (items.empty()) {
    m.skipped = "no predict_output records with their call";
    return m;
  }
  auto most = [](const std::map<std::string, std::size_t>& counts, const std::string& without) {
    std::string best;
    std::size_t n = 0;
    for (const auto& [answer, count] : counts) {
      std::size_t c = count - (answer == without);  // leave the record itself out
      if (c > n) best = answer, n = c;
    }
    return best;
  };
  std::size_t identity = 0, usual = 0, commonest = 0;
  for (const QaExample* e : items) {
    identity += answer_in_call(e->answer, e->expression);
    usual += most(by_function.at(e->path + "\n" + e->symbol), e->answer) == e->answer;
    commonest += most(overall, e->answer) == e->answer;
  }
  double n = static_cast<double>(items.size());
  m.baselines = {{"identity", static_cast<double>(identity) / n}, {"function_constant", static_cast<double>(usual) / n},
                 {"global_constant", static_cast<double>(commonest) / n}};
  double best = 0;
  for (const auto& b : m.baselines) best = std::max(best, b.second);
  m.figures = {{"records", n}, {"functions", static_cast<double>(by_function.size())}, {"identity", m.baselines[0].second},
               {"function_constant", m.baselines[1].second}, {"global_constant", m.baselines[2].second}, {"best_baseline", best}};
  m.summary = std::to_string(items.size()) + " records of " + std::to_string(by_function.size()) +
              " functions; baselines only (no model): the answer is an argument " + percent(m.baselines[0].second) +
              ", the function's other calls' commonest answer " + percent(m.baselines[1].second) + ", the commonest answer overall " +
              percent(m.baselines[2].second) + ": a model must beat " + percent(best);
  return m;
}

ModelFigures next_call_model(const std::vector<CallSequence>& sequences) {
  ModelFigures m;
  m.name = "next_call";
  m.task = "the next function a call calls, from its caller and the callee before it";
  m.score_name = "accuracy";
  std::set<std::string> datasets;
  for (const CallSequence& s : sequences) datasets.insert(s.dataset);
  bool by_run = datasets.size() >= 2;
  auto part_of = [&](const CallSequence& s) -> const std::string& { return by_run ? s.dataset : s.file; };
  std::vector<std::string> paths;
  std::size_t positions = 0;
  for (const CallSequence& s : sequences) {
    paths.push_back(part_of(s));
    positions += s.calls.size();
  }
  if (positions == 0) {
    m.skipped = "no call records with calls";
    return m;
  }
  std::set<std::string> test_files = held_out_files(paths);
  if (test_files.empty()) {
    m.skipped = "the call records come from one source file: nothing to hold out";
    return m;
  }
  const std::string start = "<start>";
  using Counts = std::map<std::string, std::size_t>;
  std::map<std::pair<std::string, std::string>, Counts> by_caller_previous;
  std::map<std::string, Counts> by_previous, by_caller;
  Counts overall;
  for (const CallSequence& s : sequences) {
    if (test_files.count(part_of(s))) continue;
    std::string previous = start;
    for (const std::string& c : s.calls) {
      ++by_caller_previous[{s.function, previous}][c];
      ++by_previous[previous][c];
      ++by_caller[s.function][c];
      ++overall[c];
      previous = c;
    }
  }
  auto most = [](const Counts& counts) {
    std::string best;
    std::size_t n = 0;
    for (const auto& [k, v] : counts)
      if (v > n) best = k, n = v;
    return best;
  };
  std::string baseline = most(overall);
  std::size_t tested = 0, right = 0, baseline_right = 0;
  for (const CallSequence& s : sequences) {
    if (!test_files.count(part_of(s))) continue;
    std::string previous = start;
    for (const std::string& c : s.calls) {
      std::string guess;
      if (auto it = by_caller_previous.find({s.function, previous}); it != by_caller_previous.end()) guess = most(it->second);
      else if (auto p = by_previous.find(previous); p != by_previous.end()) guess = most(p->second);
      else if (auto f = by_caller.find(s.function); f != by_caller.end()) guess = most(f->second);
      else guess = baseline;
      ++tested;
      right += guess == c;
      baseline_right += baseline == c;
      previous = c;
    }
  }
  if (tested == 0 || overall.empty()) {
    m.skipped = tested == 0 ? "the held-out files have no calls" : "the training files have no calls";
    return m;
  }
  double accuracy = static_cast<double>(right) / static_cast<double>(tested);
  double base = static_cast<double>(baseline_right) / static_cast<double>(tested);
  m.figures = {{"train_calls", static_cast<double>(positions - tested)}, {"test_calls", static_cast<double>(tested)},
               {"held_out_files", static_cast<double>(test_files.size())}, {"accuracy", accuracy}, {"baseline_accuracy", base}};
  m.score = accuracy;
  m.baselines = {{"most_frequent_callee", base}};
  m.learnable = beats_by_margin(accuracy, m.baselines);
  m.summary = "next callee of " + std::to_string(tested) + " held-out calls from " + std::to_string(test_files.size()) +
              (by_run ? " of " + std::to_string(datasets.size()) + " call datasets" : std::string(" source files")) + ": accuracy " + percent(accuracy) +
              " (most frequent callee: " + percent(base) + ")";
  m.figures["split_by_dataset"] = by_run ? 1 : 0;
  return m;
}

}  // namespace codetrace::validation
