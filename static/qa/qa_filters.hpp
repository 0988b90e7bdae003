#pragma once
// The filters that keep a Q&A dataset clean, following the big code datasets (CodeSearchNet,
// CodeXGLUE): no trivial docstrings, no stub or tooling comments, no private members unless
// asked, no exact duplicates.
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/qa_pair.hpp"
#include "core/validate/near_duplicates.hpp"
#include "static/module_model.hpp"

namespace codetrace {

// Under three words, restating the symbol's name ("Get name." for get_name), or a TODO stub.
bool is_trivial_docstring(std::string_view text, std::string_view symbol_name);

// A comment worth a question: prose of three words or more, not a TODO, pragma, licence line,
// separator or commented-out code.
bool is_explanatory_comment(std::string_view text);

// A name that is private by convention: leading '_' but not a dunder like __init__.
bool is_private_name(std::string_view name);

// A symbol that is private, or inside something private: `_helper`, `Cart._total.inner`, or any
// symbol of a private module (`pkg/_impl.py`).
bool is_private_symbol(const ModuleModel& module, const Symbol& symbol);

// Removes pairs whose (question, answer) was already seen, keeping the first; returns how many
// were removed. `seen` carries over between calls so de-duplication spans the whole run.
// With `near`, a pair whose question and answer nearly repeat an earlier pair's (word 3-shingles,
// Jaccard >= 0.8, as `validate` measures) is removed too.
size_t remove_duplicates(std::vector<QaPair>& pairs, std::unordered_set<std::uint64_t>& seen, NearDuplicateIndex* near = nullptr);

}  // namespace codetrace
