#pragma once
// An std::ostream over a file descriptor codetrace opened itself (with O_EXCL, O_NOFOLLOW or on a
// device), which std::ofstream cannot take. Buffered; the descriptor is closed by close() or the
// destructor.
#include <ostream>
#include <streambuf>
#include <string>

namespace codetrace {

class FdStreamBuf : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd = -1) : fd_(fd) { setp(buffer_, buffer_ + sizeof buffer_); }
  ~FdStreamBuf() override { close(); }
  FdStreamBuf(const FdStreamBuf&) = delete;
  FdStreamBuf& operator=(const FdStreamBuf&) = delete;
  void reset(int fd) {
    close();
    fd_ = fd;
  }
  // Flushes and closes; false when a write or the close failed (errno tells).
  bool close();
  bool failed() const { return failed_; }

 protected:
  int_type overflow(int_type c) override;
  int sync() override { return flush_buffer() ? 0 : -1; }
  std::streamsize xsputn(const char* s, std::streamsize n) override;

 private:
  bool flush_buffer();
  bool write_all(const char* data, std::size_t size);
  int fd_;
  bool failed_ = false;
  char buffer_[1 << 16];
};

}  // namespace codetrace
