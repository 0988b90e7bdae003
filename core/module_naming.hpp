#pragma once
// One rule for the dotted name of a Python file, used wherever a path becomes a module name
// (the static model, the trace's naming of what ran): the name starts at the outermost package
// above the file (a folder with __init__.py; the root itself when it is one, as `root_prefix`)
// and takes every folder below it, namespace portions without __init__.py included
// (flask/sansio/app.py in package flask is flask.sansio.app). A file with no package above it is
// named by its stem, as when it runs as a script from its folder.
#include <functional>
#include <string>

namespace codetrace {

// `relative_path`: '/'-separated, under the root; `is_package(dir)` for a folder relative to the
// root ("" is the root).
std::string dotted_module_name(const std::string& relative_path, const std::function<bool(const std::string&)>& is_package,
                               const std::string& root_prefix);

}  // namespace codetrace
