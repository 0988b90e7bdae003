#include "static/syntax_tree.hpp"

#include <algorithm>
#include <cstring>

namespace codetrace {

const char* node_kind_name(NodeKind kind) {
  static const char* const names[] = {
#define CODETRACE_NAME_ITEM(name) #name,
      CODETRACE_NODE_KINDS(CODETRACE_NAME_ITEM)
#undef CODETRACE_NAME_ITEM
      "Unknown"};
  return names[static_cast<size_t>(kind)];
}

const char* field_name(Field field) {
  static const char* const names[] = {
#define CODETRACE_NAME_ITEM(name) #name,
      CODETRACE_FIELDS(CODETRACE_NAME_ITEM)
#undef CODETRACE_NAME_ITEM
      "other"};
  return names[static_cast<size_t>(field)];
}

std::string_view StringArena::store(std::string_view text) {
  if (text.empty()) return {};
  if (used_ + text.size() > capacity_) {
    capacity_ = std::max<size_t>(64 * 1024, text.size());
    blocks_.push_back(std::make_unique<char[]>(capacity_));
    used_ = 0;
  }
  char* dest = blocks_.back().get() + used_;
  std::memcpy(dest, text.data(), text.size());
  used_ += text.size();
  return {dest, text.size()};
}

std::vector<NodeId> SyntaxTree::kids(NodeId id, Field field) const {
  std::vector<NodeId> out;
  for (const ChildRef* c = begin_children(id); c != end_children(id); ++c)
    if (c->field == field) out.push_back(c->node);
  return out;
}

NodeId SyntaxTree::kid(NodeId id, Field field) const {
  for (const ChildRef* c = begin_children(id); c != end_children(id); ++c)
    if (c->field == field) return c->node;
  return kNoNode;
}

}  // namespace codetrace
