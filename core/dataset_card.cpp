#include "core/dataset_card.hpp"

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "build_info.hpp"
#include "core/file_read.hpp"
#include "core/hash.hpp"

namespace codetrace {
namespace {

// A YAML double-quoted scalar.
std::string yaml(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string size_category(std::size_t n) {
  if (n < 1000) return "n<1K";
  if (n < 10000) return "1K<n<10K";
  if (n < 100000) return "10K<n<100K";
  if (n < 1000000) return "100K<n<1M";
  return "1M<n<10M";
}

}  // namespace

std::vector<std::string> rank_by_path_hash(const std::vector<std::string>& paths) {
  std::vector<std::string> files(paths.begin(), paths.end());
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
    std::uint64_t ha = fnv1a64(a), hb = fnv1a64(b);
    return ha != hb ? ha < hb : a < b;
  });
  return files;
}

std::string relative_to_card(const std::string& card, const std::string& file) {
  size_t slash = card.rfind('/');
  std::string folder = slash == std::string::npos ? "" : card.substr(0, slash + 1);
  if (!folder.empty() && file.compare(0, folder.size(), folder) == 0) return file.substr(folder.size());
  return file;
}

std::map<std::string, std::string> split_by_module(const std::vector<std::string>& paths) {
  std::vector<std::string> files = rank_by_path_hash(paths);
  std::size_t tenth = files.size() >= 3 ? std::max<std::size_t>(1, files.size() / 10) : 0;
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < files.size(); ++i) out[files[i]] = i < tenth ? "test" : i < 2 * tenth ? "validation" : "train";
  return out;
}

std::string split_file_name(const std::string& output, const std::string& split) {
  const std::string ext = ".jsonl";
  bool has = output.size() > ext.size() && output.compare(output.size() - ext.size(), ext.size(), ext) == 0;
  return (has ? output.substr(0, output.size() - ext.size()) : output) + "." + split + ".jsonl";
}

std::string detect_license(const std::string& root) {
  DIR* dir = opendir(root.c_str());
  if (!dir) return "unknown";
  std::vector<std::string> candidates;
  while (dirent* e = readdir(dir)) {
    std::string name = e->d_name, upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (upper.rfind("LICENSE", 0) == 0 || upper.rfind("LICENCE", 0) == 0 || upper.rfind("COPYING", 0) == 0) candidates.push_back(name);
  }
  closedir(dir);
  std::sort(candidates.begin(), candidates.end());
  for (const std::string& name : candidates) {
    // A LICENSE that is a FIFO, a device or a link to /dev/zero is not read; nor are huge ones.
    std::string error;
    std::optional<std::string> text = read_regular_file(root + "/" + name, error, ReadOptions{kMiB});
    if (!text) continue;
    const std::string& t = *text;
    auto has = [&](const char* s) { return t.find(s) != std::string::npos; };
    if (has("MIT License") || has("Permission is hereby granted, free of charge")) return "mit";
    if (has("Apache License") && has("Version 2.0")) return "apache-2.0";
    if (has("GNU LESSER GENERAL PUBLIC LICENSE")) return has("Version 3") ? "lgpl-3.0" : "lgpl-2.1";
    if (has("GNU AFFERO GENERAL PUBLIC LICENSE")) return "agpl-3.0";
    if (has("GNU GENERAL PUBLIC LICENSE")) return has("Version 3") ? "gpl-3.0" : "gpl-2.0";
    if (has("Mozilla Public License") && has("2.0")) return "mpl-2.0";
    if (has("Redistribution and use in source and binary forms")) return has("Neither the name") ? "bsd-3-clause" : "bsd-2-clause";
    if (has("This is free and unencumbered software released into the public domain")) return "unlicense";
    return "other";
  }
  return "unknown";
}

