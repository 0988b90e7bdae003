#include "tracer/report/report_writer.hpp"

#include <cmath>
#include <set>

#include "core/module_naming.hpp"
#include "report_assets.hpp"
#include "static/graph/graph_writers.hpp"

namespace codetrace {
namespace {

using nlohmann::json;

const char* kBoth = "#0969da";
const char* kObservedOnly = "#d1242f";
const char* kStaticOnly = "#8c959f";

// "shop/pricing/cart.py" -> "shop.pricing.cart" (the source's own name when it is known).
std::string module_of(const std::string& file, const ReportSource* source) {
  if (source) {
    auto it = source->module_of.find(file);
    if (it != source->module_of.end()) return it->second;
  }
  return dotted_module_name(file, [](const std::string&) { return true; }, "");  // every folder taken as a package
}

// A counter of the trace (calls, nanoseconds): 64 bits, 0 when absent or not a number.
std::uint64_t count(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

bool in_root(const json& f) {
  std::string file = f.value("file", std::string());
  return !file.empty() && file[0] != '/' && file[0] != '<';
}

constexpr std::size_t kQaPerFunction = 6;

// Up to the first blank line.
std::string first_paragraph(const std::string& text) {
  std::size_t blank = text.find("\n\n");
  return blank == std::string::npos ? text : text.substr(0, blank);
}

// The page's data: functions of the root with what the source says of them, and the edges.
json page_data(const json& trace, const ReportSource* source) {
  json functions = json::array(), edges = json::array();
  std::set<std::string> ids;
  for (const json& f : trace["functions"]) {
    if (!f.is_object() || !f.contains("id") || !in_root(f)) continue;
    std::string id = f["id"], file = f["file"];
    std::string module = module_of(file, source);
    const json& o = f.contains("observed") && f["observed"].is_object() ? f["observed"] : json::object();
    json x = {{"id", id},
              {"short", id.compare(0, module.size() + 1, module + ".") == 0 ? id.substr(module.size() + 1) : id},
              {"module", module},
              {"file", file},
              {"line", f.value("line", 0)},
              {"end_line", f.contains("end_line") ? f["end_line"] : json()},
              {"kind", f.value("kind", std::string("function"))},
              {"static", f.value("static", false)},
              {"calls", count(o, "calls")},
              {"resumes", count(o, "resumes")},
              {"inclusive_ns", count(o, "inclusive_ns")},
              {"self_ns", count(o, "self_ns")}};
    json samples = json::array();
    for (const char* list : {"samples", "recorded"})
      if (o.contains(list) && o[list].is_array())
        for (const json& s : o[list]) samples.push_back(s);
    x["samples"] = samples;
    if (source) {
      auto s = source->symbols.find(id);
      if (s != source->symbols.end()) {
        // A large trace is mostly functions that never ran: they keep their signature and the
        // docstring's first paragraph; source and Q&A are for those that ran (codetrace qa has all).
        bool ran = count(o, "calls") > 0 || count(o, "resumes") > 0;
        x["signature"] = s->second.signature;
        x["doc"] = ran ? s->second.doc : first_paragraph(s->second.doc);
        if (ran) x["source"] = s->second.source;
        json qa = json::array();
        for (const auto& [q, a] : s->second.qa)
          if (ran && qa.size() < kQaPerFunction) qa.push_back({{"q", q}, {"a", a}});
        x["qa"] = qa;
      }
    }
    ids.insert(id);
    functions.push_back(std::move(x));
  }
  // Edges as rows [caller, callee, status, observed calls, call-site lines]: the ends are indices
  // into the functions, then into `outside` (the ids outside the root), so that each id is
  // written once. A large trace has a hundred times more edges than functions.
  std::map<std::string, std::size_t> index;
  for (const json& f : functions) index.emplace(f["id"].get<std::string>(), index.size());
  json outside = json::array();
  auto index_of = [&](const std::string& id) {
    auto [it, fresh] = index.emplace(id, index.size());
    if (fresh) outside.push_back(id);
    return it->second;
  };
  for (const json& e : trace["edges"]) {
    if (!e.is_object() || !e.contains("caller") || !e.contains("callee") || !e["caller"].is_string() || !e["callee"].is_string()) continue;
    std::string caller = e["caller"], callee = e["callee"];
    if (!ids.count(caller) && !ids.count(callee)) continue;
    std::set<int> lines;
    for (const char* sites : {"observed_sites", "static_sites"})
      if (e.contains(sites) && e[sites].is_array())
        for (const json& s : e[sites])
          if (s.is_object() && s.contains("line") && s["line"].is_number_integer()) lines.insert(s["line"].get<int>());
    std::string status = e.value("status", std::string("static_only"));
    int code = status == "both" ? 0 : status == "observed_only" ? 1 : 2;
    edges.push_back({index_of(caller), index_of(callee), code, count(e, "observed"), lines});
  }
  const json& meta = trace["meta"];
  return {{"meta", meta}, {"functions", functions}, {"outside", outside}, {"edges", edges}};
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

// JSON inside <script>: every "<" written as \u003c (JSON has "<" only inside strings), so no
// text of the traced code ("</script>", "<!--<script>", which switches the HTML parser into a
// state where the element no longer ends) can change how the page parses.
std::string json_script_safe(const std::string& json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (char c : json_text) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

// Our own script inside <script>: "</" would end the element early.
std::string script_safe(std::string text) {
  for (size_t at = text.find("</"); at != std::string::npos; at = text.find("</", at + 3)) text.replace(at, 2, "<\\/");
  return text;
}

}  // namespace

void write_report_html(const json& trace, const ReportSource* source, std::ostream& out) {
  json data = page_data(trace, source);
  const json& meta = trace["meta"];
  std::string command;
  if (meta.contains("command") && meta["command"].is_array())
    for (const json& part : meta["command"]) command += (command.empty() ? "" : " ") + (part.is_string() ? part.get<std::string>() : part.dump());
  std::string summary = command + " \u00b7 Python " + meta.value("python_version", std::string("?")) + " \u00b7 " +
                        meta.value("hook_backend", std::string("?")) + " \u00b7 ended: " + meta.value("ended", std::string("?")) +
                        " (exit code " + std::to_string(meta.value("exit_code", 0)) + ")";
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
      << "<title>codetrace report: " << html_escape(meta.value("root", std::string())) << "</title>\n<style>\n"
      << report_assets::kCss << "</style>\n</head>\n<body>\n"
      << "<header><h1>codetrace report</h1><span class=\"meta\">" << html_escape(summary) << "</span>"
      << "<span class=\"legend\"><span><i style=\"border-color:" << kBoth << "\"></i>static and observed</span>"
      << "<span><i style=\"border-color:" << kObservedOnly << "\"></i>observed only</span>"
      << "<span><i style=\"border-color:" << kStaticOnly << ";border-top-style:dashed\"></i>static only (never ran)</span>"
      << "<span class=\"muted\">width: observed calls</span></span>"
      << "<span class=\"toggles\"><label><input type=\"checkbox\" id=\"ran-only\"> hide never-ran</label>"
      << "<label><input type=\"checkbox\" id=\"observed-only\"> observed edges only</label>"
      << "<label><input type=\"checkbox\" id=\"focus\"> selection's neighbourhood only</label></span>"
      << "<span id=\"counts\" class=\"muted\"></span><button id=\"fit\">Fit</button><button id=\"expand\">Expand all</button>"
      << "<button id=\"collapse\">Fold modules</button></header>\n"
      << "<nav id=\"side\"><input type=\"search\" id=\"search\" placeholder=\"Search functions (Enter: open the first)\">"
      << "<div id=\"results\"></div><div id=\"modules\"></div></nav>\n"
      << "<main id=\"canvas\"><svg xmlns=\"http://www.w3.org/2000/svg\"></svg></main>\n"
      << "<aside id=\"panel\"></aside>\n"
      << "<script type=\"application/json\" id=\"codetrace-data\">" << json_script_safe(data.dump(-1, ' ', false, json::error_handler_t::replace))
      << "</script>\n<script>\n" << script_safe(report_assets::kJs) << "</script>\n</body>\n</html>\n";
}

void write_report_dot(const json& trace, const ReportSource* source, std::ostream& out) {
  json data = page_data(trace, source);
  out << "digraph codetrace {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\", fontsize=10];\n";
  std::map<std::string, std::vector<const json*>> by_module;
  for (const json& f : data["functions"]) by_module[f["module"].get<std::string>()].push_back(&f);
  int cluster = 0;
  for (const auto& [module, fs] : by_module) {
    out << "  subgraph cluster_" << cluster++ << " {\n    label=" << dot_quoted(module) << ";\n    style=dashed;\n    color=grey60;\n";
    for (const json* f : fs)
      out << "    " << dot_quoted((*f)["id"]) << " [label=" << dot_quoted((*f)["short"]) << ", fillcolor=\""
          << ((*f)["calls"].get<long long>() > 0 ? "#ddf4ff" : "white") << "\"];\n";
    out << "  }\n";
  }
  const json& functions = data["functions"];
  auto name = [&](std::size_t i) -> std::string {
    return i < functions.size() ? functions[i]["id"].get<std::string>() : data["outside"][i - functions.size()].get<std::string>();
  };
  for (const json& id : data["outside"]) out << "  " << dot_quoted(id.get<std::string>()) << " [fillcolor=\"#f6f8fa\", color=grey60, fontcolor=grey30];\n";
  for (const json& e : data["edges"]) {
    int status = e[2];
    long long n = e[3];
    out << "  " << dot_quoted(name(e[0])) << " -> " << dot_quoted(name(e[1])) << " [";
    if (status == 2) out << "color=\"" << kStaticOnly << "\", style=dashed";
    else out << "color=\"" << (status == 0 ? kBoth : kObservedOnly) << "\", penwidth=" << 1 + std::log2(1.0 + static_cast<double>(n))
             << ", label=\"" << n << "\", fontcolor=\"" << (status == 0 ? kBoth : kObservedOnly) << "\"";
    out << "];\n";
  }
  out << "  subgraph cluster_legend {\n    label=\"legend\";\n    style=solid;\n    color=grey80;\n"
      << "    legend_a [label=\"caller\"]; legend_b [label=\"callee\"]; legend_c [label=\"caller\"]; legend_d [label=\"callee\"]; legend_e [label=\"caller\"]; legend_f [label=\"callee\"];\n"
      << "    legend_a -> legend_b [color=\"" << kBoth << "\", label=\"static and observed\", fontcolor=\"" << kBoth << "\"];\n"
      << "    legend_c -> legend_d [color=\"" << kObservedOnly << "\", label=\"observed only\", fontcolor=\"" << kObservedOnly << "\"];\n"
      << "    legend_e -> legend_f [color=\"" << kStaticOnly << "\", style=dashed, label=\"static only\"];\n  }\n}\n";
}

}  // namespace codetrace
