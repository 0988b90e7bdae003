// Chat view: {"id", "messages": [{"role": "user"}, {"role": "assistant"}], "metadata"}.
// The user turn carries the code the question is about, so the pair stands on its own.
#include "static/qa/qa_writer.hpp"

namespace codetrace {

std::string format_qa_chat(const QaPair& p) {
  std::string prompt = p.question;
  if (!p.context.empty()) prompt += "\n\n```python\n" + p.context + "\n```";
  std::string messages = "[{\"role\":\"user\",\"content\":";
  append_json_string(messages, prompt);
  messages += "},{\"role\":\"assistant\",\"content\":";
  append_json_string(messages, p.answer);
  messages += "}]";
  JsonLine j;
  j.field("id", p.id).raw_field("messages", messages).raw_field("metadata", qa_metadata(p));
  return j.finish();
}

}  // namespace codetrace
