// `codetrace batch LIST --out DIR`: qa and graph (and run, where the list says so) for many
// repositories. Each repository is done in a child process of its own (a crash, a hang or a
// broken repository ends only that child) with its own log; a repository whose status says it is
// done is skipped, so a batch resumes where it stopped, and merging the folders of several
// machines' batches is a copy. At the end the records are gathered into deterministic shards
// (list order, fixed size) and a summary.
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/command_support.hpp"
#include "cli/run_cli.hpp"
#include "core/file_read.hpp"
#include "core/hash.hpp"
#include "core/process.hpp"
#include "core/secrets.hpp"
#include "core/text.hpp"

namespace codetrace {
namespace {

using nlohmann::json;

struct BatchItem {
  std::size_t line = 0;
  std::string source;              // folder or git URL, as the list gives it (credentials included)
  std::string shown;               // the same without credentials: what logs, status and summary say
  std::vector<std::string> run;    // `codetrace run` arguments, run in the repository's folder; empty: no run
  std::string name;                // its folder under repos/
};

bool is_dir(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void make_dirs(const std::string& path) {
  std::string partial;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      if (!partial.empty() && !is_dir(partial) && mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST)
        throw Error("cannot create the folder " + partial);
    }
    if (i < path.size()) partial += path[i];
  }
}

std::vector<std::string> split_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// "https://github.com/psf/requests.git" -> "github.com_psf_requests"; "../work/shop" -> "shop";
// a short hash of the source keeps two sources with one name apart. `source` has no credentials.
std::string item_name(const std::string& source) {
  std::string s = source;
  size_t query = s.find_first_of("?#");
  if (query != std::string::npos && s.find("://") != std::string::npos) s = s.substr(0, query);
  for (const char* prefix : {"https://", "http://", "ssh://", "git@", "file://"})
    if (s.rfind(prefix, 0) == 0) s = s.substr(std::string(prefix).size());
  while (!s.empty() && s.back() == '/') s.pop_back();
  if (s.size() > 4 && s.compare(s.size() - 4, 4, ".git") == 0) s = s.substr(0, s.size() - 4);
  bool url = s != source;
  if (!url) s = s.substr(s.rfind('/') == std::string::npos ? 0 : s.rfind('/') + 1);
  std::string name;
  for (char c : s) name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '_';
  if (name.empty() || name == "." || name == "..") name = "repo";
  return name + "-" + hex64(fnv1a64(source)).substr(0, 8);
}

// One line: SOURCE, or SOURCE | run ARGS... ; blank lines and # comments are skipped. SOURCE is
// the whole text before the `|` (a folder's name may hold spaces). A line naming a source an
// earlier line named is left out, with a warning: its records would be in the shards twice.
std::vector<BatchItem> read_list(const std::string& path) {
  std::string error;
  std::optional<std::string> text = read_regular_file(path, error, ReadOptions{64 * kMiB});
  if (!text) throw Error("cannot read the list " + path + ": " + error);
  std::istringstream in(*text);
  std::vector<BatchItem> items;
  std::map<std::string, std::size_t> seen;  // name -> line
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    size_t hash = line.find('#');
    if (hash != std::string::npos && (hash == 0 || std::isspace(static_cast<unsigned char>(line[hash - 1])))) line = line.substr(0, hash);
    BatchItem item;
    item.line = n;
    size_t bar = line.find('|');
    item.source = std::string(trim(std::string_view(line).substr(0, bar)));
    if (item.source.empty()) {
      if (bar == std::string::npos) continue;
      throw Error(path + ":" + std::to_string(n) + ": a folder or git URL comes before `| run ...`");
    }
    if (bar != std::string::npos) {
      std::vector<std::string> tail = split_words(line.substr(bar + 1));
      if (tail.empty() || tail[0] != "run" || tail.size() < 2)
        throw Error(path + ":" + std::to_string(n) + ": after `|` comes `run` and the target, e.g. `| run -m pytest tests`");
      item.run.assign(tail.begin() + 1, tail.end());
    }
    item.shown = without_credentials(item.source);
    item.name = item_name(item.shown);
    if (auto [it, fresh] = seen.emplace(item.name, n); !fresh) {
      std::cerr << "codetrace batch: " << path << ":" << n << ": " << item.shown << " repeats line " << it->second << "; left out\n";
      continue;
    }
    items.push_back(std::move(item));
  }
  return items;
}

