// Chat view: {"id", "messages": [{"role": "user"}, {"role": "assistant"}], "metadata"}.
// The user turn carries the code the question is about, so the pair stands on its own.
#include "static/qa/qa_writer.hpp"

namespace codetrace {
namespace {

class ChatWriter : public QaWriter {
 public:
  explicit ChatWriter(std::ostream& out) : out_(out) {}
  void write(const QaPair& p) override {
    std::string prompt = p.question;
    if (!p.context.empty()) prompt += "\n\n```python\n" + p.context + "\n```";
    nlohmann::ordered_json j;
    j["id"] = p.id;
    j["messages"] = nlohmann::ordered_json::array(
        {{{"role", "user"}, {"content", prompt}}, {{"role", "assistant"}, {"content", p.answer}}});
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

std::unique_ptr<QaWriter> make_chat_writer(std::ostream& out) { return std::make_unique<ChatWriter>(out); }

}  // namespace codetrace
