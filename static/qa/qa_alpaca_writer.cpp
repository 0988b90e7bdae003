// Alpaca view: {"instruction": question, "input": the code asked about, "output": answer}.
#include "static/qa/qa_writer.hpp"

namespace codetrace {
namespace {

class AlpacaWriter : public QaWriter {
 public:
  explicit AlpacaWriter(std::ostream& out) : out_(out) {}
  void write(const QaPair& p) override {
    nlohmann::ordered_json j;
    j["instruction"] = p.question;
    j["input"] = p.context;
    j["output"] = p.answer;
    j["id"] = p.id;
    nlohmann::ordered_json meta = qa_location(p);
    meta["question_type"] = p.question_type;
    meta["answer_source"] = p.answer_source;
    j["metadata"] = meta;
    write_json_line(out_, j);
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<QaWriter> make_alpaca_writer(std::ostream& out) { return std::make_unique<AlpacaWriter>(out); }

}  // namespace codetrace
