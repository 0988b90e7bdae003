#pragma once
// SourceFile: one Python file's bytes turned into UTF-8 text, the way CPython reads source:
// an optional UTF-8 BOM, then PEP 263 (a `coding:` comment on line 1 or 2), else UTF-8.
// Files that are not Python text are refused with a reason: binary content, undecodable bytes,
// an unknown codec. Decoding a non-UTF-8 codec uses the embedded Python's codecs (needs the GIL).
#include <cstddef>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace codetrace {

struct SourceText {
  std::string text;      // UTF-8, BOM removed
  std::string encoding;  // "utf-8" or the declared codec, as written in the coding line
};

// The codec named by a PEP 263 coding line in the first two lines, if any.
std::optional<std::string> find_coding_declaration(const std::string& bytes);

// True when the bytes look like a binary file rather than text (a NUL byte in the first 8 KiB).
bool looks_binary(const std::string& bytes);

// Reads and decodes `absolute_path` (a regular file of at most kMaxSourceBytes only: a FIFO or device named *.py is refused). On failure returns nullopt and fills `issue` (path left as is).
std::optional<SourceText> load_source(const std::string& absolute_path, FileIssue& issue);

// Decodes bytes already read; the same rules as load_source.
std::optional<SourceText> decode_source(std::string bytes, FileIssue& issue);

}  // namespace codetrace
