#include "core/validate/near_duplicates.hpp"

#include <set>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <unordered_map>

namespace codetrace {
namespace {

constexpr int kBands = 8, kRows = 4, kHashes = kBands * kRows;
constexpr std::size_t kMaxCandidates = 64;  // per text: a bucket of boilerplate cannot make it quadratic

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::uint64_t hash_text(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::vector<std::uint64_t> shingles(const std::string& text) {
  std::vector<std::string> w = words_of(text);
  std::vector<std::uint64_t> out;
  if (w.size() < 3) {
    for (const std::string& s : w) out.push_back(hash_text(s));
  } else {
    for (std::size_t i = 0; i + 2 < w.size(); ++i) out.push_back(hash_text(w[i] + ' ' + w[i + 1] + ' ' + w[i + 2]));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t common = 0, i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) ++common, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80)) {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

long NearDuplicateIndex::add(const std::string& text) {
  long i = static_cast<long>(sets_.size());
  sets_.push_back(shingles(text));
  const std::vector<std::uint64_t>& set = sets_.back();
  if (set.empty()) return -1;
  std::uint64_t signature[kHashes];
  for (int k = 0; k < kHashes; ++k) {
    std::uint64_t best = ~0ull;
    for (std::uint64_t s : set) best = std::min(best, mix(s ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(k + 1))));
    signature[k] = best;
  }
  std::vector<long> candidates;
  std::uint64_t keys[kBands];
  for (int band = 0; band < kBands; ++band) {
    std::uint64_t key = mix(static_cast<std::uint64_t>(band) + 1);
    for (int r = 0; r < kRows; ++r) key = mix(key ^ signature[band * kRows + r]);
    keys[band] = key;
    auto it = buckets_.find(key);
    if (it != buckets_.end())
      for (long c : it->second)
        if (candidates.size() < kMaxCandidates) candidates.push_back(c);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  long found = -1;
  for (long c : candidates)
    if (jaccard(set, sets_[static_cast<std::size_t>(c)]) >= threshold_) {
      found = c;
      break;
    }
  for (int band = 0; band < kBands; ++band) {
    std::vector<long>& bucket = buckets_[keys[band]];
    if (bucket.size() < kMaxCandidates) bucket.push_back(i);
  }
  return found;
}

std::vector<long> find_near_duplicates(const std::vector<std::string>& texts, double threshold) {
  NearDuplicateIndex index(threshold);
  std::vector<long> found;
  found.reserve(texts.size());
  for (const std::string& text : texts) found.push_back(index.add(text));
  return found;
}

bool answer_restates_question(const std::string& question, const std::string& answer, const std::string& question_type) {
  if (is_value_kind(question_type)) return false;
  static const std::set<std::string> stop = {"the", "a", "an", "of", "is", "to", "and", "in", "it", "this", "that", "for", "with",
                                             "on", "by", "be", "as", "at", "or", "from", "what", "does", "do", "which", "where",
                                             "are", "function", "method", "class", "module"};
  auto content = [&](const std::string& text) {
    std::set<std::string> out;
    for (std::string& w : words_of(text))
      if (!stop.count(w) && std::any_of(w.begin(), w.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }))
        out.insert(std::move(w));
    return out;
  };
  std::set<std::string> a = content(answer), q = content(question);
  return !a.empty() && std::includes(q.begin(), q.end(), a.begin(), a.end());
}

}  // namespace codetrace
