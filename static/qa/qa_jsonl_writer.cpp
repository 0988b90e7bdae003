// The full record, one JSON object per line (docs/qa-format.md).
#include "static/qa/qa_writer.hpp"

namespace codetrace {
namespace {

class JsonlWriter : public QaWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}
  void write(const QaPair& p) override {
    nlohmann::ordered_json j;
    j["id"] = p.id;
    j.update(qa_location(p));
    j["question"] = p.question;
    j["answer"] = p.answer;
    j["question_type"] = p.question_type;
    j["answer_source"] = p.answer_source;
    j["evidence_start_line"] = p.evidence_start_line;
    j["evidence_end_line"] = p.evidence_end_line;
    j["context"] = p.context;
    j["language"] = "python";
    write_json_line(out_, j);
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<QaWriter> make_jsonl_writer(std::ostream& out) { return std::make_unique<JsonlWriter>(out); }

}  // namespace codetrace
