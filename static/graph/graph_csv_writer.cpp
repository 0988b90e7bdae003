// One edge per call site, as CSV (RFC 4180 quoting): caller,callee,file,line,col,guess. Cells that
// would start a spreadsheet formula are prefixed with an apostrophe.
#include "static/graph/graph_writers.hpp"

namespace codetrace {
namespace {

// A cell a spreadsheet would take for a formula (=, +, -, @ first: a file named "=cmd|...py")
// starts with an apostrophe, which spreadsheets show as text.
std::string csv_field(const std::string& given) {
  bool formula = !given.empty() && std::string("=+-@\t\r").find(given[0]) != std::string::npos;
  std::string text = formula ? "'" + given : given;
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void write_graph_csv(const CallGraph& g, std::ostream& out) {
  out << "caller,callee,file,line,col,guess\n";
  for (const GraphEdge& e : g.edges)
    for (const CallSiteRef& s : e.sites)
      out << csv_field(e.caller) << ',' << csv_field(e.callee) << ',' << csv_field(s.file.str()) << ',' << s.line << ','
          << s.col << ',' << (e.guess ? 1 : 0) << '\n';
}

}  // namespace codetrace
