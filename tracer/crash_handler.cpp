#include "tracer/crash_handler.hpp"

#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace codetrace {
namespace {

RecordHeader* g_header = nullptr;
thread_local std::int64_t t_slot = -1;
char g_alt_stack[64 * 1024];

// Async-signal-safe enough: libunwind's local unwinder and snprintf into the mapped record.
void on_fatal_signal(int sig, siginfo_t*, void*) {
  if (g_header && !g_header->crash_signal) {
    g_header->crash_signal = sig;
    g_header->crash_thread = t_slot < 0 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(t_slot);
    unw_context_t context;
    unw_cursor_t cursor;
    char* out = g_header->native_backtrace;
    size_t room = sizeof g_header->native_backtrace, used = 0;
    if (unw_getcontext(&context) == 0 && unw_init_local(&cursor, &context) == 0) {
      for (int depth = 0; depth < 64 && unw_step(&cursor) > 0 && used + 1 < room; ++depth) {
        unw_word_t ip = 0, offset = 0;
        unw_get_reg(&cursor, UNW_REG_IP, &ip);
        char name[160];
        if (unw_get_proc_name(&cursor, name, sizeof name, &offset) != 0) std::strcpy(name, "?");
        int n = std::snprintf(out + used, room - used, "#%d 0x%lx %s+0x%lx\n", depth, static_cast<unsigned long>(ip), name,
                              static_cast<unsigned long>(offset));
        if (n < 0) break;
        used += static_cast<size_t>(n);
      }
    }
  }
  signal(sig, SIG_DFL);  // then die of it, as the target would have
  raise(sig);
}

}  // namespace

void note_crash_thread_slot(std::uint32_t slot) { t_slot = slot; }

void install_crash_handler(RecordFile& record) {
  g_header = &record.header();
  stack_t alt{};
  alt.ss_sp = g_alt_stack;
  alt.ss_size = sizeof g_alt_stack;
  sigaltstack(&alt, nullptr);  // a stack overflow still gets its backtrace
  struct sigaction action {};
  action.sa_sigaction = on_fatal_signal;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) sigaction(sig, &action, nullptr);
}

}  // namespace codetrace
