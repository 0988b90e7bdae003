#include "core/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

extern char** environ;

namespace codetrace {
namespace {

struct Pipe {
  int fds[2] = {-1, -1};
  bool open() { return ::pipe2(fds, O_CLOEXEC) == 0; }
  void close_end(int i) {
    if (fds[i] >= 0) ::close(fds[i]);
    fds[i] = -1;
  }
  ~Pipe() {
    close_end(0);
    close_end(1);
  }
};

// Reads both pipes until they close or the deadline passes; returns false on timeout.
bool drain(Pipe& out_pipe, Pipe& err_pipe, ProcessResult& result, double timeout_seconds) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::duration<double>(timeout_seconds);
  char buffer[65536];
  while (out_pipe.fds[0] >= 0 || err_pipe.fds[0] >= 0) {
    pollfd fds[2] = {{out_pipe.fds[0], POLLIN, 0}, {err_pipe.fds[0], POLLIN, 0}};
    int wait_ms = -1;
    if (timeout_seconds > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
      if (left <= 0) return false;
      wait_ms = static_cast<int>(left);
    }
    int ready = ::poll(fds, 2, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return ready < 0;  // poll error: give up reading; timeout: report it
    Pipe* pipes[2] = {&out_pipe, &err_pipe};
    std::string* sinks[2] = {&result.out, &result.err};
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) sinks[i]->append(buffer, static_cast<size_t>(n));
      else if (n == 0 || errno != EINTR) pipes[i]->close_end(0);
    }
  }
  return true;
}

// Starts argv[0] (looked up on PATH) with the file actions given, which it then destroys, and
// this process's environment plus `extra_env`. Returns posix_spawnp's result.
int spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env, posix_spawn_file_actions_t& actions,
          pid_t& pid) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_storage(extra_env);
  std::vector<char*> env;
  for (char** e = environ; *e; ++e) env.push_back(*e);
  for (auto& e : env_storage) env.push_back(e.data());
  env.push_back(nullptr);
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  return rc;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, double timeout_seconds,
                          const std::vector<std::string>& extra_env) {
  ProcessResult result;
  Pipe out_pipe, err_pipe;
  if (argv.empty() || !out_pipe.open() || !err_pipe.open()) return result;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe.fds[1], 2);

  pid_t pid = -1;
  int rc = spawn(argv, extra_env, actions, pid);
  out_pipe.close_end(1);
  err_pipe.close_end(1);
  if (rc != 0) {
    result.err = std::string("cannot start ") + argv[0] + ": " + std::strerror(rc);
    return result;
  }
  if (!drain(out_pipe, err_pipe, result, timeout_seconds)) {
    result.timed_out = true;
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  return result;
}

LineChild::LineChild(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
  // Its input is a socket, not a pipe: writing to it after it died is an error (MSG_NOSIGNAL),
  // not a SIGPIPE that would end codetrace.
  Pipe in_pipe, out_pipe;
  if (argv.empty() || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pipe.fds) != 0 || !out_pipe.open()) {
    start_error_ = "cannot make pipes";
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe.fds[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.fds[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = spawn(argv, extra_env, actions, pid);
  if (rc != 0) {
    start_error_ = std::string("cannot start ") + argv[0] + ": " + std::strerror(rc);
    return;
  }
  pid_ = pid;
  in_ = in_pipe.fds[1];
  in_pipe.fds[1] = -1;
  out_ = out_pipe.fds[0];
  out_pipe.fds[0] = -1;
}

LineChild::~LineChild() {
  if (in_ >= 0) ::close(in_);
  if (pid_ > 0) {
    int status = 0;
    for (int i = 0; i < 100 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
  if (out_ >= 0) ::close(out_);
}

bool LineChild::write_line(const std::string& line) {
  if (in_ < 0) return false;
  std::string data = line + "\n";
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(in_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool LineChild::read_line(std::string& line, double timeout_seconds) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::duration<double>(timeout_seconds);
  char chunk[65536];
  for (;;) {
    size_t newline = buffer_.find('\n');
    if (newline != std::string::npos) {
      line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return true;
    }
    if (out_ < 0) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) return false;
    pollfd fd{out_, POLLIN, 0};
    int ready = ::poll(&fd, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    ssize_t n = ::read(out_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(out_);
      out_ = -1;
      continue;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

void LineChild::kill() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
  if (in_ >= 0) ::close(in_);
  in_ = -1;
}

void die_with_parent(int parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::raise(SIGKILL);  // it died before the request took effect
}

unsigned usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace codetrace
