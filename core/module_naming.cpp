#include "core/module_naming.hpp"

#include <vector>

#include "core/text.hpp"

namespace codetrace {

std::string dotted_module_name(const std::string& relative_path, const std::function<bool(const std::string&)>& is_package,
                               const std::string& root_prefix) {
  std::string path = relative_path;
  if (ends_with(path, ".py")) path.resize(path.size() - 3);
  else if (ends_with(path, ".pyi")) path.resize(path.size() - 4);
  std::vector<std::string> folders;
  size_t start = 0;
  for (size_t slash; (slash = path.find('/', start)) != std::string::npos; start = slash + 1) folders.push_back(path.substr(start, slash - start));
  std::string name = path.substr(start);
  // The outermost package among the root ("") and the folders above the file.
  std::string dir;
  int first = is_package("") ? -1 : static_cast<int>(folders.size());
  for (size_t i = 0; i < folders.size() && first == static_cast<int>(folders.size()); ++i) {
    dir += (i ? "/" : "") + folders[i];
    if (is_package(dir)) first = static_cast<int>(i);
  }
  if (first == static_cast<int>(folders.size())) return name;  // no package above: a script's name
  std::vector<std::string> parts;
  if (first < 0 && !root_prefix.empty()) parts.push_back(root_prefix);
  for (size_t i = static_cast<size_t>(std::max(first, 0)); i < folders.size(); ++i) parts.push_back(folders[i]);
  if (name != "__init__") parts.push_back(name);
  if (parts.empty()) parts.push_back(name);  // the root's own __init__.py with no prefix
  return join(parts, ".");
}

std::string anonymous_scope_name(std::string_view label, int line, int col) {
  return "<" + std::string(label) + "@" + std::to_string(line) + (col >= 0 ? ":" + std::to_string(col) : "") + ">";
}

std::string_view anonymous_scope_label(std::string_view code_name) {
  for (std::string_view label : {"lambda", "listcomp", "setcomp", "dictcomp", "genexpr"})
    if (code_name.size() == label.size() + 2 && code_name.front() == '<' && code_name.back() == '>' &&
        code_name.substr(1, label.size()) == label)
      return label;
  return {};
}

}  // namespace codetrace
