#include "api/readiness.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace hb::api {
namespace {

using nlohmann::json;

TEST(ReadinessTest, ReadyUpToTheBound) {
  const auto at_bound =
      readiness_response({std::chrono::seconds(5), 3, 1700000000.5}, std::chrono::seconds(5));
  EXPECT_EQ(at_bound.status, 200u);
  EXPECT_EQ(json::parse(at_bound.body.view()),
            json::parse(R"({"status": "ready", "lag_s": 5.0, "max_lag_s": 5.0,
                            "queued_commands": 3, "timestamp": 1700000000.5,
                            "saved_at": null})"));
}

TEST(ReadinessTest, SaysWhenTheLabWasLastSaved) {
  const auto kept = readiness_response(
      {std::chrono::milliseconds(50), 0, 1700000000.5, 1700000000.25}, std::chrono::seconds(5));
  EXPECT_EQ(json::parse(kept.body.view()).at("saved_at"), 1700000000.25);
}

TEST(ReadinessTest, LaggingBeyondIt) {
  const auto behind = readiness_response({std::chrono::milliseconds(5250), 0, 1700000000.0},
                                         std::chrono::seconds(5));
  EXPECT_EQ(behind.status, 503u);
  const json body = json::parse(behind.body.view());
  EXPECT_EQ(body.at("status"), "lagging");
  EXPECT_EQ(body.at("lag_s"), 5.25);
  EXPECT_EQ(body.at("detail"),
            "the lab is 5.250 s behind real time, more than the 5.000 s allowed (--max-lag)");
}

}  // namespace
}  // namespace hb::api
