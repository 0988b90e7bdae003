#pragma once
// QaPair: one question/answer record of the dataset, traceable to a file and line range.
// The JSONL schema is documented in docs/qa-format.md.
#include <optional>
#include <string>
#include <vector>

namespace codetrace {

// The observed call a predict_output, predict_input, observed_raise or call_sequence pair is about: evaluated in
// the namespace of `module`, `expression` makes the call again.
struct ObservedCall {
  std::string module;      // dotted name of the function's module
  std::string expression;  // the call, as Python
  std::string result;      // repr of what it returned, or
  std::string raised;      // "Type: message" of what it raised
  std::string caller;      // where the traced run made it (function id), "" when not known
  int call_line = 0;
  std::vector<std::string> values;  // the reprs `expression` is built from (each must evaluate back to itself)
  // call_sequence: the functions of the traced root it called directly, in order, repeats kept
  std::optional<std::vector<std::string>> calls;
  std::string function;  // its id (module.qualname), to find its frame when --verify runs it again
};

struct QaPair {
  std::string id;                     // stable: hash of repo, path, symbol, type, question, answer
  std::string repo;                   // repository URL or folder name
  std::optional<std::string> commit;  // git commit of the analysed tree, when known
  std::string path;                   // file, relative to the repository root
  std::string symbol;                 // qualified name the question is about
  std::string symbol_kind;            // module | class | function | method
  int start_line = 0;                 // the symbol's lines, 1-based inclusive
  int end_line = 0;
  std::string question;
  std::string answer;
  std::string question_type;          // purpose, inputs, outputs, raises, ... (see docs)
  std::string answer_source;          // docstring | signature | comment | ast | callgraph | trace
  int evidence_start_line = 0;        // where the answer's text stands, 1-based inclusive
  int evidence_end_line = 0;
  std::string context;                // what a model is given with the question (docs/qa-format.md)
  std::string doctest;                // examples: the self-contained session, as doctest text, "" otherwise
  std::optional<ObservedCall> call;   // pairs from a traced call (trace_qa.hpp)
  std::optional<bool> verified;       // --verify-examples: doctest accepted the example; --verify: the call gave the same result again
};

}  // namespace codetrace