std::size_t count_lines(const std::string& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}

json read_status(const std::string& folder) {
  std::ifstream in(folder + "/status.json");
  if (!in) return json();
  std::stringstream text;
  text << in.rdbuf();
  json j = json::parse(text.str(), nullptr, false);
  return j.is_discarded() ? json() : j;
}

// In the child: one command of the batch, its output appended to the repository's log.
int run_step(const std::vector<std::string>& args, const std::string& cwd, const std::string& log) {
  std::cout.flush();
  std::cerr.flush();
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    die_with_parent(parent);
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, 0);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(1);
    std::string line = "$ codetrace";
    for (const std::string& a : args) line += " " + without_credentials(a);
    std::cerr << line << std::endl;
    int code = run_cli(args);
    std::cout.flush();
    std::cerr.flush();
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The whole job of one repository, in a child process: qa with its graph, then the run.
[[noreturn]] void do_item(const BatchItem& item, const BatchConfig& config, const std::string& folder) {
  auto start = std::chrono::steady_clock::now();
  std::string log = folder + "/log.txt";
  unlink(log.c_str());
  json status = {{"source", item.shown}, {"name", item.name}, {"list_line", item.line}};
  std::vector<std::string> qa = {"qa", item.source, "--callgraph", "-o", folder + "/qa.jsonl", "--graph", folder + "/graph.json", "--no-progress"};
  if (!config.cache_dir.empty()) qa.insert(qa.end(), {"--cache-dir", config.cache_dir});
  int qa_code = run_step(qa, "", log);
  status["qa_exit"] = qa_code;
  bool ok = qa_code == 0;
  if (ok) status["pairs"] = count_lines(folder + "/qa.jsonl");
  if (ok && !item.run.empty()) {
    std::string root;
    try {
      SourceConfig input;
      input.source = item.source;
      input.cache_dir = config.cache_dir;
      root = resolve_source(input).root;  // the clone qa made, for a URL
    } catch (const std::exception& e) {
      std::ofstream(log, std::ios::app) << "codetrace batch: " << redact_secrets(e.what()) << "\n";
    }
    std::vector<std::string> run = {"run", "--root", root, "--dataset", folder + "/calls.jsonl", "-o", folder + "/trace.json"};
    if (config.timeout_s > 0) run.insert(run.end(), {"--timeout", std::to_string(config.timeout_s)});
    run.insert(run.end(), item.run.begin(), item.run.end());
    int run_code = root.empty() ? 1 : run_step(run, root, log);
    status["run_exit"] = run_code;
    status["calls"] = count_lines(folder + "/calls.jsonl");
    // The target's own failure (its tests failing) is data, not a failed batch step: the trace was written.
    ok = is_dir(folder) && std::ifstream(folder + "/trace.json").good();
  }
  status["ok"] = ok;
  status["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  try {
    OutputFile file(folder + "/status.json");
    file.stream() << status.dump(2) << "\n";
    file.commit();
  } catch (const Error& e) {
    std::ofstream(log, std::ios::app) << "codetrace batch: " << e.what() << "\n";
  }
  _exit(ok ? 0 : 1);
}

// Shards: the records of every finished repository, in list order, `size` lines a file.
std::size_t write_shards(const std::vector<BatchItem>& items, const std::string& out, const std::string& file, const std::string& prefix,
                         std::size_t size) {
  std::string folder = out + "/shards";
  make_dirs(folder);
  for (int n = 0;; ++n) {  // the shards of an earlier, larger batch go first
    char name[64];
    std::snprintf(name, sizeof name, "%s-%05d.jsonl", prefix.c_str(), n);
    if (unlink((folder + "/" + name).c_str()) != 0) break;
  }
  std::size_t total = 0, in_shard = 0;
  int shard = -1;
  std::ofstream current;
  for (const BatchItem& item : items) {
    json status = read_status(out + "/repos/" + item.name);
    if (!status.is_object() || !status.value("ok", false)) continue;
    std::ifstream in(out + "/repos/" + item.name + "/" + file);
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      if (shard < 0 || in_shard == size) {
        char name[64];
        std::snprintf(name, sizeof name, "%s-%05d.jsonl", prefix.c_str(), ++shard);
        current = std::ofstream(folder + "/" + name);
        in_shard = 0;
      }
      current << line << "\n";
      ++in_shard;
      ++total;
    }
  }
  return total;
}

}  // namespace

