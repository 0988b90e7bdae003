#pragma once
// The names a doctest statement binds and the names it reads, found from its tokens.
//
// Example sessions are tiny and the question pipeline runs without Python (see
// analysis_pipeline.hpp), so this is a scanner, not a parser: it knows Python's tokens (strings,
// f-string fields, comments, brackets) and the statement forms that bind (assignment targets,
// import, def/class, for/with/except targets, `:=`). What is bound inside the statement only
// (comprehension and lambda variables, parameters, names assigned in a def's body) is neither.
// Where it guesses, it guesses "reads": an example then needs that name from elsewhere, and one
// that cannot be found is left out rather than shown without what it needs.
#include <set>
#include <string>
#include <string_view>

namespace codetrace {

struct StatementNames {
  std::set<std::string> binds;  // names the statement leaves bound for later statements
  std::set<std::string> reads;  // free names it reads (before binding them), keywords excluded
  bool star_import = false;     // `from x import *`: binds names nobody can list
};

StatementNames statement_names(std::string_view source);

}  // namespace codetrace
