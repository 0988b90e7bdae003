#include "static/symbol_writer.hpp"

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "static/qa/qa_filters.hpp"
#include "static/qa/qa_generator.hpp"

namespace codetrace {
namespace {

using Json = nlohmann::ordered_json;

Json or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json signature_json(const Signature& sig) {
  Json params = Json::array();
  for (const Parameter& p : sig.params)
    params.push_back({{"name", p.name},
                      {"kind", param_kind_name(p.kind)},
                      {"annotation", or_null(p.annotation)},
                      {"default", p.has_default ? Json(p.default_value) : Json(nullptr)}});
  return {{"params", params}, {"returns", or_null(sig.returns)}, {"is_async", sig.is_async}};
}

Json docstring_json(const Symbol& s) {
  const ParsedDocstring& d = s.doc;
  Json params = Json::array();
  for (const DocParam& p : d.params)
    params.push_back({{"identifier", p.name},
                      {"type", or_null(p.type)},
                      {"default", or_null(p.default_value)},
                      {"is_optional", p.optional},
                      {"description", p.description}});
  auto returns = [](const std::vector<DocReturn>& items) {
    Json out = Json::array();
    for (const DocReturn& r : items)
      out.push_back({{"name", or_null(r.name)}, {"type", or_null(r.type)}, {"description", r.description}});
    return out;
  };
  Json raises = Json::array();
  for (const DocRaise& r : d.raises) raises.push_back({{"type", r.type}, {"description", r.description}});
  Json doctests = Json::array();
  for (const Doctest& t : d.doctests) doctests.push_back({{"source", t.source}, {"expected", t.expected}});
  return {{"style", doc_style_name(d.style)},
          {"summary", d.summary},
          {"description", d.description},
          {"params", params},
          {"returns", returns(d.returns)},
          {"yields", returns(d.yields)},
          {"raises", raises},
          {"examples", d.examples},
          {"doctests", doctests},
          {"notes", d.notes},
          {"deprecation", d.deprecation ? Json(*d.deprecation) : Json(nullptr)}};
}

Json comments_json(const Symbol& s) {
  Json code = Json::array();
  for (const CommentedCode& c : s.commented_code)
    code.push_back({{"comment", c.comment},
                    {"comment_line", c.comment_line},
                    {"code_start_line", c.start_line},
                    {"code_end_line", c.end_line},
                    {"trailing", c.trailing}});
  Json leading = s.leading_comments.empty() ? Json(nullptr)
                                            : Json({{"text", join(s.leading_comments, "\n")},
                                                    {"line", s.leading_comment_line}});
  return {{"leading", leading}, {"on_code", code}};
}

// The symbol's source lines, start to end inclusive.
std::string code_of(const ModuleModel& m, const Symbol& s) {
  size_t begin = 0;
  for (int line = 1; line < s.start_line && begin != std::string::npos; ++line) {
    begin = m.source.find('\n', begin);
    if (begin != std::string::npos) ++begin;
  }
  if (begin == std::string::npos) return "";
  size_t end = begin;
  for (int line = s.start_line; line <= s.end_line && end != std::string::npos; ++line) {
    end = m.source.find('\n', end);
    if (end != std::string::npos) ++end;
  }
  return m.source.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

void write_symbol_records(const ModuleModel& m, const SymbolRecordContext& ctx, std::ostream& out) {
  for (const Symbol& s : m.symbols) {
    if (!ctx.include_private && is_private_symbol(m, s)) continue;
    Json raises = Json::array();
    for (const RaiseSite& r : s.raises)
      raises.push_back({{"exception", or_null(r.exception)}, {"text", or_null(r.text)}, {"line", r.line}});
    Json fields = Json::array();
    for (const ClassField& f : s.fields)
      fields.push_back({{"name", f.name},
                        {"annotation", or_null(f.annotation)},
                        {"default", f.has_default ? Json(f.default_value) : Json(nullptr)},
                        {"line", f.line}});
    Json j;
    j["repo"] = ctx.repo;
    j["commit"] = ctx.commit ? Json(*ctx.commit) : Json(nullptr);
    j["path"] = m.path;
    j["language"] = "python";
    j["func_name"] = s.qualname;
    j["symbol_kind"] = symbol_kind_name(s.kind);
    j["start_line"] = s.start_line;
    j["def_line"] = s.def_line;
    j["end_line"] = s.end_line;
    j["parent"] = s.parent < 0 ? Json(nullptr) : Json(m.symbols[s.parent].qualname);
    j["signature_text"] = render_signature(s);
    if (s.kind == SymbolKind::Function || s.kind == SymbolKind::Method) j["signature"] = signature_json(s.signature);
    j["decorators"] = s.decorators;
    if (s.kind == SymbolKind::Class) {
      j["bases"] = s.bases;
      j["is_dataclass"] = s.is_dataclass;
      j["fields"] = fields;
    }
    j["is_generator"] = s.is_generator;
    j["docstring"] = s.docstring_raw ? Json(*s.docstring_raw) : Json(nullptr);
    j["docstring_parsed"] = s.docstring_raw ? docstring_json(s) : Json(nullptr);
    j["comments"] = comments_json(s);
    j["raise_statements"] = raises;
    j["code"] = s.kind == SymbolKind::Module ? Json(nullptr) : Json(code_of(m, s));
    out << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  }
}

}  // namespace codetrace
