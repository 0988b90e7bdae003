#pragma once
// In the traced child: on a fatal signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) write the
// native backtrace (libunwind) and the crashing thread's number into the record file, then let
// the signal end the process as it would have. The parent adds the Python stack, which it reads
// from the same thread's shadow stack in the record.
#include "tracer/record_file.hpp"

namespace codetrace {

void install_crash_handler(RecordFile& record);

// Remembers which record stack belongs to the calling thread (for the handler).
void note_crash_thread_slot(std::uint32_t slot);

}  // namespace codetrace
