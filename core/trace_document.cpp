#include "core/trace_document.hpp"


#include "core/error.hpp"
#include "core/file_read.hpp"

namespace codetrace {

nlohmann::json read_trace_document(const std::string& path) {
  std::string error;
  std::optional<std::string> text = read_regular_file(path, error, ReadOptions{kMaxTraceBytes});
  if (!text) throw Error("cannot read the trace " + path + ": " + error);
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("meta") || !doc["meta"].is_object() || !doc.contains("functions") ||
      !doc["functions"].is_array() || !doc.contains("edges") || !doc["edges"].is_array())
    throw Error(path + " is not a trace written by `codetrace run` (meta, functions and edges are needed)");
  return doc;
}

}  // namespace codetrace
