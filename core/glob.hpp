#pragma once
// Glob patterns for --include/--exclude, matched against '/'-separated paths relative to the root.
//   *   any run of characters except '/'      ?   one character except '/'
//   **  any run of characters including '/'  [abc], [a-z], [!x]  a character class
// A pattern without '/' matches the file name alone (`test_*.py`); with '/' it matches the whole
// relative path (`pkg/**/gen_*.py`). A pattern ending in '/' matches a folder and all below it.
#include <string_view>

namespace codetrace {

bool glob_match(std::string_view pattern, std::string_view path);

// Applies the pattern rules above (name-only patterns, trailing '/' for folders).
bool path_matches(std::string_view pattern, std::string_view relative_path);

}  // namespace codetrace
