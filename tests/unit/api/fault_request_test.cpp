#include "api/fault_request.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace hb::api {
namespace {

struct ValidBody {
  std::string name;
  std::string body;
  std::optional<std::int64_t> delay_ms;
  std::optional<double> error_rate;
  std::optional<bool> kill;
};

std::vector<ValidBody> valid_bodies() {
  return {
      {"EmptyObject", "{}", std::nullopt, std::nullopt, std::nullopt},
      {"DelayOnly", R"({"delay_ms": 5000})", 5000, std::nullopt, std::nullopt},
      {"DelayZero", R"({"delay_ms": 0})", 0, std::nullopt, std::nullopt},
      {"DelayMax", R"({"delay_ms": 600000})", 600000, std::nullopt, std::nullopt},
      {"ErrorRateOnly", R"({"error_rate": 0.3})", std::nullopt, 0.3, std::nullopt},
      {"ErrorRateIntegerOne", R"({"error_rate": 1})", std::nullopt, 1.0, std::nullopt},
      {"ErrorRateZero", R"({"error_rate": 0})", std::nullopt, 0.0, std::nullopt},
      {"KillTrue", R"({"kill": true})", std::nullopt, std::nullopt, true},
      {"KillFalse", R"({"kill": false})", std::nullopt, std::nullopt, false},
      {"AllFields", R"({"delay_ms": 250, "error_rate": 0.5, "kill": false})", 250, 0.5, false},
      {"Whitespace", " \n {\"kill\" : true} \n", std::nullopt, std::nullopt, true},
      {"TimedDelay", R"({"delay_ms": 800, "duration_s": 2.5})", 800, std::nullopt, std::nullopt},
  };
}

class FaultRequestValidTest : public ::testing::TestWithParam<ValidBody> {};

TEST_P(FaultRequestValidTest, GivesThePatch) {
  const auto parsed = parse_fault_patch(GetParam().body);
  const auto* patch = std::get_if<core::FaultPatch>(&parsed);
  ASSERT_NE(patch, nullptr) << std::get<http::Response>(parsed).body;
  EXPECT_EQ(patch->delay_ms, GetParam().delay_ms);
  EXPECT_EQ(patch->error_rate, GetParam().error_rate);
  EXPECT_EQ(patch->kill, GetParam().kill);
}

INSTANTIATE_TEST_SUITE_P(Table, FaultRequestValidTest, ::testing::ValuesIn(valid_bodies()),
                         [](const auto& test) { return test.param.name; });

struct RefusedBody {
  std::string name;
  std::string body;
  unsigned status;
  std::string field;  // must appear in "detail"; also the "field" member for a 422
};

std::vector<RefusedBody> refused_bodies() {
  return {
      {"Empty", "", 400, "body"},
      {"OnlyWhitespace", " \r\n\t", 400, "body"},
      {"NotJson", "delay_ms=5", 400, "body"},
      {"TruncatedJson", R"({"delay_ms": 5)", 400, "body"},
      {"TrailingGarbage", R"({"delay_ms": 5} x)", 400, "body"},
      {"Array", "[1, 2]", 422, "body"},
      {"String", R"("kill")", 422, "body"},
      {"Null", "null", 422, "body"},
      {"UnknownField", R"({"delay": 5})", 422, "delay"},
      {"UnknownFieldBesideKnownOnes", R"({"kill": true, "restart": true})", 422, "restart"},
      {"ErrorRateAsString", R"({"error_rate": "0.3"})", 422, "error_rate"},
      {"ErrorRateNull", R"({"error_rate": null})", 422, "error_rate"},
      {"ErrorRateNegative", R"({"error_rate": -0.1})", 422, "error_rate"},
      {"ErrorRateOverOne", R"({"error_rate": 1.5})", 422, "error_rate"},
      {"DelayFraction", R"({"delay_ms": 1.5})", 422, "delay_ms"},
      {"DelayFloatExponent", R"({"delay_ms": 1e3})", 422, "delay_ms"},
      {"DelayAsString", R"({"delay_ms": "100"})", 422, "delay_ms"},
      {"DelayNegative", R"({"delay_ms": -1})", 422, "delay_ms"},
      {"DelayOverMax", R"({"delay_ms": 600001})", 422, "delay_ms"},
      {"DelayOverInt64", R"({"delay_ms": 18446744073709551615})", 422, "delay_ms"},
      {"KillAsYes", R"({"kill": "yes"})", 422, "kill"},
      {"KillAsOne", R"({"kill": 1})", 422, "kill"},
      {"JitterFraction", R"({"jitter_ms": 2.5})", 422, "jitter_ms"},
      {"JitterNegative", R"({"jitter_ms": -3})", 422, "jitter_ms"},
      {"JitterOverMax", R"({"jitter_ms": 600001})", 422, "jitter_ms"},
      {"DurationAsString", R"({"kill": true, "duration_s": "30s"})", 422, "duration_s"},
      {"DurationZero", R"({"kill": true, "duration_s": 0})", 422, "duration_s"},
      {"DurationOverADay", R"({"kill": true, "duration_s": 86401})", 422, "duration_s"},
      {"DurationAlone", R"({"duration_s": 10})", 422, "duration_s"},
  };
}

class FaultRequestRefusedTest : public ::testing::TestWithParam<RefusedBody> {};

TEST_P(FaultRequestRefusedTest, AnswersWithTheStatusAndNamesTheField) {
  std::optional<std::variant<core::FaultPatch, http::Response>> parsed;
  ASSERT_NO_THROW(parsed = parse_fault_patch(GetParam().body));
  const auto* response = std::get_if<http::Response>(&*parsed);
  ASSERT_NE(response, nullptr) << "accepted: " << GetParam().body;
  EXPECT_EQ(response->status, GetParam().status);
  EXPECT_EQ(response->content_type, "application/json");
  const auto json = nlohmann::json::parse(response->body, nullptr, false);
  ASSERT_TRUE(json.is_object()) << response->body;
  ASSERT_TRUE(json.contains("detail")) << response->body;
  ASSERT_TRUE(json["detail"].is_string()) << response->body;
  const auto detail = json["detail"].get<std::string>();
  EXPECT_EQ(detail.rfind(GetParam().field + ": ", 0), 0u) << detail;
  if (GetParam().status == 422) {
    EXPECT_EQ(json.value("field", ""), GetParam().field) << response->body;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, FaultRequestRefusedTest, ::testing::ValuesIn(refused_bodies()),
                         [](const auto& test) { return test.param.name; });

// 1e400 is valid JSON grammar but overflows a double: nlohmann::json::parse throws
// out_of_range (406), not parse_error, and parse_fault_patch only catches parse_error, so the
// exception escapes (the server answers 500 instead of refusing the input).
TEST(FaultRequestTest, NumberTooLargeForADoubleIsRefusedWithoutThrowing) {
  for (const std::string body : {R"({"error_rate": 1e400})", R"({"delay_ms": -1e400})"}) {
    SCOPED_TRACE(body);
    std::optional<std::variant<core::FaultPatch, http::Response>> parsed;
    ASSERT_NO_THROW(parsed = parse_fault_patch(body));
    const auto* response = std::get_if<http::Response>(&*parsed);
    ASSERT_NE(response, nullptr) << "accepted";
    EXPECT_TRUE(response->status == 400 || response->status == 422) << response->status;
    const auto json = nlohmann::json::parse(response->body, nullptr, false);
    EXPECT_TRUE(json.is_object() && json.contains("detail")) << response->body;
  }
}

}  // namespace
}  // namespace hb::api
