#include "static/source_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/file_read.hpp"
#include "core/text.hpp"
#include "static/python/interpreter.hpp"
#include "static/python/py_ref.hpp"

namespace codetrace {
namespace {

bool is_utf8_name(std::string codec) {
  codec = to_lower(codec);
  for (char& c : codec)
    if (c == '_') c = '-';
  return codec == "utf-8" || codec == "utf8" || starts_with(codec, "utf-8-") || codec == "utf8-sig";
}

// 1-based line of a byte offset.
int line_of(const std::string& bytes, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < bytes.size(); ++i)
    if (bytes[i] == '\n') ++line;
  return line;
}

std::optional<std::string> decode_with_python(const std::string& bytes, const std::string& codec,
                                              std::string& error) {
  PyRef decoded(PyUnicode_Decode(bytes.data(), static_cast<Py_ssize_t>(bytes.size()), codec.c_str(), "strict"));
  if (!decoded) {
    error = take_python_error();
    return std::nullopt;
  }
  Py_ssize_t size = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(decoded.get(), &size);
  if (!utf8) {
    error = take_python_error();
    return std::nullopt;
  }
  return std::string(utf8, static_cast<size_t>(size));
}

}  // namespace

std::optional<std::string> find_coding_declaration(const std::string& bytes) {
  // PEP 263: ^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+) on line 1, or on line 2 when line 1 is
  // blank or a comment.
  size_t start = 0;
  for (int line_no = 0; line_no < 2 && start <= bytes.size(); ++line_no) {
    size_t end = bytes.find('\n', start);
    if (end == std::string::npos) end = bytes.size();
    std::string_view line(bytes.data() + start, end - start);
    std::string_view body = trim(line);
    if (starts_with(body, "#")) {
      size_t at = body.find("coding");
      while (at != std::string_view::npos) {
        size_t k = at + 6;
        if (k < body.size() && (body[k] == ':' || body[k] == '=')) {
          ++k;
          while (k < body.size() && (body[k] == ' ' || body[k] == '\t')) ++k;
          size_t name_start = k;
          while (k < body.size() && (std::isalnum(static_cast<unsigned char>(body[k])) || body[k] == '-' ||
                                     body[k] == '_' || body[k] == '.'))
            ++k;
          if (k > name_start) return std::string(body.substr(name_start, k - name_start));
        }
        at = body.find("coding", at + 1);
      }
    } else if (!body.empty()) {
      return std::nullopt;  // code on line 1: line 2 cannot declare the coding
    }
    start = end + 1;
  }
  return std::nullopt;
}

bool looks_binary(const std::string& bytes) {
  return std::memchr(bytes.data(), '\0', std::min<size_t>(bytes.size(), 8192)) != nullptr;
}

std::optional<SourceText> decode_source(std::string bytes, FileIssue& issue) {
  if (looks_binary(bytes)) {
    issue.reason = "binary file (contains NUL bytes), not Python source";
    return std::nullopt;
  }
  bool bom = starts_with(bytes, "\xEF\xBB\xBF");
  if (bom) bytes.erase(0, 3);
  std::optional<std::string> codec = find_coding_declaration(bytes);
  SourceText out;
  if (!codec || is_utf8_name(*codec)) {
    size_t bad = find_invalid_utf8(bytes);
    if (bad != std::string::npos) {
      issue.line = line_of(bytes, bad);
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[bad]));
      issue.reason = std::string("not valid UTF-8 (byte ") + hex + ") and no coding line declares another encoding";
      return std::nullopt;
    }
    out.encoding = codec ? *codec : "utf-8";
    out.text = std::move(bytes);
    return out;
  }
  if (bom) {
    issue.reason = "UTF-8 byte order mark contradicts the coding line '" + *codec + "'";
    return std::nullopt;
  }
  std::string error;
  std::optional<std::string> text = decode_with_python(bytes, *codec, error);
  if (!text) {
    issue.reason = "cannot decode as '" + *codec + "' (from its coding line): " + error;
    return std::nullopt;
  }
  out.encoding = *codec;
  out.text = std::move(*text);
  return out;
}

std::optional<SourceText> load_source(const std::string& absolute_path, FileIssue& issue) {
  std::string error;
  std::optional<std::string> bytes = read_regular_file(absolute_path, error, ReadOptions{kMaxSourceBytes});
  if (!bytes) {
    issue.reason = "cannot read: " + error;
    return std::nullopt;
  }
  return decode_source(std::move(*bytes), issue);
}

}  // namespace codetrace
