#pragma once
// Q&A drawn from what a run observed (`codetrace qa --trace trace.json`), answer_source "trace":
//   predict_output   What does `tax(56.07, 'DE')` return?            10.65
//   predict_input    Which arguments in place of `??` make `tax(??)` return `10.65`?   tax(56.07, 'DE')
//   observed_raise   What happens when `Cart(3).apply_discount('XMAS')` runs?   It raises `ValueError: ...`.
//   observed_calls   Which functions run when `main.main` is called?
//   call_sequence    When `checkout(Cart([...]))` runs, which of the project's functions does
//                    `checkout` call directly, in order?   1. `shop.cart.Cart.total` ...
// A call is written as Python that evaluated in the function's module makes it again
// (observed_call.hpp); the record's `call` says where the traced run made it.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/qa_pair.hpp"
#include "static/module_model.hpp"
#include "static/qa/qa_generator.hpp"

namespace codetrace {

struct TraceFacts {
  struct Call {
    std::vector<std::pair<std::string, std::string>> args;  // (parameter name, repr)
    std::string result, raised;                             // repr of the result, or "Type: message"
    bool returned = false;
    std::string caller;
    int call_line = 0;
    std::optional<std::vector<std::string>> callees;  // from a call dataset: what it called directly, in order
  };
  std::map<std::string, std::vector<Call>> calls;            // function id -> observed calls with values
  std::map<std::string, std::set<std::string>> callees;      // observed edges between functions of the root
  std::map<std::string, std::string> files;                  // function id -> file relative to the root
  std::set<std::string> in_scope;                            // functions a call dataset has records of
};

// Reads annotated traces (codetrace run -o) and call datasets (run --dataset) into one. Throws
// Error naming a file that is not one.
TraceFacts read_trace_facts(const std::vector<std::string>& traces, const std::vector<std::string>& call_datasets = {});

// The observed pairs about the functions and methods of `module`, in source order.
std::vector<QaPair> generate_trace_qa(const ModuleModel& module, const TraceFacts& trace, const QaContext& context,
                                      const QaOptions& options);

}  // namespace codetrace
