// POST /fault input validation: every refused body gets the right status, a JSON {"detail"} that
// names the field and the rule, and changes nothing on the pod.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "lab_fixture.h"

namespace hbtest {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct BadFault {
  std::string name;                     // test name suffix
  std::string body;                     // sent as is
  unsigned status;                      // 400 or 422
  std::string field;                    // the detail must contain it ("" when no field is involved)
  std::vector<std::string> rule_words;  // the detail must contain one of them (case-insensitive)
};

void PrintTo(const BadFault& c, std::ostream* os) {
  *os << c.name << " " << c.body;
}

const std::vector<std::string> kJsonWords = {"json"};
const std::vector<std::string> kObjectWords = {"object"};
const std::vector<std::string> kNumberWords = {"number", "numeric", "float", "double", "real"};
const std::vector<std::string> kIntegerWords = {"integer", "int"};
const std::vector<std::string> kBoolWords = {"bool", "true or false"};
const std::vector<std::string> kUnitRangeWords = {"1"};  // "between 0 and 1", "<= 1", "[0, 1]"
const std::vector<std::string> kDelayRangeWords = {"600000", "600 000", "600,000"};
const std::vector<std::string> kUnknownWords = {"unknown",     "unexpected", "not allowed",
                                                "unsupported", "invalid",    "not a"};

std::vector<BadFault> bad_faults() {
  return {
      // Not JSON at all: 400.
      {"EmptyBody", "", 400, "", {"json", "empty", "body"}},
      {"FormEncoded", "error_rate=0.3", 400, "", kJsonWords},
      {"Truncated", R"({"error_rate": 0.3)", 400, "", kJsonWords},
      {"TrailingGarbage", R"({"error_rate": 0.3} x)", 400, "", kJsonWords},
      {"SingleQuotes", R"({'error_rate': 0.3})", 400, "", kJsonWords},
      {"BareWord", "yes", 400, "", kJsonWords},
      // JSON, but not an object: 422.
      {"ArrayBody", R"([{"error_rate": 0.3}])", 422, "", kObjectWords},
      {"NumberBody", "0.3", 422, "", kObjectWords},
      {"StringBody", R"("error_rate")", 422, "", kObjectWords},
      {"NullBody", "null", 422, "", kObjectWords},
      {"TrueBody", "true", 422, "", kObjectWords},
      // Unknown fields: 422, even beside valid ones.
      {"UnknownField", R"({"errors": 0.3})", 422, "errors", kUnknownWords},
      {"UnknownFieldBesideValid", R"({"error_rate": 0.3, "delay": 5})", 422, "delay",
       kUnknownWords},
      {"MisspelledKill", R"({"killed": true})", 422, "killed", kUnknownWords},
      // Wrong types: 422.
      {"ErrorRateAsString", R"({"error_rate": "0.3"})", 422, "error_rate", kNumberWords},
      {"ErrorRateAsBool", R"({"error_rate": true})", 422, "error_rate", kNumberWords},
      {"ErrorRateNull", R"({"error_rate": null})", 422, "error_rate", kNumberWords},
      {"DelayFraction", R"({"delay_ms": 1.5})", 422, "delay_ms", kIntegerWords},
      {"DelayAsString", R"({"delay_ms": "100"})", 422, "delay_ms", kIntegerWords},
      {"DelayAsArray", R"({"delay_ms": [100]})", 422, "delay_ms", kIntegerWords},
      {"KillAsString", R"({"kill": "yes"})", 422, "kill", kBoolWords},
      {"KillAsNumber", R"({"kill": 1})", 422, "kill", kBoolWords},
      {"KillNull", R"({"kill": null})", 422, "kill", kBoolWords},
      // Out of range: 422.
      {"ErrorRateAboveOne", R"({"error_rate": 1.5})", 422, "error_rate", kUnitRangeWords},
      {"ErrorRateNegative", R"({"error_rate": -0.1})", 422, "error_rate", kUnitRangeWords},
      {"ErrorRateTwo", R"({"error_rate": 2})", 422, "error_rate", kUnitRangeWords},
      {"DelayNegative", R"({"delay_ms": -1})", 422, "delay_ms", kDelayRangeWords},
      {"DelayAboveLimit", R"({"delay_ms": 600001})", 422, "delay_ms", kDelayRangeWords},
      {"DelayHuge", R"({"delay_ms": 99999999999999999999})", 422, "delay_ms", {}},
      // One bad field refuses the whole request.
      {"ValidRateWithBadDelay", R"({"error_rate": 0.3, "delay_ms": -5})", 422, "delay_ms",
       kDelayRangeWords},
      {"KillWithBadRate", R"({"kill": true, "error_rate": 2})", 422, "error_rate", kUnitRangeWords},
      {"DelayWithBadKill", R"({"delay_ms": 500, "kill": "true"})", 422, "kill", kBoolWords},
  };
}

class FaultValidationTest : public LabTest, public ::testing::WithParamInterface<BadFault> {};

TEST_P(FaultValidationTest, IsRefusedAndChangesNothing) {
  const BadFault& c = GetParam();
  const std::string id = "planner-sim-pod-1";
  const auto before = injected(pod(id));

  const auto r = client().post("/fault/" + id, c.body);
  EXPECT_EQ(r.status, c.status) << "body " << c.body << " -> " << r.describe();
  EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos) << r.describe();
  const auto answer = r.json();
  ASSERT_TRUE(answer.is_object() && answer.contains("detail") && answer.at("detail").is_string())
      << "error body must be {\"detail\": <text>}: " << r.describe();
  const std::string detail = answer.at("detail").get<std::string>();
  EXPECT_FALSE(detail.empty());
  if (!c.field.empty()) {
    EXPECT_NE(detail.find(c.field), std::string::npos)
        << "detail should name the field '" << c.field << "': " << detail;
  }
  if (!c.rule_words.empty()) {
    const bool names_rule = std::any_of(
        c.rule_words.begin(), c.rule_words.end(),
        [&](const std::string& w) { return lower(detail).find(lower(w)) != std::string::npos; });
    EXPECT_TRUE(names_rule) << "detail should state the rule (one of: "
                            << ::testing::PrintToString(c.rule_words) << "): " << detail;
  }

