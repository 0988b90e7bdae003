#include <catch2/catch.hpp>

#include "core/secrets.hpp"
#include "core/validate/checks.hpp"
#include "core/validate/near_duplicates.hpp"

using namespace codetrace;

TEST_CASE("find_secret names keys, tokens, private keys and password literals", "[validate]") {
  std::string where;
  CHECK(find_secret("the key is AKIAIOSFODNN7REALKEY1 here", &where) == "token or key");
  CHECK(where == "AKIAIOSFODNN7REALKEY1");
  CHECK(find_secret("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn...") == "private key");
  CHECK(find_secret("password = \"hunter2!x\"", &where) == "password assignment");
  CHECK(find_secret("{'api_key': 'zq81Lm0pX'}") == "password assignment");
  // Not secrets: prose, placeholders, a hash-free identifier, numbers.
  CHECK(find_secret("What does `shop.io.loader.load_data` return?").empty());
  CHECK(find_secret("password = \"<redacted>\"").empty());
  CHECK(find_secret("token = \"${TOKEN}\"").empty());
  CHECK(find_secret("[[1, 2], [3]]").empty());
}

TEST_CASE("find_personal_data finds e-mail addresses but not reserved example domains", "[validate]") {
  std::string where;
  CHECK(find_personal_data("mail jane.doe@gmail.com today", &where) == "e-mail address");
  CHECK(where == "jane.doe@gmail.com");
  CHECK(find_personal_data("customer='ada@example.com'").empty());
  CHECK(find_personal_data("noreply@github.com").empty());
  CHECK(find_personal_data("@decorator and a@b").empty());
}

TEST_CASE("near duplicates: reworded copies found, different texts not", "[validate]") {
  std::vector<std::string> texts = {
      "What does the function shop.cart.total do? Returns the total of the cart including tax and discounts for the country",
      "What does the function shop.cart.total do? Returns the total of the cart including tax and discounts for the country given",
      "Where is shop.models.Item defined? In shop/models.py at lines 5 to 17",
      "What does the function shop.cart.total do? Returns the total of the cart including tax and discounts for the country",
  };
  std::vector<long> near = find_near_duplicates(texts, 0.8);
  REQUIRE(near.size() == 4);
  CHECK(near[0] == -1);
  CHECK(near[1] == 0);
  CHECK(near[2] == -1);
  CHECK(near[3] == 0);
}

TEST_CASE("the held-out files are a deterministic fifth, at least one", "[validate]") {
  using validation::held_out_files;
  CHECK(held_out_files({"a.py"}).empty());
  std::vector<std::string> ten;
  for (int i = 0; i < 10; ++i) ten.push_back("pkg/m" + std::to_string(i) + ".py");
  std::set<std::string> first = held_out_files(ten);
  CHECK(first.size() == 2);
  std::vector<std::string> reversed(ten.rbegin(), ten.rend());
  reversed.insert(reversed.end(), ten.begin(), ten.end());  // order and repeats do not matter
  CHECK(held_out_files(reversed) == first);
  CHECK(held_out_files({"x.py", "y.py"}).size() == 1);
}
