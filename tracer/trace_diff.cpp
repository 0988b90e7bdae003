#include "tracer/trace_diff.hpp"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace codetrace {

namespace {

TraceDiff diff_document(const nlohmann::json& doc, const std::string& name) {
  if (doc.at("meta").value("static", true) == false)
    throw Error(name + " was recorded with --no-static: there is no static graph to compare with");
  std::map<std::string, std::string> file_of;  // function id -> file
  for (const auto& f : doc.at("functions")) file_of[f.value("id", "")] = f.value("file", "");
  TraceDiff diff;
  std::map<std::string, ModuleDiff> modules;
  for (const auto& e : doc.at("edges")) {
    if (e.value("boundary", false)) {
      ++diff.boundary;
      continue;
    }
    std::string status = e.value("status", "");
    DiffEdge d{e.value("caller", ""), e.value("callee", ""), {}, e.value("observed", 0LL)};
    ModuleDiff& m = modules[file_of.count(d.caller) ? file_of[d.caller] : "?"];
    if (status == "both") {
      ++diff.both;
      ++m.both;
    } else if (status == "observed_only") {
      ++diff.observed_only;
      ++m.observed_only;
      for (const auto& s : e.value("observed_sites", nlohmann::json::array())) d.lines.push_back(s.value("line", 0));
      diff.missed.push_back(std::move(d));
    } else if (status == "static_only") {
      ++diff.static_only;
      ++m.static_only;
      for (const auto& s : e.value("static_sites", nlohmann::json::array())) d.lines.push_back(s.value("line", 0));
      diff.never_ran.push_back(std::move(d));
    }
  }
  for (auto& [file, m] : modules) {
    m.module = file;
    diff.modules.push_back(m);
  }
  return diff;
}

}  // namespace

TraceDiff diff_trace(const nlohmann::json& doc, const std::string& name) {
  try {
    return diff_document(doc, name);
  } catch (const nlohmann::json::exception& e) {  // a field of the wrong type
    throw Error(name + " is not a trace codetrace can read: " + e.what());
  }
}


namespace {

std::string lines_text(const std::vector<int>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size() && i < 8; ++i) out += (i ? "," : "") + std::to_string(lines[i]);
  if (lines.size() > 8) out += ",...";
  return out;
}

std::string percent(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * x);
  return buf;
}

}  // namespace

void write_diff_text(const TraceDiff& d, std::ostream& out) {
  out << "static graph vs observed run (edges inside the root; " << d.boundary << " boundary edges left out)\n";
  out << "  both: " << d.both << "   observed only (static missed): " << d.observed_only
      << "   static only (never ran): " << d.static_only << "\n";
  out << "  recall of the static graph on what ran: " << percent(d.recall()) << "\n";
  out << "  static edges exercised by this run: " << percent(d.exercised()) << "\n\n";
  out << "per module (caller's file)           both  missed  never-ran\n";
  for (const ModuleDiff& m : d.modules) {
    char row[256];
    std::snprintf(row, sizeof row, "  %-34s %5d  %6d  %9d\n", m.module.c_str(), m.both, m.observed_only, m.static_only);
    out << row;
  }
  out << "\nmissed by the static graph (ran, not predicted):\n";
  if (d.missed.empty()) out << "  (none)\n";
  for (const DiffEdge& e : d.missed)
    out << "  " << e.caller << " -> " << e.callee << "  x" << e.observed << "  line " << lines_text(e.lines) << "\n";
  out << "\nnever ran (predicted, not observed):\n";
  if (d.never_ran.empty()) out << "  (none)\n";
  for (const DiffEdge& e : d.never_ran) out << "  " << e.caller << " -> " << e.callee << "  line " << lines_text(e.lines) << "\n";
}

void write_diff_json(const TraceDiff& d, std::ostream& out) {
  nlohmann::ordered_json j;
  j["both"] = d.both;
  j["observed_only"] = d.observed_only;
  j["static_only"] = d.static_only;
  j["boundary"] = d.boundary;
  j["recall"] = d.recall();
  j["exercised"] = d.exercised();
  auto edges = [](const std::vector<DiffEdge>& list) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const DiffEdge& e : list) a.push_back({{"caller", e.caller}, {"callee", e.callee}, {"observed", e.observed}, {"lines", e.lines}});
    return a;
  };
  j["missed"] = edges(d.missed);
  j["never_ran"] = edges(d.never_ran);
  nlohmann::ordered_json mods = nlohmann::ordered_json::array();
  for (const ModuleDiff& m : d.modules)
    mods.push_back({{"module", m.module}, {"both", m.both}, {"observed_only", m.observed_only}, {"static_only", m.static_only}});
  j["modules"] = std::move(mods);
  out << j.dump(1) << "\n";
}

}  // namespace codetrace
