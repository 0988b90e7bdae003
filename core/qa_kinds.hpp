#pragma once
// The question kinds (`question_type`) of Q&A records: what `qa --kinds` accepts and what
// `validate` knows (docs/qa-format.md). One list, so that a new kind is added once.
#include <string>
#include <vector>

namespace codetrace {

inline const std::vector<std::string>& qa_kinds() {
  static const std::vector<std::string> kinds = {"module_purpose", "purpose", "inputs", "outputs", "raises", "class_interface",
                                                 "deprecation", "example", "code_comment", "calls", "callers", "location",
                                                 "predict_output", "predict_input", "observed_raise", "observed_calls", "call_sequence"};
  return kinds;
}

// Kinds earlier versions wrote, which validate still reads.
inline const std::vector<std::string>& retired_qa_kinds() {
  static const std::vector<std::string> kinds = {"observed_return" /* predict_output replaced it */};
  return kinds;
}

}  // namespace codetrace
