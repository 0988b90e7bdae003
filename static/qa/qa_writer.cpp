#include "static/qa/qa_writer.hpp"

#include "core/error.hpp"

namespace codetrace {

bool is_qa_format(const std::string& format) { return format == "jsonl" || format == "chat" || format == "alpaca"; }

std::unique_ptr<QaWriter> make_qa_writer(const std::string& format, std::ostream& out) {
  if (format == "jsonl") return std::make_unique<QaWriter>(format_qa_jsonl, out);
  if (format == "chat") return std::make_unique<QaWriter>(format_qa_chat, out);
  if (format == "alpaca") return std::make_unique<QaWriter>(format_qa_alpaca, out);
  throw Error("unknown Q&A format '" + format + "' (jsonl, chat or alpaca)");
}

void add_qa_location(JsonLine& j, const QaPair& p) {
  j.field("repo", p.repo);
  if (p.commit) j.field("commit", *p.commit);
  else j.null_field("commit");
  j.field("path", p.path)
      .field("symbol", p.symbol)
      .field("symbol_kind", p.symbol_kind)
      .field("start_line", p.start_line)
      .field("end_line", p.end_line);
}

std::string qa_metadata(const QaPair& p) {
  JsonLine meta;
  add_qa_location(meta, p);
  meta.field("question_type", p.question_type).field("answer_source", p.answer_source);
  if (p.verified) meta.raw_field("verified", *p.verified ? "true" : "false");
  return meta.finish();
}

}  // namespace codetrace
