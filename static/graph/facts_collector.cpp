#include "static/graph/facts_collector.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iostream>
#include <thread>
#include <utility>

#include "static/file_claims.hpp"
#include "static/graph/call_facts_codec.hpp"
#include "static/python/interpreter.hpp"

namespace codetrace {
namespace {

using IndexedFacts = std::vector<std::pair<std::size_t, CallFacts>>;

// Frames on the pipe: [u32 length][u8 kind][payload]. A module: [u32 file index][facts]. The
// end: [issues][u32 files analysed]. A stream without its end frame is a failed helper.
enum FrameKind : char { kModuleFrame = 'M', kEndFrame = 'E' };

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string frame(FrameKind kind, const std::string& payload) {
  std::string out;
  encode_u32(static_cast<std::uint32_t>(payload.size() + 1), out);
  out += static_cast<char>(kind);
  out += payload;
  return out;
}

AnalysisOptions share(const AnalysisOptions& options, FileClaims* claims, std::uint32_t claimant) {
  AnalysisOptions o = options;
  o.claims = claims;
  o.claimant = claimant;
  o.walk_issues = claimant == 0;
  o.progress = options.progress && claimant == 0;
  return o;
}

AnalysisSummary parse_share(const RepoSource& source, const AnalysisOptions& options, const WalkResult& walk,
                            IndexedFacts& into) {
  return analyse_tree(
      source, options,
      [&](std::size_t index, ModuleModel&& module, const SyntaxTree& tree) {
        into.emplace_back(index, extract_call_facts(tree, module));
      },
      &walk);
}

// The helper process: parses its share and streams each module's facts as it is extracted.
[[noreturn]] void run_helper(const RepoSource& source, const AnalysisOptions& options, const WalkResult& walk, int fd,
                             const HelperFault& fault) {
  int status = 1;
  try {
    bool ok = true;
    AnalysisSummary summary = analyse_tree(
        source, options,
        [&](std::size_t index, ModuleModel&& module, const SyntaxTree& tree) {
          std::string payload;
          encode_u32(static_cast<std::uint32_t>(index), payload);
          encode_call_facts(extract_call_facts(tree, module), payload);
          ok = ok && write_all(fd, frame(kModuleFrame, payload));
          if (fault.die_after_first_module) ::_exit(3);
        },
        &walk);
    std::string end;
    encode_file_issues(summary.issues, end);
    encode_u32(static_cast<std::uint32_t>(summary.files_analysed), end);
    if (ok && write_all(fd, frame(kEndFrame, end))) status = 0;
  } catch (...) {
  }
  ::close(fd);
  ::_exit(status);  // no atexit handlers, no static destructors, no Py_Finalize: the parent owns those
}

// The parent's side of one helper: reads its frames on a thread of its own, decoding modules as
// they arrive, so the pipe never fills and decoding overlaps this process's own parsing.
class HelperStream {
 public:
  HelperStream(int pid, int fd, std::uint32_t claimant) : pid_(pid), fd_(fd), claimant_(claimant) {
    reader_ = std::thread([this] { read(); });
  }
  HelperStream(const HelperStream&) = delete;
  HelperStream& operator=(const HelperStream&) = delete;
  // Unfinished (this process is unwinding from an error): stop the helper rather than wait.
  ~HelperStream() {
    if (pid_ > 0) ::kill(pid_, SIGKILL);
    finish();
  }

  // Waits for the helper; true when every frame arrived whole and it exited with 0.
  bool finish() {
    if (reader_.joinable()) reader_.join();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (pid_ > 0) {
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      exited_ok_ = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      pid_ = -1;
    }
    return complete_ && exited_ok_;
  }

  std::uint32_t claimant() const { return claimant_; }
  IndexedFacts facts;
  std::vector<FileIssue> issues;
  std::size_t files_analysed = 0;

