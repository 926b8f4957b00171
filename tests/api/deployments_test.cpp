// The Kubernetes calls against a real server: POST /scale/{service}, POST /rollout/{service},
// GET /rollout/{service}, POST /rollout/{service}/undo and the crash and crash_loop faults, with
// their bad inputs refused with a detail naming the field and nothing changed. Every wait polls
// exactly what it asserts.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "lab_fixture.h"

namespace hbtest {
namespace {

using namespace std::chrono_literals;

// Polls `condition` until it holds or `timeout` passes; answers whether it held.
bool eventually(const std::function<bool()>& condition, std::chrono::seconds timeout = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

class DeploymentsTest : public LabTest {
 protected:
  json post(const std::string& path, const json& body, unsigned status) {
    return expect_json(client().post(path, body.dump()), status,
                       "POST " + path + " " + body.dump());
  }
  std::vector<std::string> pod_ids_of(const std::string& service) {
    std::vector<std::string> ids;
    for (const json& p : pods()) {
      if (p.at("service") == service) ids.push_back(p.at("id").get<std::string>());
    }
    return ids;
  }
};

TEST_F(DeploymentsTest, ScaleUpTakesTheNextNumbersAndScaleDownRemovesTheHighest) {
  const json up = post("/scale/sensor-sim", {{"replicas", 5}}, 200);
  EXPECT_EQ(up.at("replicas"), 5);
  EXPECT_EQ(up.at("previous"), 3);
  EXPECT_EQ(up.at("changed"), true);
  EXPECT_EQ(pod_ids_of("sensor-sim"),
            (std::vector<std::string>{"sensor-sim-pod-1", "sensor-sim-pod-2", "sensor-sim-pod-3",
                                      "sensor-sim-pod-4", "sensor-sim-pod-5"}));
  const json created = pod("sensor-sim-pod-5");
  EXPECT_EQ(created.at("pod_phase"), "Pending");
  EXPECT_EQ(created.at("kubectl_status"), "ContainerCreating");
  EXPECT_TRUE(eventually([&] { return service("sensor-sim").at("replicas_ready") == 5; }))
      << service("sensor-sim").dump();
  EXPECT_EQ(pod("sensor-sim-pod-5").at("pod_phase"), "Running");

  const json down = post("/scale/sensor-sim", {{"replicas", 2}}, 200);
  EXPECT_EQ(down.at("previous"), 5);
  EXPECT_TRUE(eventually([&] {
    return pod_ids_of("sensor-sim") ==
           std::vector<std::string>{"sensor-sim-pod-1", "sensor-sim-pod-2"};
  })) << pods().dump();
  const json same = post("/scale/sensor-sim", {{"replicas", 2}}, 200);
  EXPECT_EQ(same.at("changed"), false);
}

TEST_F(DeploymentsTest, BadScaleRequestsAreRefusedAndChangeNothing) {
  const json before = service("planner-sim");
  const auto refused = [&](const std::string& path, const std::string& body, unsigned status,
                           const std::string& words) {
    const HttpResponse r = client().post(path, body);
    EXPECT_EQ(r.status, status) << path << " " << body << ": " << r.describe();
    EXPECT_NE(r.body.find(words), std::string::npos) << r.body;
  };
  refused("/scale/planner-sim", R"({"replicas": -1})", 422, "replicas");
  refused("/scale/planner-sim", R"({"replicas": 1001})", 422, "from 0 to 1000");
  refused("/scale/planner-sim", R"({"replicas": 2.5})", 422, "replicas");
  refused("/scale/planner-sim", R"({"replicas": "3"})", 422, "replicas");
  refused("/scale/planner-sim", R"({})", 422, "replicas: is required");
  refused("/scale/planner-sim", R"({"replicas": 2, "now": true})", 422, "now");
  refused("/scale/no-such", R"({"replicas": 2})", 404, "Service not found");
  refused("/rollout/planner-sim", R"({"latency_median_ms": 40})", 422, "version: is required");
  refused("/rollout/planner-sim", R"({"version": "v 2"})", 422, "version");
  refused("/rollout/planner-sim", R"({"version": "v2", "error_rate": 2})", 422, "error_rate");
  refused("/rollout/planner-sim", R"({"version": "v1"})", 409, "already runs version v1");
  refused("/rollout/planner-sim/undo", "", 409, "no earlier version");
  refused("/fault/planner-sim-pod-1", R"({"crash": false})", 422, "crash");
  refused("/fault/planner-sim-pod-1", R"({"crash": true, "duration_s": 5})", 422, "duration_s");
  refused("/fault/planner-sim-pod-1", R"({"crash_loop": "yes"})", 422, "crash_loop");
  const json after = service("planner-sim");
  for (const char* field : {"replicas_desired", "replicas_current", "version", "restarts"}) {
    EXPECT_EQ(after.at(field), before.at(field)) << field;
  }
  EXPECT_EQ(after.at("rollout").at("revision"), 1);
}

// A service scaled to zero has no pod for a service-wide fault: 409 with a detail, and the
// server carries on (mode one used to crash it: found by lab_ops_fuzz).
TEST_F(DeploymentsTest, AServiceFaultOnAServiceScaledToZeroIsAConflict) {
  post("/scale/sensor-sim", {{"replicas", 0}}, 200);
  ASSERT_TRUE(eventually([&] { return pod_ids_of("sensor-sim").empty(); })) << pods().dump();
  for (const char* body : {R"({"mode": "one", "kill": true})", R"({"mode": "all", "kill": true})",
                           R"({"mode": "fixed-percent", "value": 50, "kill": true})"}) {
    const HttpResponse r = client().post("/fault/service/sensor-sim", body);
    EXPECT_EQ(r.status, 409u) << body << ": " << r.describe();
    EXPECT_NE(r.body.find("sensor-sim has no pods (scaled to 0 replicas)"), std::string::npos)
        << r.body;
  }
  EXPECT_EQ(client().get("/health").status, 200u);
  post("/scale/sensor-sim", {{"replicas", 1}}, 200);
  EXPECT_TRUE(eventually([&] { return service("sensor-sim").at("replicas_ready") == 1; }))
      << service("sensor-sim").dump();
  EXPECT_EQ(pod("sensor-sim-pod-1").at("killed"), false);
}

TEST_F(DeploymentsTest, ARolloutReplacesEveryPodInPlaceAndUndoGoesBack) {
  const json started =
      post("/rollout/ui-proxy", {{"version", "v2"}, {"latency_median_ms", 25}}, 200);
  EXPECT_EQ(started.at("service"), "ui-proxy");
  EXPECT_EQ(started.at("rollout").at("version"), "v2");
  EXPECT_EQ(started.at("rollout").at("previous_version"), "v1");
  EXPECT_EQ(started.at("rollout").at("revision"), 2);
  const auto rollout = [&] {
    return expect_json(client().get("/rollout/ui-proxy"), 200, "GET /rollout/ui-proxy")
        .at("rollout");
  };
  ASSERT_TRUE(eventually([&] { return rollout().at("status") == "complete"; }, 30s))
      << rollout().dump();
  // The surge pod finishes its requests (Terminating) and goes; the ids stay pod-1 to pod-3.
  EXPECT_TRUE(eventually([&] {
    return pod_ids_of("ui-proxy") ==
           std::vector<std::string>{"ui-proxy-pod-1", "ui-proxy-pod-2", "ui-proxy-pod-3"};
  })) << pods().dump();
  for (const std::string& id : pod_ids_of("ui-proxy")) EXPECT_EQ(pod(id).at("version"), "v2");
  EXPECT_EQ(service("ui-proxy").at("replicas_updated"), 3);

  const json undone = post("/rollout/ui-proxy/undo", json::object(), 200);
  EXPECT_EQ(undone.at("rollout").at("version"), "v1");
  EXPECT_EQ(undone.at("rollout").at("revision"), 3);
  ASSERT_TRUE(eventually([&] { return rollout().at("status") == "complete"; }, 30s))
      << rollout().dump();
  for (const std::string& id : pod_ids_of("ui-proxy")) EXPECT_EQ(pod(id).at("version"), "v1");
  EXPECT_EQ(client().get("/rollout/no-such").status, 404u);
}

TEST_F(DeploymentsTest, ACrashIsRestartedByTheKubeletAtOnce) {
  const json answer = fault("sensor-sim-pod-2", {{"crash", true}});
  EXPECT_EQ(answer.at("changed"), true);
  // The first restart is immediate: the pod counts one restart and starts again.
  EXPECT_EQ(answer.at("pod").at("restarts"), 1);
  EXPECT_TRUE(eventually([&] { return pod("sensor-sim-pod-2").at("kubectl_status") == "Running"; }))
      << pod("sensor-sim-pod-2").dump();
  EXPECT_EQ(pod("sensor-sim-pod-2").at("restarts"), 1);
}

TEST_F(DeploymentsTest, ACrashLoopBacksOffAndShowsTheNextStart) {
  fault("sensor-sim-pod-1", {{"crash_loop", true}});
  ASSERT_TRUE(eventually([&] {
    return pod("sensor-sim-pod-1").at("kubectl_status") == "CrashLoopBackOff";
  })) << pod("sensor-sim-pod-1").dump();
  const json p = pod("sensor-sim-pod-1");
  EXPECT_EQ(p.at("crash_loop"), true);
  EXPECT_EQ(p.at("container_state"), "waiting");
  EXPECT_EQ(p.at("container_reason"), "CrashLoopBackOff");
  EXPECT_EQ(p.at("pod_phase"), "Running");
  ASSERT_TRUE(p.at("back_off_until").is_number()) << p.dump();
  // The second crash waits 10 s.
  EXPECT_NEAR(p.at("back_off_until").get<double>() - p.at("last_restart_at").get<double>(), 11.0,
              0.2)
      << p.dump();
  const json events = expect_json(client().get("/events"), 200, "GET /events").at("events");
  bool backed_off = false;
  for (const json& e : events) {
    if (e.at("reason") == "BackOff" && e.at("type") == "Warning" &&
        e.at("target") == "sensor-sim-pod-1") {
      backed_off = true;
    }
  }
  EXPECT_TRUE(backed_off) << events.dump();
}

class AutoscaledLabTest : public DeploymentsTest {
 protected:
  std::vector<std::string> extra_args() const override {
    return {"--config", std::string(HB_SOURCE_DIR) + "/examples/autoscale.yaml"};
  }
};

TEST_F(AutoscaledLabTest, ScaleIsRefusedWhileTheAutoscalerOwnsTheService) {
  const HttpResponse r = client().post("/scale/sensor-sim", R"({"replicas": 5})");
  EXPECT_EQ(r.status, 409u) << r.describe();
  EXPECT_NE(r.body.find("autoscaler"), std::string::npos) << r.body;
  const json s = service("sensor-sim");
  EXPECT_EQ(s.at("replicas_desired"), 2);
  ASSERT_TRUE(s.at("autoscaler").is_object()) << s.dump();
  EXPECT_EQ(s.at("autoscaler").at("min_replicas"), 2);
  EXPECT_EQ(s.at("autoscaler").at("max_replicas"), 10);
  // A service without one scales.
  EXPECT_EQ(client().post("/scale/ui-proxy", R"({"replicas": 4})").status, 200u);
}

}  // namespace
}  // namespace hbtest
