// The secret detection that --values uses to redact names and values and validate uses to flag records.
#include <catch2/catch.hpp>

#include "core/secrets.hpp"

using namespace codetrace;

TEST_CASE("values: names that hold secrets are redacted, ordinary names are not") {
  for (const char* name : {"password", "db_password", "API_KEY", "token", "auth_header", "secret", "key", "signing_key"})
    CHECK(looks_secret_name(name));
  for (const char* name : {"Authorization", "X-Api-Key", "basic_auth", "session_id", "database_dsn"}) CHECK(looks_secret_name(name));
  for (const char* name : {"amount", "user", "keyboard", "monkey", "rate", "path", "author", "authors"}) CHECK_FALSE(looks_secret_name(name));
}

TEST_CASE("values: texts that look like keys or tokens are redacted") {
  CHECK(looks_secret_value("'AKIAABCDEFGHIJKLMNOP'"));
  CHECK(looks_secret_value("'ghp_abcdefghijklmnopqrstuvwxyz0123456789'"));
  CHECK(looks_secret_value("-----BEGIN RSA PRIVATE KEY-----\nMIIE..."));
  CHECK(looks_secret_value("'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'"));
  // The same digits where the text says they name a commit or a digest are not a key.
  CHECK_FALSE(looks_secret_value("like `1.11.0+dev.d6d9d8cd4f27c52edac1f537e236ec48a01e54cb.dirty`"));
  CHECK_FALSE(looks_secret_value("see https://github.com/o/r/commit/d6d9d8cd4f27c52edac1f537e236ec48a01e54cb"));
  CHECK_FALSE(looks_secret_value("sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
  CHECK(looks_secret_value("key d6d9d8cd4f27c52edac1f537e236ec48a01e54cb"));
  CHECK_FALSE(looks_secret_value("'hello world'"));
  CHECK_FALSE(looks_secret_value("[1, 2, 3]"));
  CHECK_FALSE(looks_secret_value("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"));  // long but no digits
}

TEST_CASE("values: secrets inside a value's repr are redacted, the rest is kept") {
  // A dict or **kwargs with a secret-named key; an ordinary key keeps its value.
  CHECK(redact_secrets("{'user': 'ann', 'password': 'hunter2'}") == "{'user': 'ann', 'password': '<redacted>'}");
  CHECK(redact_secrets("{\"api_key\": \"abc\", \"n\": 3}") == "{\"api_key\": '<redacted>', \"n\": 3}");
  CHECK(redact_secrets("connect(host='db', passwd='pw1')") == "connect(host='db', passwd='<redacted>')");
  // DSNs and URLs with a password, the password holding an '@'.
  CHECK(redact_secrets("'postgresql://app:s3cr@t@db.internal:5432/shop'") == "'postgresql://app:<redacted>@db.internal:5432/shop'");
  CHECK(redact_secrets("'https://example.com/path?q=1'") == "'https://example.com/path?q=1'");
  CHECK(redact_secrets("fatal: unable to access 'https://h:9/r.git?private_token=abc123/': refused") ==
        "fatal: unable to access 'https://h:9/r.git?private_token=<redacted>': refused");
  CHECK(without_credentials("https://user:p@ss@host/x.git?token=abc&ref=main") == "https://host/x.git?token=<redacted>&ref=main");
  CHECK(without_credentials("git@github.com:psf/requests.git") == "git@github.com:psf/requests.git");
  // HTTP headers and JSON Web Tokens.
  CHECK(redact_secrets("{'Authorization': 'Bearer abc.def'}") == "{'Authorization': 'Bearer <redacted>'}");
  CHECK(redact_secrets("'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'") == "'<redacted>'");
  // A token inside a longer text.
  CHECK(redact_secrets("key is AKIAABCDEFGHIJKLMNOP here") == "key is <redacted> here");
  // Nothing to redact.
  CHECK(redact_secrets("Cart(items=[Item(name='tea', price=2.5)], author='ann')") ==
        "Cart(items=[Item(name='tea', price=2.5)], author='ann')");
}

TEST_CASE("validate: URL passwords and JWTs are secrets, placeholders are not") {
  CHECK(find_secret("dsn = 'postgresql://app:s3cret@db/shop'") == "password in a URL");
  CHECK(find_secret("postgresql://user:<password>@host/db") == "");
  CHECK(find_secret("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl") == "token or key");
}

TEST_CASE("validate: ordinary code is not a secret") {
  // A URL path, a character set written out, a value that names its key.
  CHECK(find_secret("# https://github.com/pallets/click/pull/3030/commits/06847da").empty());
  CHECK(find_secret("chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'").empty());
  CHECK(find_secret("names = {\"token\": \"Token\", \"name\": \"Name\"}").empty());
  // Real ones still are.
  CHECK_FALSE(find_secret("key = 'Zt8kQ2mW9xLp4vR7nB3cY6hJ1dF5gS0aE2uI8oP4'").empty());
  CHECK_FALSE(find_secret("api_token = \"s3cr3t-v4lue\"").empty());
}
