#pragma once
// An observed call (`codetrace run --values`) written back as Python a reader can run: the
// expression that, evaluated in the namespace of the function's module, makes the same call.
//
//   textwrap.wrap(text='The quick brown fox', width=8, kwargs={})  ->  wrap('The quick brown fox', 8)
//   fractions.Fraction.limit_denominator(self=Fraction(1, 3), max_denominator=10)
//                                                                  ->  Fraction(1, 3).limit_denominator(10)
//   fractions.Fraction.__add__(a=Fraction(1, 2), b=Fraction(1, 3))  ->  Fraction(1, 2) + Fraction(1, 3)
//   fractions.Fraction.numerator(a=Fraction(3, 4)) (a property)     ->  Fraction(3, 4).numerator
//
// Arguments go in the signature's order: positional while they can be, `*args` and `**kwargs`
// spread as the call passed them, and an argument equal (as written) to its default left out.
// Nothing is guessed: a value whose repr cannot be evaluated back (an object's address, a cut or
// failed repr, a name the module does not bind), a method whose receiver is not such a value, a
// function nested in another (not reachable from the module), an overload stub: no expression.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "static/module_model.hpp"

namespace codetrace {

// A value a question can show: not an object's address, not cut short, not redacted, one line.
bool showable_value(const std::string& repr);

// What a repr is, read from its tokens (no Python is needed).
enum class ValueForm {
  Unusable,     // not Python that evaluates back: `<object at 0x..>`, `nan`, cut short, redacted
  Literal,      // what ast.literal_eval accepts: numbers, strings, bytes, True/False/None, containers of them
  Constructor,  // also calls of names the module binds or builtins: `Fraction(1, 3)`, `Decimal('1.5')`, `set()`
};
// `names`: the module's top-level names; `builtins`: the builtins' names (either may be null).
ValueForm value_form(std::string_view repr, const std::vector<std::string>* names, const std::set<std::string>* builtins);

// The parts of a container's repr, split at its top-level commas: "('a', (1, 2))" -> "'a'", "(1, 2)".
// For a dict, each part is "key: value". nullopt when `repr` is not one container.
std::optional<std::vector<std::string>> container_items(std::string_view repr);

// A float with more than 6 significant digits in a repr (`17.07825127659933`): a result no reader
// can work back to the arguments from.
bool has_long_float(std::string_view repr);

struct RenderedCall {
  std::string expression;  // evaluated in the module's namespace, it makes the call
  std::string callee;      // the part before the arguments: "wrap", "Fraction(1, 3).limit_denominator"
  std::string arguments;   // what goes between its parentheses ("" for an operator or a property)
  bool plain_call = false; // expression == callee + "(" + arguments + ")" (not an operator, not a property)
  bool literal_arguments = false;  // every argument is a literal (ValueForm::Literal)
  std::vector<std::string> values;  // every repr it uses (the receiver's too), each to evaluate back
};

// One observed call of `s` (arguments by parameter name, as reprs) as Python, or nullopt.
std::optional<RenderedCall> render_observed_call(const ModuleModel& m, const Symbol& s,
                                                 const std::vector<std::pair<std::string, std::string>>& args,
                                                 const std::set<std::string>* builtins);

// Why a call of `s` may not be repeatable from its arguments alone ("" when nothing says so):
// its own code names the clock, chance, the environment or I/O (`time`, `random`, `os`, `open`,
// `input`, ...), declares `global`, or uses a module-level name that some function of the module
// assigns with `global` or changes in place (`written`: globals_written(m)).
std::string nondeterminism(const ModuleModel& m, const Symbol& s, const std::set<std::string>& written);
// Every name a piece of code uses, bare or as an attribute (strings and comments skipped).
std::set<std::string> identifiers_in(std::string_view code);
// The module-level names its functions assign (`global NAME`) or change in place
// (`NAME.append(x)`, `NAME[k] = v`, `NAME.attr = v`; imported names aside).
std::set<std::string> globals_written(const ModuleModel& m);

}  // namespace codetrace
