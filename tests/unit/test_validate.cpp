#include <catch2/catch.hpp>

#include <algorithm>

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

namespace {
// Q&A records over 20 files of 6 functions each; `answer_for(file, fn)` and `context_for` give the rest.
template <class Answer, class Context>
std::vector<validation::QaExample> synthetic_records(Answer answer_for, Context context_for) {
  std::vector<validation::QaExample> out;
  for (int f = 0; f < 20; ++f)
    for (int k = 0; k < 6; ++k) {
      validation::QaExample e;
      e.path = "pkg/m" + std::to_string(f) + ".py";
      e.symbol = "pkg.m" + std::to_string(f) + ".fn_" + std::to_string(f * 6 + k);
      e.question = "What does `" + e.symbol + "` do?";
      e.question_type = "purpose";
      e.answer = answer_for(f * 6 + k, e.symbol);
      e.context = context_for(f * 6 + k, e.symbol);
      out.push_back(e);
    }
  return out;
}
// Two words from two lists: a different pair for each of 144 numbers.
const char* kNouns[] = {"zebra", "quartz", "lemon", "harbor", "violet", "copper", "meadow", "falcon", "pepper", "canyon", "tulip", "ember"};
const char* kVerbs[] = {"sorts", "merges", "splits", "folds", "trims", "packs", "ranks", "weighs", "scans", "joins", "rolls", "tags"};
std::string words_for(int i) { return std::string(kVerbs[i % 12]) + " " + kNouns[(i / 12) % 12]; }
}  // namespace

TEST_CASE("qa retrieval: answers the context supports are learnable with the names hidden", "[validate]") {
  auto records = synthetic_records([](int i, const std::string&) { return "Counts the " + words_for(i) + " totals."; },
                                   [](int i, const std::string& s) { return "def " + s.substr(s.rfind('.') + 1) + "():\n    \"\"\"Counts the " + words_for(i) + " totals.\"\"\""; });
  ModelFigures m = validation::qa_retrieval_model(records);
  REQUIRE(m.skipped.empty());
  CHECK(m.figures.at("masked_top1") >= 0.9);
  CHECK(m.figures.at("masked_name_lookup_top1") == 0);  // the masking leaves no name to look up
  CHECK(m.figures.at("name_lookup_top1") == 1);          // one answer per named symbol
  CHECK(m.learnable);
}

TEST_CASE("qa retrieval: answers that only the name supports are not learnable once it is hidden", "[validate]") {
  // The answer's words are the words of the symbol's name (`fn_7` stands for `zebra_quartz_...`),
  // and the context has nothing else: unmasked they match, masked nothing is left.
  auto name = [](const std::string& s) {
    std::string n = words_for(std::stoi(s.substr(s.rfind('_') + 1)));
    std::replace(n.begin(), n.end(), ' ', '_');
    return n;
  };
  auto records = synthetic_records([](int i, const std::string&) { return "Counts the " + words_for(i) + " totals."; },
                                   [&](int, const std::string& s) { return "def " + name(s) + "():\n    pass"; });
  for (auto& r : records) {  // the symbol is named by its words
    std::string n = name(r.symbol);
    r.symbol = r.symbol.substr(0, r.symbol.rfind('.') + 1) + n;
    r.question = "What does `" + r.symbol + "` do?";
  }
  ModelFigures m = validation::qa_retrieval_model(records);
  REQUIRE(m.skipped.empty());
  CHECK(m.figures.at("masked_top1") < 0.2);  // 1.0 without the masking
  CHECK_FALSE(m.learnable);
}

TEST_CASE("qa retrieval: too few held-out records is a skip, not a verdict", "[validate]") {
  auto records = synthetic_records([](int i, const std::string&) { return "Counts " + words_for(i); }, [](int, const std::string&) { return ""; });
  records.resize(24);  // four files: one held out
  CHECK_FALSE(validation::qa_retrieval_model(records).skipped.empty());
}

TEST_CASE("predict_output baselines: an argument as the answer, the function's usual answer, the commonest answer", "[validate]") {
  auto record = [](const std::string& symbol, const std::string& expression, const std::string& answer) {
    validation::QaExample e;
    e.path = "m.py", e.symbol = symbol, e.question_type = "predict_output", e.expression = expression, e.answer = answer;
    return e;
  };
  std::vector<validation::QaExample> records = {
      record("m.first", "first(['a', 'b'])", "'a'"),          // identity
      record("m.ident", "ident(x=10)", "10"),                  // identity (by keyword)
      record("m.inc", "inc(10)", "11"),                        // `1` in `10` is not the whole value
      record("m.flag", "flag(1)", "True"), record("m.flag", "flag(2)", "True"), record("m.flag", "flag(3)", "True"),
      record("m.flag", "flag(0)", "False"),
  };
  ModelFigures m = validation::predict_output_baselines(records);
  REQUIRE(m.skipped.empty());
  CHECK_FALSE(m.has_model);
  CHECK(m.figures.at("records") == 7);
  CHECK(m.figures.at("identity") == Approx(2.0 / 7));
  CHECK(m.figures.at("function_constant") == Approx(3.0 / 7));  // each `True` from the other two (the record itself left out)
  CHECK(m.figures.at("global_constant") == Approx(3.0 / 7));
  CHECK(validation::predict_output_baselines({record("m.x", "", "1")}).skipped != "");
}

TEST_CASE("learnable means twice the best baseline and five points above it", "[validate]") {
  CHECK(validation::beats_by_margin(0.30, {{"a", 0.10}, {"b", 0.15}}));
  CHECK_FALSE(validation::beats_by_margin(0.29, {{"a", 0.10}, {"b", 0.15}}));  // under 2x
  CHECK_FALSE(validation::beats_by_margin(0.04, {{"a", 0.0}}));                // under +5 points
  CHECK(validation::beats_by_margin(0.05, {{"a", 0.0}}));
}
