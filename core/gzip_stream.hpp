#pragma once
// An std::ostream that gzip-compresses into another stream (zlib's deflate with a gzip header):
// `--events trace.json.gz` writes the timeline about ten times smaller, in the form Perfetto and
// chrome://tracing open as they are. zlib is Debian's zlib1g-dev: the format's reference
// implementation, which no hand-written deflate would match.
#include <zlib.h>

#include <ostream>
#include <streambuf>
#include <string>

namespace codetrace {

class GzipStreamBuf : public std::streambuf {
 public:
  explicit GzipStreamBuf(std::ostream& sink);
  ~GzipStreamBuf() override;
  GzipStreamBuf(const GzipStreamBuf&) = delete;
  GzipStreamBuf& operator=(const GzipStreamBuf&) = delete;
  // Compresses what is left and writes the gzip trailer; false when compressing or writing failed.
  bool finish();

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  bool deflate_buffer(int flush);
  std::ostream& sink_;
  z_stream z_{};
  bool ok_ = true, finished_ = false;
  char in_[1 << 16];
  char out_[1 << 16];
};

// True for a file name ending in ".gz".
bool wants_gzip(const std::string& path);

}  // namespace codetrace
