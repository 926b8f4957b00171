// The bodies of POST /fault/service/{service} and POST /partition: what they accept, and the
// field and rule every refusal names.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/fault_request.h"

namespace hb::api {
namespace {

// The refusal's field, checked the way every 4xx of the API is: detail starts with it.
void expect_refused(const http::Response& response, unsigned status, const std::string& field) {
  EXPECT_EQ(response.status, status);
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  ASSERT_TRUE(json.is_object() && json.contains("detail")) << response.body;
  EXPECT_EQ(json["detail"].get<std::string>().rfind(field + ": ", 0), 0u) << response.body;
}

TEST(ServiceFaultRequest, ReadsTheModeTheValueAndTheFault) {
  const auto parsed = parse_service_fault(
      R"({"mode": "fixed", "value": 2, "delay_ms": 1000, "jitter_ms": 100, "duration_s": 60})");
  const auto* request = std::get_if<ServiceFaultRequest>(&parsed);
  ASSERT_NE(request, nullptr) << std::get<http::Response>(parsed).body;
  EXPECT_EQ(request->selector.mode, core::SelectMode::kFixed);
  EXPECT_EQ(request->selector.value, 2);
  EXPECT_EQ(request->patch.delay_ms, 1000);
  EXPECT_EQ(request->patch.jitter_ms, 100);
  EXPECT_EQ(request->patch.duration_s, 60.0);
  EXPECT_FALSE(request->patch.kill);
}

struct Refusal {
  std::string name;
  std::string body;
  unsigned status;
  std::string field;
};

class ServiceFaultRefusedTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(ServiceFaultRefusedTest, NamesTheField) {
  const auto parsed = parse_service_fault(GetParam().body);
  const auto* response = std::get_if<http::Response>(&parsed);
  ASSERT_NE(response, nullptr) << "accepted: " << GetParam().body;
  expect_refused(*response, GetParam().status, GetParam().field);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ServiceFaultRefusedTest,
    ::testing::ValuesIn(std::vector<Refusal>{
        {"NotJson", "mode=all", 400, "body"},
        {"NoMode", R"({"kill": true})", 422, "mode"},
        {"UnknownMode", R"({"mode": "random-max-percent", "kill": true})", 422, "mode"},
        {"ModeNotAString", R"({"mode": 1, "kill": true})", 422, "mode"},
        {"ValueAsString", R"({"mode": "fixed", "value": "2", "kill": true})", 422, "value"},
        {"ValueFraction", R"({"mode": "fixed", "value": 1.5, "kill": true})", 422, "value"},
        {"ValueHuge", R"({"mode": "fixed", "value": 18446744073709551615})", 422, "value"},
        {"UnknownField", R"({"mode": "all", "pods": 3})", 422, "pods"},
        {"BadFault", R"({"mode": "all", "error_rate": 2})", 422, "error_rate"},
        {"DurationAlone", R"({"mode": "all", "duration_s": 5})", 422, "duration_s"},
    }),
    [](const auto& test) { return test.param.name; });

TEST(PartitionRequest, ReadsFromToAndDuration) {
  const auto parsed =
      parse_partition(R"({"from": "ui-proxy", "to": "planner-sim", "duration_s": 90})");
  const auto* request = std::get_if<PartitionRequest>(&parsed);
  ASSERT_NE(request, nullptr) << std::get<http::Response>(parsed).body;
  EXPECT_EQ(request->from, "ui-proxy");
  EXPECT_EQ(request->to, "planner-sim");
  EXPECT_EQ(request->duration_s, 90.0);
  const auto lasting = parse_partition(R"({"to": "planner-sim", "from": "ui-proxy"})");
  ASSERT_TRUE(std::holds_alternative<PartitionRequest>(lasting));
  EXPECT_FALSE(std::get<PartitionRequest>(lasting).duration_s);
}

class PartitionRefusedTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(PartitionRefusedTest, NamesTheField) {
  const auto parsed = parse_partition(GetParam().body);
  const auto* response = std::get_if<http::Response>(&parsed);
  ASSERT_NE(response, nullptr) << "accepted: " << GetParam().body;
  expect_refused(*response, GetParam().status, GetParam().field);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PartitionRefusedTest,
    ::testing::ValuesIn(std::vector<Refusal>{
        {"Empty", "", 400, "body"},
        {"Array", R"(["ui-proxy", "planner-sim"])", 422, "body"},
        {"NoFrom", R"({"to": "planner-sim"})", 422, "from"},
        {"NoTo", R"({"from": "ui-proxy"})", 422, "to"},
        {"FromNotAString", R"({"from": 3, "to": "planner-sim"})", 422, "from"},
        {"DurationNegative", R"({"from": "a", "to": "b", "duration_s": -1})", 422, "duration_s"},
        {"DurationAsString", R"({"from": "a", "to": "b", "duration_s": "1m"})", 422, "duration_s"},
        {"UnknownField", R"({"from": "a", "to": "b", "mode": "all"})", 422, "mode"},
    }),
    [](const auto& test) { return test.param.name; });

}  // namespace
}  // namespace hb::api