int run_batch(const BatchConfig& given) {
  BatchConfig config = given;
  std::vector<BatchItem> items = read_list(config.list);
  make_dirs(config.out + "/repos");
  char resolved[PATH_MAX];
  if (!realpath(config.out.c_str(), resolved)) throw Error("cannot use the folder " + config.out);
  config.out = resolved;  // the run step works in the repository's folder
  if (config.part_count > 1) {
    std::vector<BatchItem> mine;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (i % config.part_count == config.part_index) mine.push_back(items[i]);
    items.swap(mine);
  }
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0, skipped = 0;
  std::vector<std::string> outcome(items.size());
  auto reap = [&](bool block) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, block ? 0 : WNOHANG);
    if (pid <= 0) return false;
    auto it = running.find(pid);
    if (it == running.end()) return true;
    const BatchItem& item = items[it->second];
    json st = read_status(config.out + "/repos/" + item.name);
    bool ok = st.is_object() && st.value("ok", false);
    outcome[it->second] = ok ? "done" : "FAILED";
    std::cerr << "codetrace batch: " << (ok ? "done   " : "FAILED ") << item.shown << " (" << item.name << ")"
              << (ok ? "" : "; see " + config.out + "/repos/" + item.name + "/log.txt") << "\n";
    running.erase(it);
    return true;
  };
  while (next < items.size() || !running.empty()) {
    while (next < items.size() && running.size() < config.jobs) {
      const BatchItem& item = items[next];
      std::string folder = config.out + "/repos/" + item.name;
      json st = read_status(folder);
      if (st.is_object() && st.value("ok", false) && !config.redo) {
        outcome[next++] = "skipped";
        ++skipped;
        std::cerr << "codetrace batch: skip   " << item.shown << " (done in an earlier run)\n";
        continue;
      }
      make_dirs(folder);
      unlink((folder + "/status.json").c_str());
      std::cout.flush();
      std::cerr.flush();
      pid_t parent = getpid();
      pid_t pid = fork();
      if (pid < 0) throw Error("cannot start a process for " + item.shown);
      if (pid == 0) {
        die_with_parent(parent);  // a killed batch leaves nothing running
        do_item(item, config, folder);
      }
      running[pid] = next++;
    }
    if (!running.empty()) reap(true);
  }

  std::size_t pairs = write_shards(items, config.out, "qa.jsonl", "qa", config.shard_size);
  std::size_t calls = write_shards(items, config.out, "calls.jsonl", "calls", config.shard_size);
  json summary = {{"list", config.list}, {"repositories", json::array()}, {"qa_pairs", pairs}, {"call_records", calls}};
  std::size_t failed = 0, done = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    json st = read_status(config.out + "/repos/" + items[i].name);
    bool ok = st.is_object() && st.value("ok", false);
    (ok ? done : failed) += 1;
    summary["repositories"].push_back({{"source", items[i].shown}, {"name", items[i].name}, {"ok", ok}, {"this_run", outcome[i]},
                                       {"pairs", st.is_object() ? st.value("pairs", 0) : 0}, {"calls", st.is_object() ? st.value("calls", 0) : 0}});
  }
  summary["ok"] = done;
  summary["failed"] = failed;
  OutputFile summary_file(config.out + "/summary.json");
  summary_file.stream() << summary.dump(2) << "\n";
  summary_file.commit();
  std::cout << "codetrace batch: " << items.size() << " repositories: " << done << " done (" << skipped << " from an earlier run), " << failed
            << " failed; " << pairs << " Q&A pairs and " << calls << " call records in " << config.out << "/shards; summary in "
            << config.out << "/summary.json\n";
  for (std::size_t i = 0; i < items.size(); ++i)
    if (outcome[i] == "FAILED") std::cout << "  failed: " << items[i].shown << " (log: " << config.out << "/repos/" << items[i].name << "/log.txt)\n";
  return failed ? kExitFailed : kExitOk;
}

}  // namespace codetrace
