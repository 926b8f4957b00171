#include "cli/kubectl_describe.h"

#include <gtest/gtest.h>

namespace hb::cli {
namespace {

constexpr double kNow = 1'700'000'000.0;

// planner-sim-pod-2 in CrashLoopBackOff: 3 restarts, the last 45 s ago, back in 15 s, 2 of 4
// workers busy, a 200 ms delay and a 25 % error rate injected.
json crashing_pod() {
  return {{"id", "planner-sim-pod-2"},
          {"service", "planner-sim"},
          {"status", "Down"},
          {"restarts", 3},
          {"latency_ms", 12.5},
          {"error_rate", 0.25},
          {"delay_ms", 200},
          {"killed", false},
          {"jitter_ms", 0},
          {"fault_ends_at", nullptr},
          {"ready", false},
          {"latency_p50_ms", 12.5},
          {"latency_p95_ms", 40.25},
          {"latency_p99_ms", nullptr},
          {"error_ratio", 0.125},
          {"request_rate", 3.5},
          {"requests_in_flight", 2},
          {"pod_phase", "Running"},
          {"container_state", "waiting"},
          {"container_reason", "CrashLoopBackOff"},
          {"kubectl_status", "CrashLoopBackOff"},
          {"uid", "4f9c-2"},
          {"created_at", kNow - 302},
          {"age_seconds", 302},
          {"version", "v2"},
          {"concurrency", 4},
          {"busy_workers", 2},
          {"queued", 1},
          {"utilization", 0.5},
          {"back_off_until", kNow + 15},
          {"last_restart_at", kNow - 45},
          {"terminating", false}};
}

json events() {
  return {{"events",
           {{{"at", kNow - 5},
             {"target", "planner-sim-pod-2"},
             {"service", "planner-sim"},
             {"message", "Back-off restarting failed container planner-sim"},
             {"reason", "BackOff"},
             {"type", "Warning"}},
            {{"at", kNow - 10},
             {"target", "ui-proxy-pod-1"},
             {"service", "ui-proxy"},
             {"message", "another pod's"},
             {"reason", "Started"},
             {"type", "Normal"}},
            {{"at", kNow - 302},
             {"target", "planner-sim-pod-2"},
             {"service", "planner-sim"},
             {"message", "Started container planner-sim"},
             {"reason", "Started"},
             {"type", "Normal"}}}}};
}

TEST(DescribePodTest, FieldsFiguresFaultsAndItsEvents) {
  EXPECT_EQ(describe_pod(crashing_pod(), events(), kNow),
            "Name:            planner-sim-pod-2\n"
            "Namespace:       default\n"
            "Service:         planner-sim\n"
            "UID:             4f9c-2\n"
            "Age:             5m2s\n"
            "Status:          CrashLoopBackOff\n"
            "Phase:           Running\n"
            "Version:         v2\n"
            "Ready:           False\n"
            "Restarts:        3 (last 45s ago)\n"
            "State:           Waiting\n"
            "Reason:          CrashLoopBackOff\n"
            "Back-off until:  in 15s\n"
            "Health:          Down\n"
            "Utilization:     50% (2 of 4 workers busy, 1 queued)\n"
            "Faults:          delay 200ms, error rate 0.25\n"
            "Recent:          3.5 req/s, p50 12.5ms, p95 40.25ms, p99 -, error ratio 0.125, 2 in "
            "flight\n"
            "Events:\n"
            "  Type     Reason   Age   Message\n"
            "  ----     ------   ----  -------\n"
            "  Normal   Started  5m2s  Started container planner-sim\n"
            "  Warning  BackOff  5s    Back-off restarting failed container planner-sim\n");
}

TEST(DescribePodTest, ARunningPodWithoutLimitFaultsOrEvents) {
  json pod = crashing_pod();
  pod["kubectl_status"] = "Running";
  pod["status"] = "Healthy";
  pod["ready"] = true;
  pod["restarts"] = 0;
  pod["last_restart_at"] = nullptr;
  pod["container_state"] = "running";
  pod["container_reason"] = nullptr;
  pod["back_off_until"] = nullptr;
  pod["concurrency"] = nullptr;
  pod["utilization"] = nullptr;
  pod["queued"] = 0;
  pod["delay_ms"] = 0;
  pod["error_rate"] = 0.0;
  pod["terminating"] = true;
  pod["uid"] = "";
  const std::string text = describe_pod(pod, json{{"events", json::array()}}, kNow);
  for (const char* line :
       {"Restarts:        0\n", "State:           Running\n", "Back-off until:  <none>\n",
        "Terminating:     True\n",
        "Utilization:     <none> (no concurrency limit; 2 busy, 0 queued)\n",
        "Faults:          <none>\n", "Events:  <none>\n", "UID:             <none>\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "in:\n" << text;
  }
  EXPECT_EQ(text.find("Reason:"), std::string::npos);
}

json rollout(std::string status, int updated, int desired) {
  return {{"service", "planner-sim"},
          {"rollout",
           {{"revision", 2},
            {"status", status},
            {"reason", "ReplicaSetUpdated"},
            {"message", ""},
            {"version", "v2"},
            {"previous_version", "v1"},
            {"started_at", kNow - 30},
            {"updated_replicas", updated},
            {"desired_replicas", desired}}}};
}

json service(int current, int available) {
  return {
      {"name", "planner-sim"}, {"replicas_current", current}, {"replicas_available", available}};
}

TEST(RolloutStatusTest, AsKubectlSaysIt) {
  const RolloutStatus done = rollout_status(rollout("complete", 3, 3), service(3, 3));
  EXPECT_EQ(done.text, "deployment \"planner-sim\" successfully rolled out");
  EXPECT_TRUE(done.done);
  EXPECT_FALSE(done.failed);

  const RolloutStatus failed = rollout_status(rollout("failed", 1, 3), service(4, 2));
  EXPECT_EQ(failed.text, "deployment \"planner-sim\" exceeded its progress deadline");
  EXPECT_TRUE(failed.failed);

  EXPECT_EQ(rollout_status(rollout("progressing", 1, 3), service(4, 3)).text,
            "Waiting for deployment \"planner-sim\" rollout to finish: 1 out of 3 new replicas "
            "have been updated...");
  EXPECT_EQ(rollout_status(rollout("progressing", 3, 3), service(4, 3)).text,
            "Waiting for deployment \"planner-sim\" rollout to finish: 1 old replicas are pending "
            "termination...");
  const RolloutStatus waiting = rollout_status(rollout("progressing", 3, 3), service(3, 1));
  EXPECT_EQ(waiting.text,
            "Waiting for deployment \"planner-sim\" rollout to finish: 1 of 3 updated replicas "
            "are available...");
  EXPECT_FALSE(waiting.done);
}

TEST(RolloutStatusTest, NamesAMissingField) {
  json answer = rollout("progressing", 1, 3);
  answer["rollout"].erase("updated_replicas");
  EXPECT_THROW(
      {
        try {
          rollout_status(answer, service(3, 1));
        } catch (const AnswerError& error) {
          EXPECT_STREQ(error.what(), "the server's answer has no rollout.updated_replicas");
          throw;
        }
      },
      AnswerError);
}

}  // namespace
}  // namespace hb::cli
