// One edge per call site, as CSV (RFC 4180 quoting): caller,callee,file,line,col,guess.
#include "static/graph/graph_writers.hpp"

namespace codetrace {
namespace {

std::string csv_field(const std::string& text) {
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
      out << csv_field(e.caller) << ',' << csv_field(e.callee) << ',' << csv_field(s.file) << ',' << s.line << ','
          << s.col << ',' << (e.guess ? 1 : 0) << '\n';
}

}  // namespace codetrace
