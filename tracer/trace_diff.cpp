#include "tracer/trace_diff.hpp"

#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/text.hpp"

namespace codetrace {

namespace {

// Line `line` of a file under the root, trimmed; "" when it cannot be read. The file names come
// from the trace, so only relative paths inside the root are read, bounded.
std::string source_line(const std::string& root, const std::string& file, int line,
                        std::map<std::string, std::vector<std::string>>& cache) {
  if (root.empty() || file.empty() || file[0] == '/' || file[0] == '<' || file.find("..") != std::string::npos || line <= 0) return "";
  auto it = cache.find(file);
  if (it == cache.end()) {
    std::vector<std::string> lines;
    std::string error;
    if (std::optional<std::string> text = read_regular_file(root + "/" + file, error, ReadOptions{kMaxSourceBytes})) {
      std::istringstream in(*text);
      for (std::string l; std::getline(in, l);) lines.push_back(l);
    }
    it = cache.emplace(file, std::move(lines)).first;
  }
  if (static_cast<size_t>(line) > it->second.size()) return "";
  return std::string(trim(it->second[static_cast<size_t>(line) - 1]));
}

TraceDiff diff_document(const nlohmann::json& doc, const std::string& name, std::string root) {
  if (root.empty() && doc.at("meta").contains("root") && doc.at("meta")["root"].is_string()) root = doc.at("meta")["root"];
  std::map<std::string, std::vector<std::string>> files;
  if (doc.at("meta").value("static", true) == false)
    throw Error(name + " was recorded with --no-static: there is no static graph to compare with");
  std::map<std::string, std::string> file_of;  // function id -> file
  TraceDiff diff;
  for (const auto& f : doc.at("functions")) {
    file_of[f.value("id", "")] = f.value("file", "");
    std::string kind = f.value("kind", "");
    bool ran = f.contains("observed") && f["observed"].is_object() && f["observed"].value("calls", 0LL) > 0;
    if (f.value("static", false) && !ran && kind != "module" && kind != "class" && kind != "comprehension")
      diff.never_called.push_back(f.value("id", ""));
  }
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
      for (const auto& s : e.value("observed_sites", nlohmann::json::array())) {
        MissedSite site;
        site.line = s.value("line", 0);
        site.source = source_line(root, file_of[d.caller], site.line, files);
        for (const auto& u : e.value("static_unresolved", nlohmann::json::array()))
          if (u.value("line", 0) == site.line) {
            site.expression = u.value("expression", "");
            site.reason = u.value("reason", "");
            break;
          }
        d.lines.push_back(site.line);
        d.sites.push_back(std::move(site));
      }
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

TraceDiff diff_trace(const nlohmann::json& doc, const std::string& name, const std::string& root) {
  try {
    return diff_document(doc, name, root);
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
  for (const DiffEdge& e : d.missed) {
    out << "  " << e.caller << " -> " << e.callee << "  x" << e.observed << "\n";
    for (const MissedSite& s : e.sites) {
      out << "      line " << s.line;
      if (!s.source.empty()) out << ": " << s.source;
      out << "\n";
      if (!s.reason.empty()) out << "        static: `" << s.expression << "` unresolved: " << s.reason << "\n";
      else out << "        static: the call there was resolved to other callees, or not seen as a call\n";
    }
  }
  out << "\nnever ran (predicted, not observed):\n";
  if (d.never_ran.empty()) out << "  (none)\n";
  for (const DiffEdge& e : d.never_ran) out << "  " << e.caller << " -> " << e.callee << "  line " << lines_text(e.lines) << "\n";
  out << "\nfunctions that never ran (" << d.never_called.size() << "):\n";
  if (d.never_called.empty()) out << "  (none)\n";
  for (const std::string& id : d.never_called) out << "  " << id << "\n";
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
    for (const DiffEdge& e : list) {
      nlohmann::ordered_json edge = {{"caller", e.caller}, {"callee", e.callee}, {"observed", e.observed}, {"lines", e.lines}};
      if (!e.sites.empty()) {
        nlohmann::ordered_json sites = nlohmann::ordered_json::array();
        for (const MissedSite& s : e.sites) {
          nlohmann::ordered_json site = {{"line", s.line}, {"source", s.source}};
          if (!s.reason.empty()) site["expression"] = s.expression, site["reason"] = s.reason;
          sites.push_back(std::move(site));
        }
        edge["sites"] = std::move(sites);
      }
      a.push_back(std::move(edge));
    }
    return a;
  };
  j["missed"] = edges(d.missed);
  j["never_ran"] = edges(d.never_ran);
  nlohmann::ordered_json mods = nlohmann::ordered_json::array();
  for (const ModuleDiff& m : d.modules)
    mods.push_back({{"module", m.module}, {"both", m.both}, {"observed_only", m.observed_only}, {"static_only", m.static_only}});
  j["modules"] = std::move(mods);
  j["never_called"] = d.never_called;
  out << j.dump(1) << "\n";
}

}  // namespace codetrace
