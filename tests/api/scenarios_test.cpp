// The original README's five demo scenarios, each on a fresh server: normal operation, latency,
// errors, kill and restart, and a cascading failure. Everything measured is awaited with
// eventually(); nothing sleeps for a fixed time.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "lab_fixture.h"

namespace hbtest {
namespace {

class ScenarioTest : public LabTest {
 protected:
  std::uint64_t seed() const override { return 7; }

  json pod_summary() {
    return summarize(pods(), "id",
                     {"status", "phase", "ready", "killed", "latency_ms", "latency_p50_ms",
                      "error_ratio", "reason"});
  }
  json service_summary() {
    return summarize(services(), "name", {"status", "pods_ready", "error_ratio", "latency_p95_ms"});
  }
  json slo_summary() {
    const auto s = slo();
    return {{"burn_rate_5m", s.at("burn_rate_5m")},
            {"indicator", s.at("indicator")},
            {"error_ratio_5m", s.value("error_ratio_5m", json())},
            {"budget_remaining", s.at("budget_remaining")}};
  }

  static bool all_status(const json& summary, const char* status) {
    return std::all_of(summary.begin(), summary.end(),
                       [&](const json& e) { return e.at("status") == status; });
  }
  static bool burn_above_one(const json& s) {
    return s.at("burn_rate_5m").is_number() && s.at("burn_rate_5m").get<double>() > 1.0;
  }
};

// (a) Normal operation: everything healthy, the error budget is not burning.
TEST_F(ScenarioTest, NormalOperation) {
  EXPECT_TRUE(eventually(
      "all 9 pods Healthy", [&] { return pod_summary(); },
      [](const json& s) { return s.size() == 9 && all_status(s, "Healthy"); }));
  EXPECT_TRUE(eventually(
      "all 3 services Healthy", [&] { return service_summary(); },
      [](const json& s) { return s.size() == 3 && all_status(s, "Healthy"); }));
  EXPECT_TRUE(eventually(
      "burn_rate_5m is a number below 1 and the indicator is normal", [&] { return slo_summary(); },
      [](const json& s) {
        return s.at("burn_rate_5m").is_number() && s.at("burn_rate_5m").get<double>() < 1.0 &&
               s.at("indicator") == "normal";
      }));
  const auto s = slo();
  EXPECT_TRUE(s.at("budget_remaining").is_number()) << s.dump();
}

// (b) Latency: 1 s of injected delay on one sensor pod.
TEST_F(ScenarioTest, LatencyInjection) {
  const std::string id = "sensor-sim-pod-1";
  const auto answer = fault(id, {{"delay_ms", 1000}});
  EXPECT_EQ(answer.at("pod").at("delay_ms"), 1000) << answer.dump();

  // The median of the 2 s window reaches 1 s once most of its requests were delayed: a few
  // seconds of lab time, more than the default on a loaded machine.
  EXPECT_TRUE(eventually(
      id + " latency_ms >= 1000", [&] { return pod(id); },
      [](const json& p) {
        return p.at("latency_ms").is_number() && p.at("latency_ms").get<double>() >= 1000.0;
      },
      Poll{std::chrono::seconds(30)}));
  EXPECT_TRUE(eventually(
      id + " Degraded", [&] { return pod(id); },
      [](const json& p) { return p.at("status") == "Degraded"; }));
  EXPECT_TRUE(eventually(
      "sensor-sim Degraded", [&] { return service("sensor-sim"); },
      [](const json& s) { return s.at("status") == "Degraded"; }));
  // The other sensor pods are not slowed down: measured (latency_ms is a number even without
  // traffic, latency_p50_ms only with it) and under 1 s.
  EXPECT_TRUE(eventually(
      "sensor-sim-pod-2 and -3 stay fast, with a measured p50", [&] { return pod_summary(); },
      [](const json& s) {
        for (const char* other : {"sensor-sim-pod-2", "sensor-sim-pod-3"}) {
          const auto& lat = s.at(other).at("latency_ms");
          const auto& p50 = s.at(other).at("latency_p50_ms");
          if (!lat.is_number() || lat.get<double>() >= 1000.0) return false;
          if (!p50.is_number() || p50.get<double>() >= 1000.0) return false;
        }
        return true;
      }));
}

// (c) Errors: 40 % injected errors on one planner pod.
TEST_F(ScenarioTest, ErrorInjection) {
  const std::string id = "planner-sim-pod-1";
  const auto answer = fault(id, {{"error_rate", 0.4}});
  EXPECT_DOUBLE_EQ(answer.at("pod").at("error_rate").get<double>(), 0.4) << answer.dump();

  // The ratio settles once a full 2 s window of lab time holds faulted requests only.
  EXPECT_TRUE(eventually(
      id + " measured error_ratio within 0.25..0.55", [&] { return pod(id); },
      [](const json& p) {
        return p.at("error_ratio").is_number() && p.at("error_ratio").get<double>() >= 0.25 &&
               p.at("error_ratio").get<double>() <= 0.55;
      },
      Poll{std::chrono::seconds(30)}));
  EXPECT_TRUE(eventually(
      id + " Degraded", [&] { return pod(id); },
      [](const json& p) { return p.at("status") == "Degraded"; }));
  EXPECT_TRUE(eventually(
      "/slo burn_rate_5m > 1 and indicator not normal", [&] { return slo_summary(); },
      [](const json& s) {
        return burn_above_one(s) && s.at("indicator").is_string() && s.at("indicator") != "normal";
      }));
}

// (d) Kill and restart one ui-proxy pod.
TEST_F(ScenarioTest, KillAndRestart) {
  const std::string id = "ui-proxy-pod-2";
  const auto killed = fault(id, {{"kill", true}}).at("pod");
  EXPECT_EQ(killed.at("killed"), true) << killed.dump();
  EXPECT_EQ(killed.at("status"), "Down") << killed.dump();

  const auto restarted = restart(id).at("pod");
  EXPECT_EQ(restarted.at("restarts"), 1) << restarted.dump();
  EXPECT_EQ(restarted.at("killed"), false) << restarted.dump();

  EXPECT_TRUE(eventually(
      id + " Healthy and Running", [&] { return pod(id); },
      [](const json& p) { return p.at("status") == "Healthy" && p.at("phase") == "Running"; }));
  EXPECT_EQ(pod(id).at("restarts"), 1);
}

// (e) Cascading failure: one pod of every service, then the whole sensor-sim service.
TEST_F(ScenarioTest, CascadingFailureAndRecovery) {
  const std::vector<std::string> first_wave = {"sensor-sim-pod-1", "planner-sim-pod-1",
                                               "ui-proxy-pod-1"};
  for (const auto& id : first_wave) {
    const auto p = fault(id, {{"kill", true}}).at("pod");
    EXPECT_EQ(p.at("status"), "Down") << p.dump();
  }
  EXPECT_TRUE(eventually(
      "all three services Degraded", [&] { return service_summary(); },
      [](const json& s) { return all_status(s, "Degraded"); }));
  EXPECT_TRUE(eventually(
      "/slo burn_rate_5m > 1", [&] { return slo_summary(); }, burn_above_one));

  for (const std::string id : {"sensor-sim-pod-2", "sensor-sim-pod-3"})
    EXPECT_EQ(fault(id, {{"kill", true}}).at("pod").at("status"), "Down");
  EXPECT_TRUE(eventually(
      "sensor-sim Down", [&] { return service("sensor-sim"); },
      [](const json& s) { return s.at("status") == "Down"; }));

  for (const std::string id : {"sensor-sim-pod-1", "sensor-sim-pod-2", "sensor-sim-pod-3",
                               "planner-sim-pod-1", "ui-proxy-pod-1"}) {
    const auto p = restart(id).at("pod");
    EXPECT_EQ(p.at("killed"), false) << p.dump();
    EXPECT_EQ(p.at("restarts"), 1) << p.dump();
  }
  // Five pods start again and every failed call leaves the 2 s windows: seconds of lab time.
  EXPECT_TRUE(eventually(
      "every pod Healthy after the restarts", [&] { return pod_summary(); },
      [](const json& s) { return all_status(s, "Healthy"); }, Poll{std::chrono::seconds(30)}));
  EXPECT_TRUE(eventually(
      "every service Healthy after the restarts", [&] { return service_summary(); },
      [](const json& s) { return all_status(s, "Healthy"); }, Poll{std::chrono::seconds(30)}));
}

}  // namespace
}  // namespace hbtest
