#pragma once
// PairBuilder: fills the fields every Q&A pair of a symbol shares (repo, commit, path, symbol,
// lines, stable id, the context a model is given) so each question kind only says its question,
// answer and evidence. Used by the source questions (qa_generator) and the observed ones
// (trace_qa).
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.hpp"
#include "core/secrets.hpp"
#include "core/qa_pair.hpp"
#include "static/module_model.hpp"
#include "static/qa/qa_context.hpp"
#include "static/qa/qa_generator.hpp"

namespace codetrace {

// E-mail addresses in quoted code and docstrings (authors, mailing lists) written as <email>, as
// the big code datasets redact them.
inline std::string without_personal_data(std::string text) {
  std::string found;
  for (int tries = 0; tries < 50 && !find_personal_data(text, &found).empty() && !found.empty(); ++tries)
    for (size_t at = text.find(found); at != std::string::npos; at = text.find(found, at + 7)) text.replace(at, found.size(), "<email>");
  return text;
}

class PairBuilder {
 public:
  PairBuilder(const ModuleModel& m, const QaContext& ctx, std::vector<QaPair>& out, int context_lines = kDefaultContextLines)
      : m_(m), ctx_(ctx), out_(out), contexts_(m), context_lines_(context_lines) {}

  // The context is the symbol's code (qa_context.hpp); the docstring is hidden when it is the
  // answer's source.
  void add(const Symbol& s, std::string question_type, std::string question, std::string answer, std::string answer_source,
           int evidence_start, int evidence_end) {
    ContextRequest request;
    request.hide_docstring = answer_source == "docstring";
    add(s, std::move(question_type), std::move(question), std::move(answer), std::move(answer_source), evidence_start, evidence_end,
        request);
  }
  void add(const Symbol& s, std::string question_type, std::string question, std::string answer, std::string answer_source,
           int evidence_start, int evidence_end, ContextRequest request) {
    request.max_lines = context_lines_;
    std::string context = contexts_.build(s, request);
    add_with_context(s, std::move(question_type), std::move(question), std::move(answer), std::move(answer_source), evidence_start,
                     evidence_end, std::move(context));
  }
  // A context of the caller's own (an observed call, a doctest session).
  void add_with_context(const Symbol& s, std::string question_type, std::string question, std::string answer, std::string answer_source,
                        int evidence_start, int evidence_end, std::string context) {
    QaPair p;
    p.repo = ctx_.repo;
    p.commit = ctx_.commit;
    p.path = m_.path;
    p.symbol = s.qualname;
    p.symbol_kind = symbol_kind_name(s.kind);
    p.start_line = s.start_line;
    p.end_line = s.end_line;
    p.question = std::move(question);
    p.answer = std::move(answer);
    p.question_type = std::move(question_type);
    p.answer_source = std::move(answer_source);
    p.evidence_start_line = evidence_start;
    p.evidence_end_line = evidence_end;
    p.context = without_personal_data(std::move(context));
    p.answer = without_personal_data(std::move(p.answer));
    p.id = hex64(hash_parts({p.repo, p.path, p.symbol, p.question_type, p.question, p.answer}));
    out_.push_back(std::move(p));
  }
  QaPair& last() { return out_.back(); }  // the pair just added, for fields only some kinds have
  const ContextBuilder& contexts() const { return contexts_; }
  int context_lines() const { return context_lines_; }

 private:
  const ModuleModel& m_;
  const QaContext& ctx_;
  std::vector<QaPair>& out_;
  ContextBuilder contexts_;
  int context_lines_;
};

inline std::string code(std::string_view text) { return "`" + std::string(text) + "`"; }


}  // namespace codetrace
