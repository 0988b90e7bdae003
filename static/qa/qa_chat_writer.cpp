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
    std::string messages = "[{\"role\":\"user\",\"content\":";
    append_json_string(messages, prompt);
    messages += "},{\"role\":\"assistant\",\"content\":";
    append_json_string(messages, p.answer);
    messages += "}]";
    JsonLine j;
    j.field("id", p.id).raw_field("messages", messages).raw_field("metadata", qa_metadata(p));
    out_ << j.finish() << '\n';
  }
 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<QaWriter> make_chat_writer(std::ostream& out) { return std::make_unique<ChatWriter>(out); }

}  // namespace codetrace
