// Alpaca view: {"instruction": question, "input": the code asked about, "output": answer}.
#include "static/qa/qa_writer.hpp"

namespace codetrace {
namespace {

class AlpacaWriter : public QaWriter {
 public:
  explicit AlpacaWriter(std::ostream& out) : out_(out) {}
  void write(const QaPair& p) override {
    JsonLine j;
    j.field("instruction", p.question)
        .field("input", p.context)
        .field("output", p.answer)
        .field("id", p.id)
        .raw_field("metadata", qa_metadata(p));
    out_ << j.finish() << '\n';
  }
 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<QaWriter> make_alpaca_writer(std::ostream& out) { return std::make_unique<AlpacaWriter>(out); }

}  // namespace codetrace
