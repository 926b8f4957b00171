// The virtual lab: the API's own handlers in virtual time. No sleeping: lab time moves only when
// the test pauses.
#include "experiment/virtual_target.h"

#include <gtest/gtest.h>

namespace hb::experiment {
namespace {

VirtualLabOptions options(core::Duration warmup = core::Duration::zero()) {
  VirtualLabOptions o;
  o.warmup = warmup;
  return o;
}

double timestamp(VirtualTarget& target) {
  return target.call("GET", "/health", std::nullopt).body.at("timestamp").get<double>();
}

TEST(VirtualTarget, APauseAdvancesLabTimeExactly) {
  VirtualTarget target(options());
  const double start = timestamp(target);
  target.pause(std::chrono::minutes(30));
  EXPECT_NEAR(timestamp(target) - start, 1800.0, 1e-6);
  target.pause(std::chrono::milliseconds(250));  // not a whole number of ticks
  EXPECT_NEAR(timestamp(target) - start, 1800.25, 1e-6);
}

TEST(VirtualTarget, WarmsUpBeforeTheExperiment) {
  VirtualTarget target(options(std::chrono::minutes(1)));
  const json slo = target.call("GET", "/slo", std::nullopt).body;
  EXPECT_GT(slo.at("requests_5m").get<double>(), 1000.0);
  EXPECT_EQ(target.describe()["warmup"], "1m");
  EXPECT_EQ(target.describe()["kind"], "virtual");
}

TEST(VirtualTarget, CallsGoThroughTheApiHandlersAndValidation) {
  VirtualTarget target(options(std::chrono::seconds(5)));
  const Answer refused = target.call("POST", "/fault/sensor-sim-pod-1", json{{"error_rate", 1.5}});
  EXPECT_EQ(refused.status, 422u);
  EXPECT_EQ(refused.body.at("field"), "error_rate");
  EXPECT_EQ(target.call("GET", "/pods/nope", std::nullopt).status, 404u);
  EXPECT_EQ(target.call("GET", "/nowhere", std::nullopt).status, 404u);

  const Answer killed = target.call("POST", "/fault/sensor-sim-pod-1", json{{"kill", true}});
  ASSERT_EQ(killed.status, 200u) << killed.body.dump();
  EXPECT_EQ(killed.body.at("pod").at("status"), "Down");
  target.pause(std::chrono::seconds(5));
  const json services = target.call("GET", "/services", std::nullopt).body;
  EXPECT_EQ(services.at("services").at(0).at("pods_ready"), 2);
  // A query string reaches the handler.
  EXPECT_EQ(target.call("GET", "/events?limit=1", std::nullopt).body.at("events").size(), 1u);
}

TEST(VirtualTarget, TheSameSeedGivesTheSameFigures) {
  VirtualTarget a(options(std::chrono::minutes(2)));
  VirtualTarget b(options(std::chrono::minutes(2)));
  const json pods_a = a.call("GET", "/pods", std::nullopt).body.at("pods");
  const json pods_b = b.call("GET", "/pods", std::nullopt).body.at("pods");
  for (std::size_t i = 0; i < pods_a.size(); ++i) {
    EXPECT_EQ(pods_a[i].at("latency_p95_ms"), pods_b[i].at("latency_p95_ms"));
  }
}

}  // namespace
}  // namespace hb::experiment