 private:
  void read() {
    std::string buffer;
    std::size_t used = 0;  // bytes of `buffer` already decoded
    char chunk[1 << 16];
    try {
      while (true) {
        ssize_t n = ::read(fd_, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(n));
        while (!complete_) {
          std::string_view rest(buffer.data() + used, buffer.size() - used);
          if (rest.size() < 4) break;
          std::string_view header = rest;
          std::uint32_t length = decode_u32(header);
          if (length == 0) throw Error("empty frame");
          if (header.size() < length) break;
          std::string_view payload = header.substr(1, length - 1);
          if (header[0] == kModuleFrame) {
            std::size_t index = decode_u32(payload);
            facts.emplace_back(index, decode_call_facts(payload));
          } else if (header[0] == kEndFrame) {
            issues = decode_file_issues(payload);
            files_analysed = decode_u32(payload);
            complete_ = true;
          } else {
            throw Error("unknown frame");
          }
          used += 4 + length;
        }
        if (used > (1u << 20) && used * 2 > buffer.size()) {  // drop what is decoded
          buffer.erase(0, used);
          used = 0;
        }
      }
    } catch (const std::exception&) {
      complete_ = false;  // made up for by the parent
    }
  }

  int pid_, fd_;
  std::uint32_t claimant_;
  bool complete_ = false, exited_ok_ = false;
  std::thread reader_;
};

}  // namespace

std::vector<CallFacts> collect_call_facts(const RepoSource& source, const AnalysisOptions& options, std::size_t jobs,
                                          AnalysisSummary& summary, const HelperFault& fault) {
  WalkResult walk = walk_python_files(source.root, options.walk);
  jobs = std::max<std::size_t>(1, std::min(jobs, walk.files.size() / kMinFilesPerHelper));
  std::unique_ptr<FileClaims> claims;
  if (jobs > 1) claims = FileClaims::create(largest_first(source.root, walk.files), /*shared=*/true);
  if (!claims) jobs = 1;
  IndexedFacts indexed;
  std::vector<std::unique_ptr<HelperStream>> helpers;
  if (jobs > 1) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);  // a child must not write out what the parent had buffered
    std::vector<int> parent_ends;
    for (std::uint32_t k = 1; k < jobs; ++k) {
      int fds[2];
      if (::pipe(fds) != 0) continue;  // one process fewer: the others take its files
      int pid = Interpreter::fork_process();
      if (pid == 0) {
        ::close(fds[0]);
        for (int fd : parent_ends) ::close(fd);  // the other helpers' pipes
        run_helper(source, share(options, claims.get(), k), walk, fds[1], fault);
      }
      ::close(fds[1]);
      if (pid < 0) {
        ::close(fds[0]);
        continue;
      }
      parent_ends.push_back(fds[0]);
      helpers.push_back(std::make_unique<HelperStream>(pid, fds[0], k));
    }
  }
  summary = parse_share(source, share(options, claims.get(), 0), walk, indexed);
  auto add_share = [&](const std::vector<FileIssue>& issues, std::size_t files_analysed) {
    summary.issues.insert(summary.issues.end(), issues.begin(), issues.end());
    summary.files_analysed += files_analysed;
  };
  std::vector<std::size_t> orphans;  // files a failed helper took: parsed again here
  for (const auto& helper : helpers) {
    if (!helper->finish()) {
      std::vector<std::size_t> taken = claims->claimed_by(helper->claimant());
      orphans.insert(orphans.end(), taken.begin(), taken.end());
      continue;
    }
    for (auto& item : helper->facts) indexed.push_back(std::move(item));
    add_share(helper->issues, helper->files_analysed);
  }
  helpers.clear();
  if (!orphans.empty()) {
    std::unique_ptr<FileClaims> again = FileClaims::create(std::move(orphans), /*shared=*/false);
    AnalysisOptions o = share(options, again.get(), 0);
    o.walk_issues = o.progress = false;
    AnalysisSummary part = parse_share(source, o, walk, indexed);
    add_share(part.issues, part.files_analysed);
  }
  std::sort(indexed.begin(), indexed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::stable_sort(summary.issues.begin(), summary.issues.end(),
                   [](const FileIssue& a, const FileIssue& b) { return a.path < b.path; });
  std::vector<CallFacts> modules;
  modules.reserve(indexed.size());
  for (auto& item : indexed) modules.push_back(std::move(item.second));
  return modules;
}

}  // namespace codetrace
