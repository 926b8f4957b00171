// GET /pods' and GET /stream's parameters: what they select, and the 422 naming the parameter
// for each bad value.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "api/query.h"
#include "core/cluster.h"

namespace hb::api {
namespace {

using json = nlohmann::json;

core::LabReport default_report() {
  core::Cluster cluster(core::default_lab_spec(), 1, core::TimePoint{});
  return cluster.report();
}

template <typename T>
T accepted(const std::variant<T, http::Response>& result) {
  if (const auto* response = std::get_if<http::Response>(&result)) {
    ADD_FAILURE() << "refused with " << response->status << ": " << response->body;
    return {};
  }
  return std::get<T>(result);
}

// The refusal's field, and that its detail contains `words`.
template <typename T>
std::string refused_field(const std::variant<T, http::Response>& result, const std::string& words) {
  const auto* response = std::get_if<http::Response>(&result);
  if (response == nullptr) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  EXPECT_EQ(response->status, 422u);
  const json body = json::parse(response->body);
  EXPECT_NE(body.at("detail").get<std::string>().find(words), std::string::npos) << body.dump();
  return body.at("field");
}

TEST(PodQueryTest, NoParameterIsThePlainList) {
  const PodQuery query = accepted(parse_pod_query("", default_report()));
  EXPECT_TRUE(query.plain);
  EXPECT_FALSE(query.service || query.status || query.limit);
  EXPECT_EQ(query.offset, 0u);
}

TEST(PodQueryTest, ReadsEveryParameter) {
  const PodQuery query = accepted(
      parse_pod_query("service=planner-sim&status=Degraded&limit=20&offset=40", default_report()));
  EXPECT_FALSE(query.plain);
  EXPECT_EQ(query.service, "planner-sim");
  EXPECT_EQ(query.status, core::PodStatus::kDegraded);
  EXPECT_EQ(query.limit, 20u);
  EXPECT_EQ(query.offset, 40u);
  EXPECT_FALSE(accepted(parse_pod_query("offset=0", default_report())).plain);
}

TEST(PodQueryTest, RefusesBadValuesNamingTheParameter) {
  const auto report = default_report();
  EXPECT_EQ(refused_field(parse_pod_query("service=nope", report),
                          "must name a service of the lab: sensor-sim, planner-sim or ui-proxy"),
            "service");
  EXPECT_EQ(refused_field(parse_pod_query("status=down", report),
                          "must be Healthy, Degraded or Down, got 'down'"),
            "status");
  EXPECT_EQ(refused_field(parse_pod_query("limit=0", report), "from 1 to 1000"), "limit");
  EXPECT_EQ(refused_field(parse_pod_query("limit=1001", report), "from 1 to 1000"), "limit");
  EXPECT_EQ(refused_field(parse_pod_query("limit=", report), "got ''"), "limit");
  EXPECT_EQ(refused_field(parse_pod_query("offset=-3", report), "whole number"), "offset");
  EXPECT_EQ(refused_field(parse_pod_query("offset=99999999999999999999", report), "whole number"),
            "offset");
  EXPECT_EQ(refused_field(parse_pod_query("after=x", report), "not a known query parameter"),
            "after");
}

TEST(StreamQueryTest, SelectsPods) {
  const auto report = default_report();
  EXPECT_EQ(accepted(parse_stream_query("", report)).key(), "all");
  EXPECT_EQ(accepted(parse_stream_query("pods=all", report)).key(), "all");
  EXPECT_EQ(accepted(parse_stream_query("pods=none", report)).key(), "none");
  const PodSelection one = accepted(parse_stream_query("service=ui-proxy", report));
  EXPECT_EQ(one.key(), "service=ui-proxy");
  core::PodReport pod;
  pod.service = "ui-proxy";
  EXPECT_TRUE(one.keeps(pod));
  pod.service = "sensor-sim";
  EXPECT_FALSE(one.keeps(pod));
}

TEST(StreamQueryTest, RefusesBadValuesNamingTheParameter) {
  const auto report = default_report();
  EXPECT_EQ(refused_field(parse_stream_query("pods=some", report), "must be all or none"), "pods");
  EXPECT_EQ(refused_field(parse_stream_query("service=x", report), "got 'x'"), "service");
  EXPECT_EQ(refused_field(parse_stream_query("pods=none&service=ui-proxy", report),
                          "cannot be given with service"),
            "pods");
}

TEST(ParseCountTest, PlainDecimalWithinBounds) {
  EXPECT_EQ(parse_count("0", 0, 10), 0u);
  EXPECT_EQ(parse_count("10", 0, 10), 10u);
  EXPECT_FALSE(parse_count("11", 0, 10));
  EXPECT_FALSE(parse_count("+1", 0, 10));
  EXPECT_FALSE(parse_count(" 1", 0, 10));
  EXPECT_FALSE(parse_count("", 0, 10));
  EXPECT_FALSE(parse_count("18446744073709551616", 0, UINT64_MAX));
}

}  // namespace
}  // namespace hb::api