  const auto after = pod(id);
  EXPECT_EQ(injected(after), before) << "a refused request must change nothing";
  if (before.at("killed") == false) {
    EXPECT_NE(after.at("status"), "Down") << after.dump();
  }
}

INSTANTIATE_TEST_SUITE_P(BadBodies, FaultValidationTest, ::testing::ValuesIn(bad_faults()),
                         [](const ::testing::TestParamInfo<BadFault>& p) { return p.param.name; });

// A refused request keeps an existing fault, not just the defaults.
TEST_F(LabTest, RefusedFaultKeepsThePreviousFault) {
  const std::string id = "sensor-sim-pod-3";
  fault(id, {{"error_rate", 0.2}, {"delay_ms", 50}});
  const auto before = injected(pod(id));
  const auto r = client().post("/fault/" + id, R"({"error_rate": 0.9, "delay_ms": 600001})");
  EXPECT_EQ(r.status, 422u) << r.describe();
  EXPECT_EQ(injected(pod(id)), before);
}

// The body is validated first, then the pod is looked up.
TEST_F(LabTest, FaultOnUnknownPodWithValidBodyIs404) {
  for (const std::string body : {R"({"error_rate": 0.3})", "{}", R"({"kill": true})"}) {
    const auto r = client().post("/fault/no-such-pod", body);
    EXPECT_EQ(r.status, 404u) << body << " -> " << r.describe();
    EXPECT_EQ(r.json(), json({{"detail", "Pod not found"}})) << body;
  }
  const auto r = client().post("/fault/sensor-sim-pod-4", R"({"delay_ms": 10})");
  EXPECT_EQ(r.status, 404u) << r.describe();
  EXPECT_EQ(r.json(), json({{"detail", "Pod not found"}}));
}

TEST_F(LabTest, FaultOnUnknownPodWithInvalidBodyReportsTheBody) {
  auto r = client().post("/fault/no-such-pod", R"({"error_rate": 1.5})");
  EXPECT_EQ(r.status, 422u) << r.describe();
  EXPECT_NE(r.json().at("detail").get<std::string>().find("error_rate"), std::string::npos)
      << r.describe();

  r = client().post("/fault/no-such-pod", "not json");
  EXPECT_EQ(r.status, 400u) << r.describe();
  EXPECT_TRUE(r.json().at("detail").is_string()) << r.describe();

  r = client().post("/fault/no-such-pod", "");
  EXPECT_EQ(r.status, 400u) << r.describe();
  EXPECT_TRUE(r.json().at("detail").is_string()) << r.describe();
}

// The server keeps serving after a series of bad requests on one keep-alive connection.
TEST_F(LabTest, BadFaultRequestsDoNotBreakTheConnection) {
  for (const auto& c : bad_faults()) {
    const auto r = client().post("/fault/ui-proxy-pod-2", c.body);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.describe();
  }
  EXPECT_EQ(client().get("/health").status, 200u);
  const auto p = pod("ui-proxy-pod-2");
  EXPECT_EQ(p.at("error_rate"), 0) << p.dump();
  EXPECT_EQ(p.at("delay_ms"), 0) << p.dump();
  EXPECT_EQ(p.at("killed"), false) << p.dump();
}

}  // namespace
}  // namespace hbtest
