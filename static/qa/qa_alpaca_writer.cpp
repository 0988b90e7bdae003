// Alpaca view: {"instruction": question, "input": the code asked about, "output": answer}.
#include "static/qa/qa_writer.hpp"

namespace codetrace {

std::string format_qa_alpaca(const QaPair& p) {
  JsonLine j;
  j.field("instruction", p.question)
      .field("input", p.context)
      .field("output", p.answer)
      .field("id", p.id)
      .raw_field("metadata", qa_metadata(p));
  return j.finish();
}

}  // namespace codetrace
