#pragma once
// Detectors for what must not reach a dataset: secrets (keys, tokens, private keys, passwords)
// and personal data (e-mail addresses). The tracer redacts values with them (--values) and
// `codetrace validate` scans every field of every record with them.
#include <string>
#include <string_view>

namespace codetrace {

// A variable or argument name that usually holds a secret: password, api_key, token, ...
bool looks_secret_name(const std::string& name);
// A value that looks like a key or a token: AWS key ids, GitHub / Slack / OpenAI tokens, PEM
// private keys, a long unbroken run of letters and digits with both present.
bool looks_secret_value(const std::string& text);

// `text` (a repr of a runtime value, a message) with every secret inside it replaced by
// "<redacted>": the values of secret-named keys and keyword arguments ({'password': 'x'},
// token=..., "Authorization: Bearer ..."), the password of a URL or DSN
// (postgresql://app:<redacted>@db/x), JSON Web Tokens, and words that look_secret_value.
std::string redact_secrets(const std::string& text);

// A URL fit to show and to record: "https://user:token@host/x.git?private_token=abc" ->
// "https://host/x.git?private_token=<redacted>". The credentials end at the last '@' before the
// path (a password may hold an '@'); query parameters named like secrets lose their values.
std::string without_credentials(const std::string& url);

// What a text holds that should not be published, or "" if nothing: "private key",
// "token or key", "password assignment", "e-mail address". `where` gets the offending part.
std::string find_secret(std::string_view text, std::string* where = nullptr);
std::string find_personal_data(std::string_view text, std::string* where = nullptr);

}  // namespace codetrace
