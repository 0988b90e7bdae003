#pragma once
// Finds the `#` comments of Python source. CPython's AST drops comments, and the `tokenize`
// module is pure Python before 3.12 (it would cost more than parsing itself), so this is a small
// lexer that knows only what decides whether a `#` starts a comment: string literals with every
// prefix, triple quotes, backslash escapes and line continuations, and f-string replacement
// fields, which may nest strings of the same quote (PEP 701, 3.12+). tests/ and bench/ check it
// against `tokenize` on real code.
#include <string>
#include <string_view>
#include <vector>

namespace codetrace {

struct Comment {
  int line = 0;       // 1-based
  int column = 0;     // 0-based byte column of '#'
  std::string text;   // without the '#' and surrounding whitespace
  bool own_line = false;  // nothing but whitespace before it on its line
};

std::vector<Comment> scan_comments(std::string_view source);

}  // namespace codetrace
