#include "cli/kubectl_table.h"

#include <gtest/gtest.h>

namespace hb::cli {
namespace {

constexpr double kNow = 1'700'000'000.0;

TEST(HumanDurationTest, AsKubectlPrintsIt) {
  EXPECT_EQ(human_duration(-3), "<invalid>");
  EXPECT_EQ(human_duration(-0.5), "0s");
  EXPECT_EQ(human_duration(0), "0s");
  EXPECT_EQ(human_duration(45.9), "45s");
  EXPECT_EQ(human_duration(119), "119s");
  EXPECT_EQ(human_duration(120), "2m");
  EXPECT_EQ(human_duration(302), "5m2s");
  EXPECT_EQ(human_duration(42 * 60 + 5), "42m");
  EXPECT_EQ(human_duration(3 * 3600 + 4 * 60 + 9), "3h4m");
  EXPECT_EQ(human_duration(5 * 3600), "5h");
  EXPECT_EQ(human_duration(20 * 3600 + 59 * 60), "20h");
  EXPECT_EQ(human_duration(2 * 86400 + 3 * 3600), "2d3h");
  EXPECT_EQ(human_duration(3 * 86400), "3d");
  EXPECT_EQ(human_duration(30 * 86400 + 5 * 3600), "30d");
  EXPECT_EQ(human_duration(2 * 365 * 86400 + 10 * 86400), "2y10d");
  EXPECT_EQ(human_duration(9 * 365 * 86400), "9y");
}

TEST(RenderTableTest, PadsColumnsAsKubectlsTabWriter) {
  EXPECT_EQ(render_table({{"NAME", "AGE"}, {"a", "5s"}, {"longer-name", "1m"}}),
            "NAME          AGE\n"
            "a             5s\n"
            "longer-name   1m\n");
  // At least 6 wide: "AB" still takes 6.
  EXPECT_EQ(render_table({{"AB", "C"}}), "AB    C\n");
  // No trailing blanks after an empty last cell.
  EXPECT_EQ(render_table({{"NAME", "NOTE"}, {"a", ""}}), "NAME   NOTE\na\n");
}

json pod(std::string id, bool ready, std::string status, int restarts,
         std::optional<double> last_restart_at, double created_at) {
  return {{"id", id},
          {"ready", ready},
          {"kubectl_status", status},
          {"restarts", restarts},
          {"last_restart_at", last_restart_at ? json(*last_restart_at) : json(nullptr)},
          {"created_at", created_at}};
}

TEST(FormatPodsTest, NameReadyStatusRestartsAge) {
  const json answer = {
      {"pods",
       {pod("ui-proxy-pod-1", true, "Running", 0, std::nullopt, kNow - 302),
        pod("planner-sim-pod-2", false, "CrashLoopBackOff", 3, kNow - 45, kNow - 3 * 3600 - 240),
        pod("sensor-sim-pod-1", true, "Running", 1, kNow - 302, kNow - 2 * 86400 - 3 * 3600)}},
      {"timestamp", kNow}};
  EXPECT_EQ(format_pods(answer, kNow),
            "NAME                READY   STATUS             RESTARTS       AGE\n"
            "ui-proxy-pod-1      1/1     Running            0              5m2s\n"
            "planner-sim-pod-2   0/1     CrashLoopBackOff   3 (45s ago)    3h4m\n"
            "sensor-sim-pod-1    1/1     Running            1 (5m2s ago)   2d3h\n");
}

TEST(FormatPodsTest, StatusFallsBackToThePhaseWhenEmpty) {
  json answer = {{"pods", {pod("a-pod-1", false, "", 0, std::nullopt, kNow - 3)}}};
  answer["pods"][0]["pod_phase"] = "Pending";
  EXPECT_EQ(format_pods(answer, kNow),
            "NAME      READY   STATUS    RESTARTS   AGE\n"
            "a-pod-1   0/1     Pending   0          3s\n");
}

TEST(FormatPodsTest, NamesTheFieldThatIsWrong) {
  json answer = {{"pods", {pod("a-pod-1", true, "Running", 0, std::nullopt, kNow)}}};
  answer["pods"][0]["created_at"] = "yesterday";
  try {
    format_pods(answer, kNow);
    FAIL() << "no error";
  } catch (const AnswerError& error) {
    EXPECT_EQ(std::string(error.what()),
              "the server's answer has pods[0].created_at \"yesterday\", not a number");
  }
  EXPECT_THROW(format_pods(json{{"timestamp", 1}}, kNow), AnswerError);
}

TEST(FormatServicesTest, AsKubectlGetDeployments) {
  const json answer = {{"services",
                        {{{"name", "ui-proxy"},
                          {"replicas_desired", 3},
                          {"replicas_ready", 2},
                          {"replicas_updated", 3},
                          {"replicas_available", 2}},
                         {{"name", "sensor-sim"},
                          {"replicas_desired", 3},
                          {"replicas_ready", 3},
                          {"replicas_updated", 1},
                          {"replicas_available", 3}}}}};
  EXPECT_EQ(format_services(answer, 3 * 3600 + 240),
            "NAME         READY   UP-TO-DATE   AVAILABLE   AGE\n"
            "ui-proxy     2/3     3            2           3h4m\n"
            "sensor-sim   3/3     1            3           3h4m\n");
  EXPECT_EQ(format_services(json{{"services", json::array()}}, std::nullopt),
            "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\n");
}

json event(int id, double at, std::string type, std::string reason, std::string target,
           std::optional<std::string> service, std::string message) {
  return {{"id", id},           {"at", at},
          {"target", target},   {"service", service ? json(*service) : json(nullptr)},
          {"message", message}, {"reason", reason},
          {"type", type}};
}

TEST(FormatEventsTest, OldestFirstWithTheirObjects) {
  const json answer = {
      {"events",
       {event(3, kNow - 5, "Warning", "BackOff", "ui-proxy-pod-2", "ui-proxy",
              "Back-off restarting failed container"),
        event(2, kNow - 65, "Normal", "ScalingReplicaSet", "ui-proxy", "ui-proxy",
              "Scaled up to 3"),
        event(1, kNow - 302, "Warning", "Alert", "lab", std::nullopt, "page firing")}}};
  EXPECT_EQ(format_events(answer, kNow),
            "LAST SEEN   TYPE      REASON              OBJECT                MESSAGE\n"
            "5m2s        Warning   Alert               lab                   page firing\n"
            "65s         Normal    ScalingReplicaSet   deployment/ui-proxy   Scaled up to 3\n"
            "5s          Warning   BackOff             pod/ui-proxy-pod-2    Back-off restarting "
            "failed container\n");
}

}  // namespace
}  // namespace hb::cli
