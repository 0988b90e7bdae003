#pragma once
// A compact binary form of CallFacts, for the parse helpers of `codetrace graph --jobs N`: a
// helper process parses a share of the files and sends their facts back through a pipe.
// Not a file format: both ends are the same build, so there is no versioning. decode_*
// throws Error on anything malformed (a helper that died mid-write).
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "static/graph/call_facts.hpp"

namespace codetrace {

void encode_call_facts(const CallFacts& facts, std::string& out);
CallFacts decode_call_facts(std::string_view& in);

void encode_file_issues(const std::vector<FileIssue>& issues, std::string& out);
std::vector<FileIssue> decode_file_issues(std::string_view& in);

void encode_u32(std::uint32_t value, std::string& out);
std::uint32_t decode_u32(std::string_view& in);

}  // namespace codetrace
