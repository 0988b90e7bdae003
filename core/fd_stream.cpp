#include "core/fd_stream.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace codetrace {

bool FdStreamBuf::write_all(const char* data, std::size_t size) {
  while (size > 0 && !failed_) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failed_ = true;
      break;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return !failed_;
}

bool FdStreamBuf::flush_buffer() {
  if (fd_ < 0) return !failed_;
  bool ok = write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()));
  setp(buffer_, buffer_ + sizeof buffer_);
  return ok;
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type c) {
  if (!flush_buffer()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

std::streamsize FdStreamBuf::xsputn(const char* s, std::streamsize n) {
  if (n >= static_cast<std::streamsize>(epptr() - pptr()) && !flush_buffer()) return 0;
  if (n < static_cast<std::streamsize>(epptr() - pptr())) {  // small writes gather in the buffer
    std::memcpy(pptr(), s, static_cast<std::size_t>(n));
    pbump(static_cast<int>(n));
    return n;
  }
  return write_all(s, static_cast<std::size_t>(n)) ? n : 0;  // one larger than the buffer goes straight out
}

bool FdStreamBuf::close() {
  if (fd_ < 0) return !failed_;
  flush_buffer();
  if (::close(fd_) != 0 && errno != EINTR) failed_ = true;
  fd_ = -1;
  return !failed_;
}

}  // namespace codetrace
