#pragma once
// Near-duplicate texts by MinHash over word 3-shingles with banded locality-sensitive hashing:
// only texts sharing a band are compared, so a run over 10^5 records stays near linear.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

namespace codetrace {

// Lower-case runs of letters and digits.
std::vector<std::string> words_of(std::string_view text);

// Every content word of the answer (a word with a letter, not a stop word) stands in the
// question: the answer restates it. `validate` fails such records and `qa` does not write them.
// An example's or an observed call's answer never restates: it is a value to compute from the
// expression that names its parts (`mode(["red", "blue", "red"])` -> `'red'`).
bool answer_restates_question(const std::string& question, const std::string& answer, const std::string& question_type);

// Texts seen so far, for asking whether the next one nearly repeats one of them (its word
// 3-shingles have a Jaccard similarity of at least `threshold` with it). `qa` keeps one while it
// writes, `validate` builds one over a file.
class NearDuplicateIndex {
 public:
  explicit NearDuplicateIndex(double threshold = 0.8) : threshold_(threshold) {}
  // The number (order of adding, from 0) of the first earlier text nearly the same as `text`, or
  // -1; `text` is added either way. Identical texts count too.
  long add(const std::string& text);

 private:
  double threshold_;
  std::vector<std::vector<std::uint64_t>> sets_;
  std::unordered_map<std::uint64_t, std::vector<long>> buckets_;
};

// The kinds whose answer is a value computed by running code (a docstring example, an observed
// call's result, arguments or exception): two of them that differ in one argument are two facts.
inline bool is_value_kind(const std::string& question_type) {
  return question_type == "example" || question_type == "predict_output" || question_type == "predict_input" ||
         question_type == "observed_raise";
}

// The text of a Q&A pair that near-duplicate detection compares: question and answer. Value
// kinds are not compared ("" never matches): two examples may ask the same expression of
// different objects, two observed calls differ in one argument, and their contexts (the code
// they run) are nearly the same by nature.
inline std::string near_duplicate_text(const std::string& question, const std::string& answer, const std::string& question_type,
                                       const std::string& context) {
  (void)context;
  return is_value_kind(question_type) ? std::string() : question + " \n " + answer;
}

// For each text, the index of the first earlier text nearly the same as it (NearDuplicateIndex), or -1.
std::vector<long> find_near_duplicates(const std::vector<std::string>& texts, double threshold = 0.8);

}  // namespace codetrace
