#pragma once
// The annotated trace that `codetrace run -o` writes, read back as one JSON document by the
// commands that take a trace (qa --trace, report).
#include <nlohmann/json.hpp>

#include <string>

namespace codetrace {

// A document with meta, functions and edges. Throws Error naming the file when it cannot be
// read or is not one.
nlohmann::json read_trace_document(const std::string& path);

}  // namespace codetrace
