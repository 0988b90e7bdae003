// The record file: what a writer process leaves in it is read back whole by another, even when
// the writer dies without a word; a forked writer records into a record of its own.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "tracer/record_file.hpp"
#include "tracer/trace_file.hpp"

using namespace codetrace;

namespace {

const std::string kRoot = "/src/app";

std::uint32_t put(RecordFile& r, const std::string& text, std::uint32_t* length) {
  RecordHeader& h = r.header();
  std::uint32_t off = static_cast<std::uint32_t>(h.string_used);
  std::memcpy(r.strings() + off, text.data(), text.size());
  h.string_used += text.size();
  *length = static_cast<std::uint32_t>(text.size());
  return off;
}

// Code entry `i`: function `qualname` of kRoot/main.py, in scope.
void add_code(RecordFile& r, std::uint32_t i, const std::string& qualname, int line) {
  CodeEntry& c = r.codes()[i];
  c.file_off = put(r, kRoot + "/main.py", &c.file_len);
  c.qualname_off = put(r, qualname, &c.qualname_len);
  c.module_off = put(r, "__main__", &c.module_len);
  c.first_line = line;
  c.in_scope = 1;
  c.ready = 1;
  r.header().code_count = std::max(r.header().code_count, i + 1);
}

// caller -> callee at `line`, `count` calls, in edge slot `slot`.
void add_edge(RecordFile& r, std::uint32_t slot, std::uint32_t caller, std::uint32_t callee, int line, std::uint64_t count) {
  EdgeEntry& e = r.edges()[slot];
  e.caller = caller;
  e.callee = callee;
  e.line = line;
  e.count = count;
  e.ready = 1;
  r.used_edges()[r.header().edge_count++] = slot;
  r.codes()[callee].calls += count;
}

RecordFile small_record() {
  char prefix[] = "/tmp/codetrace-record-test-XXXXXX";
  REQUIRE(::mkdtemp(prefix));
  return RecordFile::create(std::string(prefix) + "/r-", 0, false, 0, 64, 64, 4, 4096);
}

void remove_record(const RecordFile& r) {
  std::string path = r.path();
  std::remove(path.c_str());
  ::rmdir(path.substr(0, path.rfind('/')).c_str());
}

}  // namespace

TEST_CASE("record: what a writer that dies wrote is read back by another process", "[record]") {
  RecordFile record = small_record();
  add_code(record, 0, "main", 1);
  add_code(record, 1, "work", 5);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // the traced process: records three calls, then dies without cleaning up
    add_edge(record, 7, 0, 1, 3, 3);
    record.header().child_pid = static_cast<std::uint32_t>(::getpid());
    ::_exit(9);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  RecordFile read = RecordFile::open(record.path());
  Observed observed = read_observed(read, kRoot);
  REQUIRE(observed.edges.count({"main.main", "main.work"}));
  const ObservedEdge& e = observed.edges.at({"main.main", "main.work"});
  CHECK(e.count == 3);
  CHECK(e.lines == std::map<int, std::uint64_t>{{3, 3}});
  CHECK(e.pids == std::set<std::uint32_t>{static_cast<std::uint32_t>(pid)});
  CHECK(observed.functions.at("main.work").calls == 3);
  CHECK(observed.functions.at("main.work").file == "main.py");
  remove_record(record);
}

TEST_CASE("record: a forked writer records into a record of its own, the parent's is untouched", "[record]") {
  RecordFile record = small_record();
  add_code(record, 0, "main", 1);
  add_code(record, 1, "work", 5);
  add_edge(record, 2, 0, 1, 3, 1);  // the parent's call before the fork
  record.snapshot_before_fork(nullptr);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    record.split_after_fork(2, nullptr);
    bool fresh = record.header().edge_count == 0 && record.codes()[1].calls == 0;  // counts start at zero
    add_edge(record, 5, 0, 1, 4, 2);
    record.header().child_pid = static_cast<std::uint32_t>(::getpid());
    ::_exit(fresh ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WEXITSTATUS(status) == 0);
  Observed parent = read_observed(record, kRoot);
  CHECK(parent.edges.at({"main.main", "main.work"}).lines == std::map<int, std::uint64_t>{{3, 1}});
  std::vector<std::string> children = RecordFile::child_records(record.path());
  REQUIRE(children.size() == 1);
  {
    RecordFile child = RecordFile::open(children.front());
    Observed observed = read_observed(child, kRoot);
    CHECK(observed.edges.at({"main.main", "main.work"}).lines == std::map<int, std::uint64_t>{{4, 2}});
    CHECK(observed.functions.at("main.work").calls == 2);
  }
  std::remove(children.front().c_str());
  remove_record(record);
}
