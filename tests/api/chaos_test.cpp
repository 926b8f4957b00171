// The chaos endpoints against the real binary: timed faults that end by themselves, jitter,
// service-wide modes, partitions, clearing one pod, reset, GET /faults and the events they log.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "lab_fixture.h"

namespace hbtest {
namespace {

class ChaosTest : public LabTest {
 protected:
  json faults() { return expect_json(client().get("/faults"), 200, "GET /faults"); }
  json events() { return expect_json(client().get("/events?limit=100"), 200, "GET /events"); }
  bool logged(const std::string& kind, const std::string& target) {
    const json page = events();
    return std::any_of(page.at("events").begin(), page.at("events").end(), [&](const json& e) {
      return e.at("kind") == kind && e.at("target") == target;
    });
  }
  // A refusal: the status, and a detail that starts with the field.
  static void expect_refused(const HttpResponse& response, unsigned status,
                             const std::string& field) {
    EXPECT_EQ(response.status, status) << response.describe();
    const json body = response.json();
    EXPECT_EQ(body.at("detail").get<std::string>().rfind(field + ": ", 0), 0u)
        << response.describe();
  }
};

TEST_F(ChaosTest, TimedFaultEndsByItselfAndSaysSo) {
  const double before = now_unix_seconds();
  const json answer = fault("sensor-sim-pod-1", {{"delay_ms", 400}, {"duration_s", 1.5}});
  const json& pod = answer.at("pod");
  EXPECT_EQ(pod.at("delay_ms"), 400);
  ASSERT_TRUE(pod.at("fault_ends_at").is_number()) << pod.dump();
  EXPECT_NEAR(pod.at("fault_ends_at").get<double>(), before + 1.5, 1.0);

  const json listed = faults();
  ASSERT_EQ(listed.at("faults").size(), 1u) << listed.dump();
  const json& entry = listed.at("faults")[0];
  EXPECT_EQ(entry.at("pod"), "sensor-sim-pod-1");
  EXPECT_EQ(entry.at("service"), "sensor-sim");
  EXPECT_EQ(entry.at("reverts")[0].at("restores"), (json{{"delay_ms", 0}}));
  EXPECT_LE(entry.at("reverts")[0].at("in_seconds").get<double>(), 1.5);

  ASSERT_TRUE(eventually(
      "the delay to end by itself", [&] { return this->pod("sensor-sim-pod-1"); },
      [](const json& p) { return p.at("delay_ms") == 0 && p.at("fault_ends_at").is_null(); }));
  EXPECT_TRUE(faults().at("faults").empty());
  EXPECT_TRUE(logged("fault_expired", "sensor-sim-pod-1")) << events().dump();
}

TEST_F(ChaosTest, JitterIsAFaultFieldValidatedLikeDelay) {
  EXPECT_EQ(
      fault("planner-sim-pod-2", {{"delay_ms", 100}, {"jitter_ms", 40}}).at("pod").at("jitter_ms"),
      40);
  expect_refused(client().post("/fault/planner-sim-pod-2", R"({"jitter_ms": -1})"), 422,
                 "jitter_ms");
  expect_refused(client().post("/fault/planner-sim-pod-2", R"({"jitter_ms": 2.5})"), 422,
                 "jitter_ms");
  EXPECT_EQ(pod("planner-sim-pod-2").at("jitter_ms"), 40);
}

TEST_F(ChaosTest, ServiceFaultHitsThePodsTheModePicks) {
  const json answer = expect_json(
      client().post("/fault/service/sensor-sim",
                    R"({"mode": "fixed", "value": 2, "error_rate": 0.5, "duration_s": 600})"),
      200, "POST /fault/service/sensor-sim");
  EXPECT_EQ(answer.at("service"), "sensor-sim");
  EXPECT_EQ(answer.at("mode"), "fixed");
  ASSERT_EQ(answer.at("pods").size(), 2u) << answer.dump();
  for (const json& p : answer.at("pods")) {
    EXPECT_EQ(p.at("service"), "sensor-sim");
    EXPECT_EQ(p.at("error_rate"), 0.5);
    EXPECT_TRUE(p.at("fault_ends_at").is_number());
  }
  int faulted = 0;
  for (const json& p : pods()) faulted += p.at("error_rate") == 0.5 ? 1 : 0;
  EXPECT_EQ(faulted, 2);

  const json all =
      expect_json(client().post("/fault/service/ui-proxy", R"({"mode": "all", "delay_ms": 50})"),
                  200, "POST /fault/service/ui-proxy");
  EXPECT_EQ(all.at("pods").size(), 3u);
}

TEST_F(ChaosTest, RefusedServiceFaultsChangeNothing) {
  const json pods_before = pods();
  const HttpResponse unknown =
      client().post("/fault/service/nope", R"({"mode": "all", "kill": true})");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.json().at("detail"), "Service not found");
  expect_refused(
      client().post("/fault/service/sensor-sim", R"({"mode": "fixed", "value": 4, "kill": true})"),
      422, "value");
  expect_refused(client().post("/fault/service/sensor-sim", R"({"kill": true})"), 422, "mode");
  expect_refused(client().post("/fault/service/sensor-sim", R"({"mode": "some", "kill": true})"),
                 422, "mode");
  expect_refused(client().post("/fault/service/sensor-sim",
                               R"({"mode": "fixed-percent", "value": 20, "kill": true})"),
                 422, "value");
  for (const json& p : pods()) {
    EXPECT_FALSE(p.at("killed").get<bool>()) << p.dump();
  }
  EXPECT_TRUE(faults().at("faults").empty());
}

TEST_F(ChaosTest, PartitionFailsTheCallsUntilHealed) {
  const json cut =
      expect_json(client().post("/partition", R"({"from": "ui-proxy", "to": "planner-sim"})"), 200,
                  "POST /partition");
  EXPECT_EQ(cut.at("partition").at("from"), "ui-proxy");
  EXPECT_TRUE(cut.at("partition").at("until").is_null());
  ASSERT_EQ(faults().at("partitions").size(), 1u);
  ASSERT_TRUE(eventually(
      "ui-proxy to fail every request", [&] { return service("ui-proxy"); },
      [](const json& s) {
        return s.at("error_ratio").is_number() && s.at("error_ratio").get<double>() > 0.99;
      },
      Poll{std::chrono::seconds(30)}));  // a full 2 s window of failed calls, in lab time
  EXPECT_EQ(service("planner-sim").at("status"), "Healthy");  // only the calls were cut

  expect_refused(client().post("/partition", R"({"from": "ui-proxy", "to": "sensor-sim"})"), 422,
                 "to");
  expect_refused(client().post("/partition", R"({"from": "x", "to": "sensor-sim"})"), 422, "from");

  EXPECT_EQ(client().request("DELETE", "/partition/ui-proxy/planner-sim").status, 200u);
  const HttpResponse again = client().request("DELETE", "/partition/ui-proxy/planner-sim");
  EXPECT_EQ(again.status, 404u);
  EXPECT_EQ(again.json().at("detail"), "Partition not found");
  EXPECT_TRUE(faults().at("partitions").empty());
  ASSERT_TRUE(eventually(
      "ui-proxy to answer again", [&] { return service("ui-proxy"); },
      [](const json& s) {
        return s.at("error_ratio").is_number() && s.at("error_ratio").get<double>() < 0.01;
      },
      Poll{std::chrono::seconds(30)}));  // the failed calls must leave the 2 s window
  EXPECT_TRUE(logged("partition", "ui-proxy -> planner-sim"));
}

TEST_F(ChaosTest, DeleteClearsOnePodAndResetClearsTheLab) {
  fault("sensor-sim-pod-1", {{"kill", true}});
  fault("planner-sim-pod-2", {{"delay_ms", 900}, {"duration_s", 300}});
  expect_json(client().post("/partition",
                            R"({"from": "planner-sim", "to": "sensor-sim", "duration_s": 300})"),
              200, "POST /partition");

  const json cleared =
      expect_json(client().request("DELETE", "/fault/planner-sim-pod-2"), 200, "DELETE /fault");
  EXPECT_EQ(cleared.at("pod").at("delay_ms"), 0);
  EXPECT_TRUE(cleared.at("pod").at("fault_ends_at").is_null());
  EXPECT_EQ(cleared.at("pod").at("restarts"), 0);
  const HttpResponse unknown = client().request("DELETE", "/fault/nope");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.json().at("detail"), "Pod not found");
  EXPECT_TRUE(logged("fault_cleared", "planner-sim-pod-2"));

  const json reset = expect_json(client().post("/reset", ""), 200, "POST /reset");
  EXPECT_EQ(reset.at("pods"), (json{"sensor-sim-pod-1"}));
  EXPECT_EQ(reset.at("partitions"), 1);
  const json after = faults();
  EXPECT_TRUE(after.at("faults").empty()) << after.dump();
  EXPECT_TRUE(after.at("partitions").empty()) << after.dump();
  EXPECT_TRUE(logged("fault_cleared", "lab"));
  ASSERT_TRUE(eventually(
      "every pod Healthy after the reset", [&] { return pods(); },
      [](const json& all) {
        return std::all_of(all.begin(), all.end(),
                           [](const json& p) { return p.at("status") == "Healthy"; });
      },
      // sensor-sim-pod-1 starts again and the partition's failed calls leave the 2 s windows
      Poll{std::chrono::seconds(30)}));
  EXPECT_EQ(pod("sensor-sim-pod-1").at("restarts"), 0);  // started again, not restarted
}

}  // namespace
}  // namespace hbtest
