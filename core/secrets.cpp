#include "core/secrets.hpp"

#include <algorithm>

#include <cctype>
#include <regex>

namespace codetrace {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '+'; }

}  // namespace

bool looks_secret_name(const std::string& name) {
  std::string n = lower(name);
  for (char& c : n)
    if (c == '-') c = '_';  // HTTP headers: X-Api-Key, Proxy-Authorization
  for (const char* word : {"password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "access_key", "private_key",
                           "credential", "session_key", "sessionid", "session_id", "cookie", "authorization", "authentication",
                           "signature", "dsn"})
    if (n.find(word) != std::string::npos) return true;
  // "auth" as a word of its own (auth, auth_header, basic_auth), not inside "author".
  for (size_t at = n.find("auth"); at != std::string::npos; at = n.find("auth", at + 1)) {
    bool starts = at == 0 || n[at - 1] == '_', ends = at + 4 == n.size() || n[at + 4] == '_';
    if (starts && ends) return true;
  }
  return n == "key" || (n.size() > 4 && n.compare(n.size() - 4, 4, "_key") == 0);
}

bool looks_secret_value(const std::string& text) {
  if (text.find("PRIVATE KEY-----") != std::string::npos) return true;
  // AWS access key ids, GitHub / Slack / OpenAI style tokens.
  for (const char* prefix : {"AKIA", "ASIA", "ghp_", "gho_", "github_pat_", "xoxb-", "xoxp-", "sk-"}) {
    size_t at = text.find(prefix);
    if (at == std::string::npos) continue;
    size_t run = 0;
    for (size_t i = at; i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == '-'); ++i) ++run;
    if (run >= 16) return true;
  }
  // A long unbroken run of letters and digits with both present: a token or a key. Not a path
  // ("com/pallets/click/pull/3030/commits/06847da": every '/' part is short) and not a run of the
  // alphabet or of counting digits, which code writes out as character sets.
  size_t run = 0, start = 0;
  bool digit = false, alpha = false;
  auto random_looking = [&](size_t from, size_t length) {
    std::string_view r = std::string_view(text).substr(from, length);
    size_t longest_part = 0, part = 0, ascending = 1;
    for (size_t i = 0; i < r.size(); ++i) {
      part = r[i] == '/' ? 0 : part + 1;
      longest_part = std::max(longest_part, part);
      ascending = i > 0 && r[i] == r[i - 1] + 1 ? ascending + 1 : 1;
      if (ascending >= 8) return false;
    }
    return longest_part >= 24;
  };
  // Lower-case hexadecimal of exactly 40 or 64 digits that the text calls a commit or a digest
  // (`1.11.0+dev.d6d9d8cd...`, `.../commit/<sha>`, `sha256: <hex>`) names an object, it is not a
  // key. The same digits with nothing saying so (a bare value) are still taken as a key.
  auto object_hash = [&](size_t from, size_t length) {
    size_t slash = text.rfind('/', from + length - 1);
    if (slash != std::string::npos && slash >= from) length -= slash + 1 - from, from = slash + 1;  // a URL's last part
    if (length != 40 && length != 64) return false;
    for (size_t i = from; i < from + length; ++i)
      if (!std::isdigit(static_cast<unsigned char>(text[i])) && !(text[i] >= 'a' && text[i] <= 'f')) return false;
    std::string before = lower(text.substr(from >= 24 ? from - 24 : 0, from >= 24 ? 24 : from));
    for (const char* cue : {"commit", "sha", "rev", "+dev", "+g", "tree/", "blob/", "hash", "digest", "checksum"})
      if (before.find(cue) != std::string::npos) return true;
    return false;
  };
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ' ';
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=') {
      if (run == 0) start = i;
      ++run;
      digit |= std::isdigit(static_cast<unsigned char>(c)) != 0;
      alpha |= std::isalpha(static_cast<unsigned char>(c)) != 0;
    } else {
      if (run >= 40 && digit && alpha && random_looking(start, run) && !object_hash(start, run)) return true;
      run = 0;
      digit = alpha = false;
    }
  }
  return false;
}

