// The full record, one JSON object per line (docs/qa-format.md).
#include "static/qa/qa_writer.hpp"

#include <nlohmann/json.hpp>

namespace codetrace {

std::string format_qa_jsonl(const QaPair& p) {
  JsonLine j;
  j.field("id", p.id);
  add_qa_location(j, p);
  j.field("question", p.question)
      .field("answer", p.answer)
      .field("question_type", p.question_type)
      .field("answer_source", p.answer_source)
      .field("evidence_start_line", p.evidence_start_line)
      .field("evidence_end_line", p.evidence_end_line)
      .field("context", p.context);
  if (!p.doctest.empty()) j.field("doctest", p.doctest);
  if (p.call) {
    JsonLine call;
    call.field("module", p.call->module).field("expression", p.call->expression);
    if (p.call->raised.empty()) call.field("result", p.call->result);
    else call.field("raised", p.call->raised);
    if (!p.call->caller.empty()) call.field("caller", p.call->caller).field("call_line", p.call->call_line);
    if (p.call->calls) call.raw_field("calls", nlohmann::json(*p.call->calls).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    j.raw_field("call", call.finish());
  }
  if (p.verified) j.raw_field("verified", *p.verified ? "true" : "false");
  j.field("language", "python");
  return j.finish();
}

}  // namespace codetrace
