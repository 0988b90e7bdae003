// The full record, one JSON object per line (docs/qa-format.md).
#include "static/qa/qa_writer.hpp"

namespace codetrace {
namespace {

class JsonlWriter : public QaWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}
  void write(const QaPair& p) override {
    JsonLine j;
    j.field("id", p.id);
    add_qa_location(j, p);
    j.field("question", p.question)
        .field("answer", p.answer)
        .field("question_type", p.question_type)
        .field("answer_source", p.answer_source)
        .field("evidence_start_line", p.evidence_start_line)
        .field("evidence_end_line", p.evidence_end_line)
        .field("context", p.context)
        .field("language", "python");
    out_ << j.finish() << '\n';
  }
 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<QaWriter> make_jsonl_writer(std::ostream& out) { return std::make_unique<JsonlWriter>(out); }

}  // namespace codetrace
