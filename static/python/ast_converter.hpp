#pragma once
// AstConverter: parses Python source with the embedded CPython's own parser (`compile(...,
// PyCF_ONLY_AST)`, exactly what `ast.parse` does) and converts the resulting `ast` objects once
// into a SyntaxTree. Needs the GIL; the tree it returns does not.
//
// Speed matters: this walk runs over every node of every file. Each node's instance dict is
// iterated once (PyDict_Next) and keys are recognised by pointer against interned field names,
// instead of one getattr per field.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "static/syntax_tree.hpp"

namespace codetrace {

struct SyntaxErrorInfo {
  int line = 0;
  int column = 0;  // 1-based, 0 when unknown
  std::string message;
};

struct ParseOutcome {
  std::unique_ptr<SyntaxTree> tree;  // null when the source does not parse
  SyntaxErrorInfo error;
};

class AstConverter {
 public:
  AstConverter();  // throws Error when the `_ast` module cannot be read
  ~AstConverter();
  AstConverter(const AstConverter&) = delete;
  AstConverter& operator=(const AstConverter&) = delete;

  // `utf8_source` must be UTF-8 (any coding line is ignored); `filename` is used in messages.
  ParseOutcome parse(std::string_view utf8_source, const std::string& filename);

  struct Tables;  // interned keys and ast classes (defined in the .cpp)

 private:
  std::unique_ptr<Tables> tables_;
};

}  // namespace codetrace
