#include "tracer/child_interpreter.hpp"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/file_read.hpp"
#include "tracer/record_file.hpp"
#include "tracer/traced_process.hpp"

namespace codetrace {
namespace {

constexpr const char* kSpecName = "codetrace-children.json";
constexpr const char* kLinkName = "python3";
constexpr const char* kRecordPrefix = "proc-";

std::string folder_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

nlohmann::json spec_json(const ChildTracingSpec& spec) {
  return {{"root", spec.scope.root},      {"include", spec.scope.include},   {"exclude", spec.scope.exclude},
          {"c_calls", spec.scope.c_calls}, {"values_length", spec.scope.values_length},
          {"value_samples", spec.scope.value_samples},
          {"program", spec.program},       {"inject", spec.inject},           {"events", spec.events},
          {"full_events", spec.full_events}, {"values", spec.values},
          {"hook", spec.hook == HookChoice::Profile ? "setprofile" : "default"}};
}

ChildTracingSpec read_spec(const std::string& path) {
  std::string error;
  std::optional<std::string> text = read_regular_file(path, error);
  if (!text) throw Error(error);
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object()) throw Error("the children's scope " + path + " is not JSON");
  ChildTracingSpec spec;
  try {
    spec.scope.root = j.at("root").get<std::string>();
    spec.scope.include = j.at("include").get<std::vector<std::string>>();
    spec.scope.exclude = j.at("exclude").get<std::vector<std::string>>();
    spec.scope.c_calls = j.at("c_calls").get<bool>();
    spec.scope.values_length = j.at("values_length").get<std::size_t>();
    spec.scope.value_samples = j.at("value_samples").get<unsigned>();
    spec.program = j.at("program").get<std::string>();
    spec.inject = j.at("inject").get<std::vector<std::string>>();
    spec.events = j.at("events").get<std::uint64_t>();
    spec.full_events = j.at("full_events").get<bool>();
    spec.values = j.at("values").get<std::uint32_t>();
    spec.hook = j.at("hook").get<std::string>() == "setprofile" ? HookChoice::Profile : HookChoice::Default;
  } catch (const nlohmann::json::exception& e) {
    throw Error("the children's scope " + path + " is incomplete: " + e.what());
  }
  return spec;
}

}  // namespace

ChildTracing::ChildTracing(const std::string& prefix, const ChildTracingSpec& spec) {
  std::string pattern = prefix + "children-XXXXXX";
  if (!mkdtemp(pattern.data())) throw Error("cannot make the folder " + pattern + " for the target's children: " + std::strerror(errno));
  folder_ = pattern;
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  std::string spec_path = folder_ + "/" + kSpecName;
  std::ofstream out(spec_path);
  out << spec_json(spec).dump() << "\n";
  out.close();
  executable_ = folder_ + "/" + kLinkName;
  if (n <= 0 || !out || symlink(std::string(self, static_cast<std::size_t>(n)).c_str(), executable_.c_str()) != 0) {
    int err = errno;
    remove();
    throw Error("cannot prepare " + executable_ + " for the target's children: " + std::strerror(err));
  }
}

ChildTracing::~ChildTracing() { remove(); }

void ChildTracing::remove() {
  if (folder_.empty()) return;
  if (DIR* dir = opendir(folder_.c_str())) {
    while (dirent* e = readdir(dir))
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) unlink((folder_ + "/" + e->d_name).c_str());
    closedir(dir);
  }
  rmdir(folder_.c_str());
  folder_.clear();
}

std::vector<std::string> ChildTracing::records() const {
  std::vector<std::string> out;
  if (DIR* dir = opendir(folder_.c_str())) {
    while (dirent* e = readdir(dir))
      if (std::strncmp(e->d_name, kRecordPrefix, std::strlen(kRecordPrefix)) == 0) out.push_back(folder_ + "/" + e->d_name);
    closedir(dir);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool is_child_interpreter(const char* argv0) {
  if (!argv0 || !std::strchr(argv0, '/')) return false;
  std::string path = argv0;
  std::string name = path.substr(path.rfind('/') + 1);
  return name.rfind("python", 0) == 0 && access((folder_of(path) + "/" + kSpecName).c_str(), R_OK) == 0;
}

void run_child_interpreter(int argc, char** argv) {
  std::string folder = folder_of(argv[0]);
  std::string program;
  try {
    ChildTracingSpec spec = read_spec(folder + "/" + kSpecName);
    program = spec.program;
    RecordFile record = RecordFile::create(folder + "/" + kRecordPrefix, spec.events, spec.full_events, spec.values);
    RecordHeader& h = record.header();
    h.started_by = kStartedByExec;
    h.parent_pid = static_cast<std::uint32_t>(getppid());
    h.child_pid = static_cast<std::uint32_t>(getpid());
    EmbeddedRun run;
    run.program = spec.program;
    run.argv.assign(argv, argv + argc);
    run.parse_options = true;
    run.inject = spec.inject;
    run.children_executable = folder + "/" + kLinkName;
    run.hook = spec.hook;
    run_embedded(run, spec.scope, record);
  } catch (const std::exception& e) {
    // The child must still run as the Python it was started as: untraced, not not at all.
    std::fprintf(stderr, "codetrace: warning: a Python child (pid %d) is not traced: %s\n", static_cast<int>(getpid()), e.what());
  }
  if (!program.empty()) {
    argv[0] = program.data();
    execv(program.c_str(), argv);
  }
  std::fprintf(stderr, "codetrace: error: cannot run the Python child %s: %s\n", program.c_str(), std::strerror(errno));
  _exit(127);
}

}  // namespace codetrace