void write_dataset_card(const DatasetCard& card, std::ostream& out) {
  std::size_t total = 0;
  for (const CardSplit& s : card.splits) total += s.records;
  out << "---\n";
  out << "license: " << (card.license.empty() ? "unknown" : card.license) << "\n";
  out << "language:\n- en\n";
  out << "tags:\n- code\n- python\n- codetrace\n";
  out << "task_categories:\n- " << card.task << "\n";
  out << "pretty_name: " << yaml(card.pretty_name) << "\n";
  out << "size_categories:\n- " << size_category(total) << "\n";
  out << "configs:\n- config_name: default\n  data_files:\n";
  for (const CardSplit& s : card.splits) out << "  - split: " << s.name << "\n    path: " << yaml(s.file) << "\n";
  out << "dataset_info:\n";
  // The Hub casts the data to these features, so they are given only when every field has one
  // plain type (chat messages, metadata objects and argument maps do not).
  bool plain = std::all_of(card.features.begin(), card.features.end(), [](const CardFeature& f) {
    return f.dtype == "string" || f.dtype == "int64" || f.dtype == "bool" || f.dtype == "list of strings";
  });
  if (plain) {
    out << "  features:\n";
    for (const CardFeature& f : card.features) {
      out << "  - name: " << f.name << "\n";
      out << (f.dtype == "list of strings" ? "    sequence: string\n" : "    dtype: " + f.dtype + "\n");
    }
  }
  out << "  splits:\n";
  for (const CardSplit& s : card.splits) out << "  - name: " << s.name << "\n    num_examples: " << s.records << "\n";
  out << "source_repo: " << yaml(card.repo) << "\n";
  out << "source_commit: " << (card.commit.empty() ? "null" : yaml(card.commit)) << "\n";
  out << "generator: " << yaml(std::string("codetrace ") + build_info::version) << "\n";
  out << "---\n\n";
  out << "# " << card.pretty_name << "\n\n" << card.summary << "\n\n";
  out << "- Source: `" << card.repo << "`" << (card.commit.empty() ? "" : " at commit `" + card.commit + "`") << "\n";
  out << "- Generator: codetrace " << build_info::version << "\n";
  out << "- License of the source: " << (card.license.empty() ? "unknown" : card.license) << "\n\n";
  out << "## Splits\n\n| split | file | records |\n|---|---|---|\n";
  for (const CardSplit& s : card.splits) out << "| " << s.name << " | `" << s.file << "` | " << s.records << " |\n";
  out << "\n## Fields\n\n| field | type | meaning |\n|---|---|---|\n";
  for (const CardFeature& f : card.features) out << "| `" << f.name << "` | " << f.dtype << " | " << f.description << " |\n";
  if (!card.notes.empty()) {
    out << "\n## How it was made\n\n";
    for (const std::string& n : card.notes) out << "- " << n << "\n";
  }
}

std::vector<CardFeature> qa_card_features(const std::string& format) {
  const std::vector<CardFeature> location = {
      {"repo", "string", "the source repository (URL or folder name)"},
      {"commit", "string", "the source commit, null outside git"},
      {"path", "string", "the file, relative to the repository root"},
      {"symbol", "string", "the qualified name the question is about"},
      {"symbol_kind", "string", "module, class, function or method"},
      {"start_line", "int64", "first line of the symbol (its first decorator)"},
      {"end_line", "int64", "last line of the symbol"},
  };
  if (format == "chat")
    return {{"id", "string", "stable id of the pair"},
            {"messages", "list of messages", "the user question (with the code in a fenced block) and the assistant answer"},
            {"metadata", "object", "repo, commit, path, symbol, symbol_kind, start_line, end_line, question_type, answer_source"}};
  if (format == "alpaca")
    return {{"instruction", "string", "the question"},
            {"input", "string", "the code the question is about"},
            {"output", "string", "the answer"},
            {"id", "string", "stable id of the pair"},
            {"metadata", "object", "repo, commit, path, symbol, symbol_kind, start_line, end_line, question_type, answer_source"}};
  std::vector<CardFeature> out = {{"id", "string", "stable id: a hash of repo, path, symbol, question type, question and answer"}};
  out.insert(out.end(), location.begin(), location.end());
  out.insert(out.end(), {{"question", "string", "the question"},
                         {"answer", "string", "the answer, taken only from the code's own text or from a traced run"},
                         {"question_type", "string", "purpose, inputs, outputs, raises, ... (see codetrace's docs/qa-format.md)"},
                         {"answer_source", "string", "docstring, signature, comment, ast, callgraph or trace"},
                         {"evidence_start_line", "int64", "first line of the text the answer comes from"},
                         {"evidence_end_line", "int64", "last line of that text"},
                         {"context", "string", "the code the question is about"},
                         {"language", "string", "python"}});
  return out;
}

std::vector<CardFeature> call_card_features() {
  return {{"pid", "int64", "the process that made the call (the target, or a child it forked or started)"},
          {"call", "int64", "the call's number in its process"},
          {"function", "string", "the function called (qualified name)"},
          {"file", "string", "its file, relative to the traced root"},
          {"line", "int64", "the first line of its code"},
          {"caller", "string", "the calling function, null at the top"},
          {"call_line", "int64", "the line of the call in the caller"},
          {"parent_call", "int64", "the enclosing recorded call"},
          {"depth", "int64", "recorded calls above it"},
          {"thread", "int64", "the thread's number"},
          {"args", "object", "argument reprs by name (with --values)"},
          {"arg_types", "object", "argument type names by name"},
          {"result", "string", "the returned value's repr"},
          {"raised", "string", "the exception that ended the call, with its message"},
          {"result_type", "string", "the returned value's type name"},
          {"exception", "string", "the type of the exception that ended the call"},
          {"calls", "list of strings", "the functions it called, in order"},
          {"duration_ns", "int64", "from call to return"},
          {"returned", "bool", "false when the run ended during the call"}};
}

}  // namespace codetrace
