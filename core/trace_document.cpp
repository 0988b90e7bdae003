#include "core/trace_document.hpp"

#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace codetrace {

nlohmann::json read_trace_document(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read the trace " + path + ": no such file");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("meta") || !doc["meta"].is_object() || !doc.contains("functions") ||
      !doc["functions"].is_array() || !doc.contains("edges") || !doc["edges"].is_array())
    throw Error(path + " is not a trace written by `codetrace run` (meta, functions and edges are needed)");
  return doc;
}

}  // namespace codetrace
