// The small models of `validate --model`, which show whether the data is learnable:
// - Q&A: a BM25 retriever indexed on the code of every symbol, asked each held-out question
//   for its symbol (top-1 and mean reciprocal rank), against the same questions paired with
//   shuffled symbols (the control). BM25's k1 and b are chosen on the training questions.
// - traces: a next-callee predictor (counts of what follows the previous callee within the
//   caller, backing off to the previous callee alone, then to the caller's most frequent callee)
//   trained on the call records of some files and tested on the rest, against always predicting
//   the most frequent callee of the training part. Given several call datasets (several runs),
//   it trains on some runs and tests on the others; given one, on some source files and tests on
//   the functions of the others.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <sstream>
#include <unordered_map>

#include "core/dataset_card.hpp"
#include "core/validate/checks.hpp"
#include "core/validate/near_duplicates.hpp"

namespace codetrace::validation {

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

struct Bm25 {
  std::vector<std::unordered_map<std::string, int>> docs;
  std::vector<double> lengths;
  std::unordered_map<std::string, int> df;
  double average = 1;

  void add(const std::string& text) {
    std::unordered_map<std::string, int> tf;
    std::vector<std::string> terms = terms_of(text);
    for (const std::string& t : terms) ++tf[t];
    for (const auto& [t, n] : tf) ++df[t];
    lengths.push_back(static_cast<double>(terms.size()));
    docs.push_back(std::move(tf));
  }
  void finish() {
    double sum = 0;
    for (double l : lengths) sum += l;
    average = docs.empty() ? 1 : std::max(1.0, sum / static_cast<double>(docs.size()));
  }
  // The rank (1-based) of `gold` among all documents for `query`.
  std::size_t rank(const std::string& query, std::size_t gold, double k1, double b) const {
    std::vector<std::string> terms = terms_of(query);
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    auto score = [&](std::size_t d) {
      double s = 0, n = static_cast<double>(docs.size());
      for (const std::string& t : terms) {
        auto f = docs[d].find(t);
        if (f == docs[d].end()) continue;
        double idf = std::log(1 + (n - df.at(t) + 0.5) / (df.at(t) + 0.5)), tf = f->second;
        s += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[d] / average));
      }
      return s;
    };
    double g = score(gold);
    std::size_t better = 0;
    for (std::size_t d = 0; d < docs.size(); ++d)
      if (d != gold) {
        double s = score(d);
        if (s > g || (s == g && d < gold)) ++better;  // ties go against the gold document
      }
    return better + 1;
  }
};

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

ModelFigures qa_retrieval_model(const std::vector<QaExample>& examples, const SourceIndex* index) {
  ModelFigures m;
  m.name = "qa_retrieval";
  if (examples.empty()) {
    m.skipped = "no Q&A records";
    return m;
  }
  // One document per symbol: its qualified name and its code (or, without --root, the
  // contexts the records carry).
  std::map<std::pair<std::string, std::string>, std::size_t> symbol_doc;
  std::vector<std::string> texts;
  for (const QaExample& e : examples) {
    auto key = std::make_pair(e.path, e.symbol);
    auto [it, fresh] = symbol_doc.emplace(key, texts.size());
    if (fresh) texts.push_back(e.symbol + "\n" + (index ? index->code_of(e.path, e.start_line, e.end_line) : std::string()));
    if (!index) texts[it->second] += "\n" + e.context;
  }
  if (texts.size() < 2) {
    m.skipped = "fewer than two symbols";
    return m;
  }
  Bm25 bm25;
  for (const std::string& t : texts) bm25.add(t);
  bm25.finish();
  std::vector<std::string> paths;
  for (const QaExample& e : examples) paths.push_back(e.path);
  std::set<std::string> test_files = held_out_files(paths);
  if (test_files.empty()) {
    m.skipped = "the records come from one file: nothing to hold out";
    return m;
  }
  std::vector<std::pair<std::string, std::size_t>> train, test;  // (question, gold document)
  for (const QaExample& e : examples)
    (test_files.count(e.path) ? test : train).emplace_back(e.question, symbol_doc.at({e.path, e.symbol}));
  auto evaluate = [&](const std::vector<std::pair<std::string, std::size_t>>& queries, double k1, double b, double* top1) {
    double mrr = 0, hits = 0;
    for (const auto& [q, gold] : queries) {
      std::size_t r = bm25.rank(q, gold, k1, b);
      mrr += 1.0 / static_cast<double>(r);
      hits += r == 1;
    }
    double n = std::max<double>(1, static_cast<double>(queries.size()));
    if (top1) *top1 = hits / n;
    return mrr / n;
  };
  double best_k1 = 1.2, best_b = 0.75, best = -1;
  if (!train.empty())
    for (double k1 : {0.6, 0.9, 1.2, 1.6, 2.0})
      for (double b : {0.3, 0.5, 0.75, 0.9}) {
        double mrr = evaluate(train, k1, b, nullptr);
        if (mrr > best + 1e-12) best = mrr, best_k1 = k1, best_b = b;
      }
  double top1 = 0, control_top1 = 0;
  double mrr = evaluate(test, best_k1, best_b, &top1);
  // The control: the same questions, each paired with another question's symbol.
  std::vector<std::size_t> golds;
  for (const auto& t : test) golds.push_back(t.second);
  std::mt19937 shuffle_rng(12345);
  std::shuffle(golds.begin(), golds.end(), shuffle_rng);
  std::vector<std::pair<std::string, std::size_t>> control;
  for (std::size_t i = 0; i < test.size(); ++i) control.emplace_back(test[i].first, golds[i]);
  double control_mrr = evaluate(control, best_k1, best_b, &control_top1);
  m.figures = {{"documents", static_cast<double>(texts.size())}, {"train_questions", static_cast<double>(train.size())},
               {"test_questions", static_cast<double>(test.size())}, {"held_out_files", static_cast<double>(test_files.size())},
               {"k1", best_k1}, {"b", best_b}, {"top1", top1}, {"mrr", mrr}, {"control_top1", control_top1}, {"control_mrr", control_mrr}};
  m.beats_control = top1 > control_top1 && mrr > control_mrr;
  m.summary = "BM25 over " + std::to_string(texts.size()) + " symbols, " + std::to_string(test.size()) + " held-out questions from " +
              std::to_string(test_files.size()) + " files: top-1 " + percent(top1) + ", MRR " + fixed3(mrr) + " (shuffled control: top-1 " +
              percent(control_top1) + ", MRR " + fixed3(control_mrr) + ")";
  return m;
}

ModelFigures next_call_model(const std::vector<CallSequence>& sequences) {
  ModelFigures m;
  m.name = "next_call";
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
  m.beats_control = accuracy > base;
  m.summary = "next callee of " + std::to_string(tested) + " held-out calls from " + std::to_string(test_files.size()) +
              (by_run ? " of " + std::to_string(datasets.size()) + " call datasets" : std::string(" source files")) + ": accuracy " + percent(accuracy) +
              " (most frequent callee: " + percent(base) + ")";
  m.figures["split_by_dataset"] = by_run ? 1 : 0;
  return m;
}

}  // namespace codetrace::validation