namespace {

// The end of the word (a token or key candidate) that starts at `i`: letters, digits and
// _ - . + / =. `i` itself when no word starts there.
size_t word_end(const std::string& text, size_t i) {
  while (i < text.size() && (word_char(text[i]) || text[i] == '/' || text[i] == '=')) ++i;
  return i;
}

// `text` with the words that look like keys or tokens replaced.
std::string redact_words(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t j = word_end(text, i);
    if (j == i) {
      out += text[i++];
      continue;
    }
    std::string word = text.substr(i, j - i);
    out += looks_secret_value(word) ? "<redacted>" : word;
    i = j;
  }
  return out;
}

// `text` with group `value` of each match of `pattern` replaced by `replacement` where group
// `name` looks like a secret's name (and the value is not already redacted).
std::string redact_named_values(const std::string& text, const std::regex& pattern, int name, int value, const char* replacement) {
  std::string out;
  size_t last = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    if (!looks_secret_name(m[name].str()) || m[value].str().find("<redacted>") != std::string::npos) continue;
    size_t value_at = static_cast<size_t>(m.position(value));
    out += text.substr(last, value_at - last) + replacement;
    last = value_at + static_cast<size_t>(m.length(value));
  }
  return out + text.substr(last);
}

// Query parameters: ?private_token=abc&x=1.
const std::regex& query_param_pattern() {
  static const std::regex query_param(R"re(([?&])([A-Za-z_][A-Za-z0-9_.-]*)=([^&#\s'"]+))re", std::regex::optimize);
  return query_param;
}

}  // namespace

const std::regex& url_password_pattern() {
  // URL and DSN passwords: scheme://user:password@host.
  static const std::regex url_password(R"re(([A-Za-z][A-Za-z0-9+.-]*://[^/\s:@'"]*):[^/\s'"]+@)re", std::regex::optimize);
  return url_password;
}

const std::regex& jwt_pattern() {
  // JSON Web Tokens: three base64url parts, the first a JSON header ("eyJ").
  static const std::regex jwt(R"re(eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)re", std::regex::optimize);
  return jwt;
}

std::string redact_secrets(const std::string& text) {
  // HTTP credentials: "Bearer abc", "Basic dXNlcjpw".
  static const std::regex scheme_credentials(R"re(\b(Bearer|Basic|Digest|Token)\s+[A-Za-z0-9._~+/=-]+)re",
                                              std::regex::optimize | std::regex::icase);
  // key: value and key=value, quoted or not: the value of a secret-named key is redacted.
  static const std::regex pair(R"re((['"]?)([A-Za-z_][A-Za-z0-9_.-]*)\1(\s*[:=]\s*)(b?'(?:[^'\\]|\\.)*'|b?"(?:[^"\\]|\\.)*"|[^\s,;&)}\]'"]+))re",
                                 std::regex::optimize);
  std::string step = std::regex_replace(text, url_password_pattern(), "$1:<redacted>@");
  step = redact_named_values(step, query_param_pattern(), 2, 3, "<redacted>");
  step = std::regex_replace(step, jwt_pattern(), "<redacted>");
  step = std::regex_replace(step, scheme_credentials, "$1 <redacted>");
  step = redact_named_values(step, pair, 2, 4, "'<redacted>'");
  return redact_words(step);
}

std::string without_credentials(const std::string& url) {
  size_t scheme = url.find("://");
  size_t host = scheme == std::string::npos ? 0 : scheme + 3;
  size_t path = url.find_first_of("/?#", host);
  size_t at = url.rfind('@', path == std::string::npos ? std::string::npos : path);
  std::string out = url;
  if (at != std::string::npos && at >= host && scheme != std::string::npos) out = url.substr(0, host) + url.substr(at + 1);
  return redact_named_values(out, query_param_pattern(), 2, 3, "<redacted>");
}

