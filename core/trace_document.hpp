#pragma once
// The annotated trace that `codetrace run -o` writes, read back as one JSON document by the
// commands that take a trace (qa --trace, report, diff).
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace codetrace {

// The largest trace read back: a bound on memory (a trace of millions of edges is well under).
inline constexpr std::size_t kMaxTraceBytes = std::size_t{2} << 30;

// A document with meta, functions and edges. Throws Error naming the file when it cannot be
// read or is not one.
nlohmann::json read_trace_document(const std::string& path);

}  // namespace codetrace
