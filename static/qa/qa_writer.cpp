#include "static/qa/qa_writer.hpp"

#include "core/error.hpp"

namespace codetrace {

bool is_qa_format(const std::string& format) { return format == "jsonl" || format == "chat" || format == "alpaca"; }

std::unique_ptr<QaWriter> make_qa_writer(const std::string& format, std::ostream& out) {
  if (format == "jsonl") return make_jsonl_writer(out);
  if (format == "chat") return make_chat_writer(out);
  if (format == "alpaca") return make_alpaca_writer(out);
  throw Error("unknown Q&A format '" + format + "' (jsonl, chat or alpaca)");
}

nlohmann::ordered_json qa_location(const QaPair& p) {
  nlohmann::ordered_json j;
  j["repo"] = p.repo;
  j["commit"] = p.commit ? nlohmann::ordered_json(*p.commit) : nlohmann::ordered_json(nullptr);
  j["path"] = p.path;
  j["symbol"] = p.symbol;
  j["symbol_kind"] = p.symbol_kind;
  j["start_line"] = p.start_line;
  j["end_line"] = p.end_line;
  return j;
}

void write_json_line(std::ostream& out, const nlohmann::ordered_json& value) {
  out << value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace codetrace
