#pragma once
// `codetrace diff`: what the static graph missed (edges that ran but were not predicted), what
// never ran (predicted edges not observed), per module, and the static graph's recall against
// what was observed. Reads an annotated trace (docs/trace-format.md).
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace codetrace {

// Why the static graph missed a call at one line: the call as written there and the analyser's
// reason (from the trace's `static_unresolved`), and the line's source text.
struct MissedSite {
  int line = 0;
  std::string source;                 // the line as the file has it now, trimmed ("" if unreadable)
  std::string expression, reason;     // "" when the analyser resolved that site to other callees
};

struct DiffEdge {
  std::string caller, callee;
  std::vector<int> lines;  // observed call-site lines (missed edges) or static ones (never ran)
  long long observed = 0;
  std::vector<MissedSite> sites;  // missed edges: each observed line, explained
};

struct ModuleDiff {
  std::string module;  // the caller's file
  int both = 0, static_only = 0, observed_only = 0;
};

struct TraceDiff {
  int both = 0, static_only = 0, observed_only = 0, boundary = 0;
  std::vector<DiffEdge> missed;      // observed_only, inside the root
  std::vector<DiffEdge> never_ran;   // static_only, inside the root
  std::vector<ModuleDiff> modules;
  std::vector<std::string> never_called;  // functions of the root that the static graph knows and that never ran
  double recall() const { return both + observed_only ? double(both) / (both + observed_only) : 1.0; }
  double exercised() const { return both + static_only ? double(both) / (both + static_only) : 0.0; }
};

// `trace`: a document read_trace_document accepted. The missed edges' source lines are read from
// `root` (the trace's own root when empty), when it is still there. Throws Error naming `name` when a field has
// the wrong type.
TraceDiff diff_trace(const nlohmann::json& trace, const std::string& name, const std::string& root = "");
void write_diff_text(const TraceDiff& diff, std::ostream& out);
void write_diff_json(const TraceDiff& diff, std::ostream& out);

}  // namespace codetrace
