#pragma once
// QaPair: one question/answer record of the dataset, traceable to a file and line range.
// The JSONL schema is documented in docs/qa-format.md.
#include <optional>
#include <string>

namespace codetrace {

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
  std::optional<bool> verified;       // examples with --verify-examples: doctest accepted its output
};

}  // namespace codetrace