std::string find_secret(std::string_view text, std::string* where) {
  std::string s(text);
  // Tokens are whitespace- or quote-separated runs; a PEM block anywhere.
  if (s.find("PRIVATE KEY-----") != std::string::npos) {
    if (where) *where = "-----BEGIN ... PRIVATE KEY-----";
    return "private key";
  }
  for (size_t i = 0, j; i < s.size(); i = j > i ? j : i + 1) {
    j = word_end(s, i);
    if (j > i && looks_secret_value(s.substr(i, j - i))) {
      if (where) *where = s.substr(i, j - i);
      return "token or key";
    }
  }
  std::smatch found;
  if (std::regex_search(s, found, jwt_pattern())) {
    if (where) *where = found[0].str();
    return "token or key";
  }
  if (std::regex_search(s, found, url_password_pattern())) {
    std::string credentials = found[0].str();
    std::string password = credentials.substr(credentials.rfind(':') + 1);
    password.pop_back();  // the '@'
    std::string p = lower(password);
    if (p != "<redacted>" && p.find("xxx") == std::string::npos && p.find('<') == std::string::npos && p.find("${") == std::string::npos &&
        p != "password" && p != "pass" && p != "pwd" && p != "secret" && p.find('*') == std::string::npos) {
      if (where) *where = credentials;
      return "password in a URL";
    }
  }
  // password = "hunter2", "api_key": "..." (a literal assigned to a secret-looking name).
  static const std::regex assignment(R"re((\w*(?:password|passwd|secret|api_key|apikey|token|access_key)\w*)["']?\s*[:=]\s*["']([^"'\s]{4,})["'])re",
                                     std::regex::icase | std::regex::optimize);
  std::smatch m;
  if (std::regex_search(s, m, assignment)) {
    std::string value = m[2].str();
    // Placeholders and references are not secrets.
    std::string v = lower(value);
    // Nor is a value that only names the thing (`"token": "Token"`, a label or a type name).
    bool names_itself = lower(m[1].str()).find(v) != std::string::npos;
    if (!names_itself && v.find("xxx") == std::string::npos && v.find("<") == std::string::npos && v.find("${") == std::string::npos &&
        v != "none" && v != "null" && v.find("example") == std::string::npos && v.find("redacted") == std::string::npos) {
      if (where) *where = m[0].str();
      return "password assignment";
    }
  }
  return "";
}

std::string find_personal_data(std::string_view text, std::string* where) {
  // name@domain.tld; example domains (RFC 2606) and noreply addresses are not personal.
  size_t at = text.find('@');
  while (at != std::string_view::npos) {
    size_t start = at, end = at + 1;
    while (start > 0 && word_char(text[start - 1])) --start;
    while (end < text.size() && word_char(text[end])) ++end;
    std::string local(text.substr(start, at - start)), domain(text.substr(at + 1, end - at - 1));
    while (!domain.empty() && domain.back() == '.') domain.pop_back();
    size_t dot = domain.rfind('.');
    bool shaped = !local.empty() && dot != std::string::npos && dot > 0 && domain.size() - dot - 1 >= 2 &&
                  std::isalpha(static_cast<unsigned char>(domain.back()));
    std::string d = lower(domain);
    bool reserved = d == "example.com" || d == "example.org" || d == "example.net" || (d.size() > 8 && d.compare(d.size() - 8, 8, ".example") == 0) ||
                    d.find("localhost") != std::string::npos || lower(local).find("noreply") != std::string::npos ||
                    lower(local).find("no-reply") != std::string::npos;
    if (shaped && !reserved) {
      if (where) *where = local + "@" + domain;
      return "e-mail address";
    }
    at = text.find('@', at + 1);
  }
  return "";
}

}  // namespace codetrace
