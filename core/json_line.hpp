#pragma once
// JsonLine: builds one flat JSON object as one line of text, fast. Dataset records are written
// by the hundred thousand; a general JSON DOM (nlohmann::json) spent more time allocating than
// the analysis itself, so the record writers use this and keep nlohmann for nested documents.
// Strings are escaped per RFC 8259; bytes that are not valid UTF-8 become U+FFFD, so a line
// is always valid JSON. Keys are written as given (they are literals in our code).
#include <string>
#include <string_view>

namespace codetrace {

// Appends `text` to `out` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

class JsonLine {
 public:
  JsonLine& field(std::string_view key, std::string_view value);
  JsonLine& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  JsonLine& field(std::string_view key, long long value);
  JsonLine& field(std::string_view key, int value) { return field(key, static_cast<long long>(value)); }
  JsonLine& null_field(std::string_view key);
  JsonLine& raw_field(std::string_view key, std::string_view json);  // `json` is already valid JSON
  // The object, closed ("{...}", no newline).
  std::string finish();

 private:
  void key(std::string_view k);
  std::string out_ = "{";
};

// Cuts `text` to at most `max_bytes`, never inside a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, size_t max_bytes);

}  // namespace codetrace
