#pragma once
// Writers of Q&A records, one format per file behind one interface:
//   jsonl  - the full record (docs/qa-format.md)
//   chat   - {"messages": [user, assistant], ...}: what chat fine-tuning tools (TRL, Axolotl) read
//   alpaca - {"instruction", "input", "output", ...}: the Alpaca instruction format
// Every format keeps the record's id and location, so each line stays traceable.
#include <memory>
#include <ostream>
#include <string>

#include "core/json_line.hpp"
#include "core/qa_pair.hpp"

namespace codetrace {

// One record in one format, as a line of text without the newline.
using QaFormat = std::string (*)(const QaPair& pair);

class QaWriter {
 public:
  QaWriter(QaFormat format, std::ostream& out) : format_(format), out_(out) {}
  void write(const QaPair& pair) { out_ << format_(pair) << '\n'; }

 private:
  QaFormat format_;
  std::ostream& out_;
};

// Throws Error for an unknown format name.
std::unique_ptr<QaWriter> make_qa_writer(const std::string& format, std::ostream& out);
bool is_qa_format(const std::string& format);

// Shared by the writers: the location fields of a record (repo ... end_line).
void add_qa_location(JsonLine& line, const QaPair& pair);
// The location plus question_type and answer_source, as the `metadata` object of chat/alpaca.
std::string qa_metadata(const QaPair& pair);

std::string format_qa_jsonl(const QaPair& pair);   // qa_jsonl_writer.cpp
std::string format_qa_chat(const QaPair& pair);    // qa_chat_writer.cpp
std::string format_qa_alpaca(const QaPair& pair);  // qa_alpaca_writer.cpp

}  // namespace codetrace
