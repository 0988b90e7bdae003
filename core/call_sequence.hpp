#pragma once
// A function's observed direct calls as a `call_sequence` answer (docs/qa-format.md): one line
// per run of calls to one function, numbered, a repeated call counted ("(3 times)"). Written by
// `qa`, checked by `validate` against the record's `call.calls`.
#include <string>
#include <utility>
#include <vector>

namespace codetrace {

// ["a", "b", "b", "a"] -> [("a", 1), ("b", 2), ("a", 1)]
inline std::vector<std::pair<std::string, int>> call_runs(const std::vector<std::string>& calls) {
  std::vector<std::pair<std::string, int>> runs;
  for (const std::string& c : calls) {
    if (!runs.empty() && runs.back().first == c) ++runs.back().second;
    else runs.emplace_back(c, 1);
  }
  return runs;
}

inline std::string format_call_sequence(const std::vector<std::string>& calls) {
  std::string out;
  int n = 0;
  for (const auto& [callee, times] : call_runs(calls)) {
    if (n++) out += "\n";
    out += std::to_string(n) + ". `" + callee + "`" + (times > 1 ? " (" + std::to_string(times) + " times)" : "");
  }
  return out;
}

}  // namespace codetrace
