#include "cli/cli_options.hpp"

#include <sstream>

#include <boost/program_options.hpp>

#include "build_info.hpp"
#include "static/qa/qa_writer.hpp"

namespace po = boost::program_options;

namespace codetrace {
namespace {

const char* const kTopUsage =
    "Usage: codetrace <command> [options]\n"
    "\n"
    "Turns a Python codebase into training data and call-flow evidence.\n"
    "\n"
    "Commands:\n"
    "  qa        question/answer pairs from code, docstrings and comments (JSONL)\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help (codetrace <command> --help for a command)\n"
    "  --version      show the version and the embedded Python\n"
    "\n"
    "Exit codes: 0 done, 1 failed, 2 usage error.\n";

po::options_description qa_options() {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "show this help")
      ("output,o", po::value<std::string>()->default_value("-"), "write records to FILE ('-': standard output)")
      ("format", po::value<std::string>()->default_value("jsonl"), "jsonl (full records), chat or alpaca")
      ("symbols", po::value<std::string>(), "also write the symbol table (signatures, parsed docstrings, comments, code) to FILE")
      ("include", po::value<std::vector<std::string>>()->composing(), "only files matching GLOB (repeatable)")
      ("exclude", po::value<std::vector<std::string>>()->composing(), "skip files matching GLOB (repeatable)")
      ("private", "include private members (names starting with '_')")
      ("tests", "include test files and folders")
      ("no-git", "walk the folder even when it is a git work tree (git otherwise lists the files)")
      ("no-progress", "never show progress on stderr")
      ("repo-name", po::value<std::string>(), "the `repo` field of every record (default: folder name or URL)")
      ("cache-dir", po::value<std::string>(), "where git URLs are cloned (default: ~/.cache/codetrace/repos)");
  return d;
}

std::string qa_help() {
  std::ostringstream out;
  out << "Usage: codetrace qa PATH|GIT_URL [-o FILE] [options]\n\n"
         "Writes question/answer pairs about every module, class, function and method found under\n"
         "PATH (or in a shallow clone of GIT_URL), one JSON record a line, each traceable to its file\n"
         "and lines. The code is parsed, never imported or run.\n\n"
      << qa_options()
      << "\nFiles that cannot be analysed (syntax errors, binary or undecodable files, broken links)\n"
         "are listed on stderr and the run goes on; the exit code is 0 when any record was produced.\n";
  return out.str();
}

CliRequest parse_qa(const std::vector<std::string>& args) {
  po::options_description visible = qa_options();
  po::options_description all;
  all.add(visible).add_options()("source", po::value<std::vector<std::string>>(), "");
  po::positional_options_description positional;
  positional.add("source", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what(), "qa");
  }
  CliRequest request;
  if (vm.count("help")) {
    request.help_text = qa_help();
    return request;
  }
  std::vector<std::string> sources = vm.count("source") ? vm["source"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (sources.empty()) throw UsageError("qa needs a PATH or GIT_URL to analyse", "qa");
  if (sources.size() > 1) throw UsageError("qa takes one PATH or GIT_URL, got " + std::to_string(sources.size()), "qa");
  QaConfig& c = request.qa;
  request.action = CliRequest::Action::Qa;
  c.source = sources.front();
  c.output = vm["output"].as<std::string>();
  c.format = vm["format"].as<std::string>();
  if (vm.count("symbols")) c.symbols_output = vm["symbols"].as<std::string>();
  if (!c.symbols_output.empty() && c.symbols_output == c.output && c.output != "-")
    throw UsageError("--symbols and -o name the same file", "qa");
  if (!is_qa_format(c.format)) throw UsageError("unknown --format '" + c.format + "' (jsonl, chat or alpaca)", "qa");
  if (vm.count("include")) c.include = vm["include"].as<std::vector<std::string>>();
  if (vm.count("exclude")) c.exclude = vm["exclude"].as<std::vector<std::string>>();
  c.include_private = vm.count("private") > 0;
  c.include_tests = vm.count("tests") > 0;
  c.use_git = vm.count("no-git") == 0;
  c.progress = vm.count("no-progress") == 0;
  if (vm.count("repo-name")) c.repo_name = vm["repo-name"].as<std::string>();
  if (vm.count("cache-dir")) c.cache_dir = vm["cache-dir"].as<std::string>();
  return request;
}

}  // namespace

std::string version_text() {
  return std::string("codetrace ") + build_info::version + " (embedded Python " + build_info::python_version + ")\n";
}

CliRequest parse_cli(const std::vector<std::string>& args) {
  CliRequest request;
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    request.help_text = kTopUsage;
    return request;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    request.action = CliRequest::Action::Version;
    return request;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "qa") return parse_qa(rest);
  if (args[0] == "graph" || args[0] == "run" || args[0] == "diff" || args[0] == "validate" || args[0] == "report")
    throw UsageError("'" + args[0] + "' is not available in this version yet", "");
  throw UsageError("unknown command '" + args[0] + "'", "");
}

}  // namespace codetrace
