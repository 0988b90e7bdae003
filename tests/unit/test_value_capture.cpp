// The secret detection --values uses to redact names and values.
#include <catch2/catch.hpp>

#include "core/secrets.hpp"
#include "tracer/value_capture.hpp"

using namespace codetrace;

TEST_CASE("values: names that hold secrets are redacted, ordinary names are not") {
  for (const char* name : {"password", "db_password", "API_KEY", "token", "auth_header", "secret", "key", "signing_key"})
    CHECK(looks_secret_name(name));
  for (const char* name : {"amount", "user", "keyboard", "monkey", "rate", "path"}) CHECK_FALSE(looks_secret_name(name));
}

TEST_CASE("values: texts that look like keys or tokens are redacted") {
  CHECK(looks_secret_value("'AKIAABCDEFGHIJKLMNOP'"));
  CHECK(looks_secret_value("'ghp_abcdefghijklmnopqrstuvwxyz0123456789'"));
  CHECK(looks_secret_value("-----BEGIN RSA PRIVATE KEY-----\nMIIE..."));
  CHECK(looks_secret_value("'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'"));
  CHECK_FALSE(looks_secret_value("'hello world'"));
  CHECK_FALSE(looks_secret_value("[1, 2, 3]"));
  CHECK_FALSE(looks_secret_value("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"));  // long but no digits
}
