#include "core/gzip_stream.hpp"

#include <string>

namespace codetrace {

GzipStreamBuf::GzipStreamBuf(std::ostream& sink) : sink_(sink) {
  // Level 1, the fastest: already about a tenth of the JSON, at the cost of writing it plain.
  // windowBits 15 + 16: a gzip header and trailer rather than zlib's own.
  ok_ = deflateInit2(&z_, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  setp(in_, in_ + sizeof in_);
}

GzipStreamBuf::~GzipStreamBuf() { deflateEnd(&z_); }

bool GzipStreamBuf::deflate_buffer(int flush) {
  if (!ok_) return false;
  z_.next_in = reinterpret_cast<Bytef*>(pbase());
  z_.avail_in = static_cast<uInt>(pptr() - pbase());
  int rc;
  do {
    z_.next_out = reinterpret_cast<Bytef*>(out_);
    z_.avail_out = sizeof out_;
    rc = deflate(&z_, flush);
    if (rc == Z_STREAM_ERROR) return ok_ = false;
    sink_.write(out_, static_cast<std::streamsize>(sizeof out_ - z_.avail_out));
    if (!sink_) return ok_ = false;
  } while (z_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  setp(in_, in_ + sizeof in_);
  return true;
}

GzipStreamBuf::int_type GzipStreamBuf::overflow(int_type c) {
  if (!deflate_buffer(Z_NO_FLUSH)) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int GzipStreamBuf::sync() { return deflate_buffer(Z_NO_FLUSH) ? 0 : -1; }

bool GzipStreamBuf::finish() {
  if (finished_) return ok_;
  finished_ = true;
  return deflate_buffer(Z_FINISH) && sink_.flush();
}

bool wants_gzip(const std::string& path) { return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0; }

}  // namespace codetrace
