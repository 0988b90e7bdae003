#pragma once
// Stable, platform-independent hashing for record ids and de-duplication.
#include <cstdint>
#include <string>
#include <string_view>

namespace codetrace {

// 64-bit FNV-1a: the same bytes give the same value on every machine and run.
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed = 0xcbf29ce484222325ULL);

// Hash of several parts, each terminated so that ("ab","c") and ("a","bc") differ.
std::uint64_t hash_parts(std::initializer_list<std::string_view> parts);

// 16 lowercase hex digits.
std::string hex64(std::uint64_t value);

}  // namespace codetrace
