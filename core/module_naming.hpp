#pragma once
// One rule for each name the static analysis and the trace must agree on, so that observed calls
// meet the static ones: the dotted name of a Python file, and the name of a scope Python does
// not name (a lambda, a comprehension).
//
// A file's module name, used wherever a path becomes one (the static model, the trace's naming
// of what ran, the report): the name starts at the outermost package
// above the file (a folder with __init__.py; the root itself when it is one, as `root_prefix`)
// and takes every folder below it, namespace portions without __init__.py included
// (flask/sansio/app.py in package flask is flask.sansio.app). A file with no package above it is
// named by its stem, as when it runs as a script from its folder.
#include <functional>
#include <string>
#include <string_view>

namespace codetrace {

// `relative_path`: '/'-separated, under the root; `is_package(dir)` for a folder relative to the
// root ("" is the root).
std::string dotted_module_name(const std::string& relative_path, const std::function<bool(const std::string&)>& is_package,
                               const std::string& root_prefix);

// A lambda's or comprehension's name: its label and the line it starts on, "<lambda@12>"; with
// `col` (for a second one on the same line, which the static analysis can tell apart)
// "<lambda@12:8>".
std::string anonymous_scope_name(std::string_view label, int line, int col = -1);
// The label when a code object's name is such a scope's ("<lambda>" -> "lambda",
// "<genexpr>" -> "genexpr"), else empty.
std::string_view anonymous_scope_label(std::string_view code_name);

}  // namespace codetrace
