#pragma once
// Q&A drawn from what a run observed (`codetrace qa --trace trace.json`), answer_source "trace":
//   observed_return  What does `shop.pricing.tax.tax(amount=56.07, country='DE')` return?
//   observed_raise   What happens when `...Cart.apply_discount(code='XMAS')` is called?
//   observed_calls   Which functions run when `main.main` is called?
// Answers name where the observed call came from (caller, file and line).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/qa_pair.hpp"
#include "static/module_model.hpp"
#include "static/qa/qa_generator.hpp"

namespace codetrace {

struct TraceFacts {
  struct Call {
    std::vector<std::pair<std::string, std::string>> args;  // (name, repr) in order
    std::string result, raised;                             // repr of the result, or "Type: message"
    bool returned = false;
    std::string caller;
    int call_line = 0;
  };
  std::map<std::string, std::vector<Call>> calls;            // function id -> observed calls with values
  std::map<std::string, std::set<std::string>> callees;      // observed edges between functions of the root
  std::map<std::string, std::string> files;                  // function id -> file relative to the root
};

// Reads an annotated trace (codetrace run -o). Throws Error naming the file when it is not one.
TraceFacts read_trace_facts(const std::string& path);

// The observed pairs about the functions and methods of `module`, in source order.
std::vector<QaPair> generate_trace_qa(const ModuleModel& module, const TraceFacts& trace, const QaContext& context,
                                      const QaOptions& options);

}  // namespace codetrace
