// Prints every comment codetrace finds in the given files as "path<TAB>line<TAB>text", so that
// tests/tools/check_comments.py can compare the lexer with Python's own tokenize module.
#include <iostream>

#include "static/comment_scanner.hpp"
#include "static/python/interpreter.hpp"
#include "static/source_file.hpp"

int main(int argc, char** argv) {
  codetrace::Interpreter python({/*isolated=*/true});  // for sources in non-UTF-8 codecs
  for (int i = 1; i < argc; ++i) {
    codetrace::FileIssue issue;
    auto source = codetrace::load_source(argv[i], issue);
    if (!source) continue;
    for (const codetrace::Comment& c : codetrace::scan_comments(source->text))
      std::cout << argv[i] << '\t' << c.line << '\t' << c.text << '\n';
  }
  return 0;
}
