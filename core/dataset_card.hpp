#pragma once
// Dataset cards and splits: what an ML engineer needs to publish a generated dataset.
// - A card is a README.md with the Hugging Face YAML header (license, language, task, the data
//   files of each split, the features, the source repository and commit, the generator) and a
//   body that says what the records are and how they were made.
// - Splits are by module (file), so no function's pairs are in two splits, and deterministic: the
//   files are ranked by a hash of their path; the first tenth (at least one, given three files or
//   more) is the test split, the next tenth validation, the rest train.
#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace codetrace {

// The distinct paths, ranked by a hash of each (FNV-1a, ties by name): the order every
// deterministic split takes its parts from.
std::vector<std::string> rank_by_path_hash(const std::vector<std::string>& paths);

// "train", "validation" or "test" for each of these paths (repeats and order do not matter).
std::map<std::string, std::string> split_by_module(const std::vector<std::string>& paths);

// out.jsonl -> out.train.jsonl (out.sequences.jsonl, ...)
std::string split_file_name(const std::string& output, const std::string& split);

// A data file as a card names it: relative to the card's folder when it lies in it.
std::string relative_to_card(const std::string& card, const std::string& file);

struct CardFeature {
  std::string name, dtype, description;  // dtype as the card's features list writes it: string, int64, bool, ...
};

struct CardSplit {
  std::string name, file;  // file relative to the card
  std::size_t records = 0;
};

struct DatasetCard {
  std::string pretty_name, summary;  // one line; a paragraph
  std::string task;                  // question-answering, text-generation, ...
  std::string repo, commit, license;
  std::vector<CardSplit> splits;
  std::vector<CardFeature> features;
  std::vector<std::string> notes;    // "How it was made" bullet points
};

// The license of the analysed tree, from its LICENSE / COPYING file: an SPDX-style id the Hub
// knows (mit, apache-2.0, bsd-3-clause, gpl-3.0, ...), or "unknown".
std::string detect_license(const std::string& root);

void write_dataset_card(const DatasetCard& card, std::ostream& out);

// The features of codetrace's own records.
std::vector<CardFeature> qa_card_features(const std::string& format);  // jsonl, chat, alpaca
std::vector<CardFeature> call_card_features();

}  // namespace codetrace
