#pragma once
// Near-duplicate texts by MinHash over word 3-shingles with banded locality-sensitive hashing:
// only texts sharing a band are compared, so a run over 10^5 records stays near linear.
#include <string>
#include <string_view>
#include <vector>

namespace codetrace {

// Lower-case runs of letters and digits.
std::vector<std::string> words_of(std::string_view text);

// Every content word of the answer (a word with a letter, not a stop word) stands in the
// question: the answer restates it. `validate` fails such records and `qa` does not write them.
bool answer_restates_question(const std::string& question, const std::string& answer);

// For each text, the index of the first earlier text whose word 3-shingles have a Jaccard
// similarity of at least `threshold` with it, or -1. Identical texts count too.
std::vector<long> find_near_duplicates(const std::vector<std::string>& texts, double threshold = 0.8);

}  // namespace codetrace
