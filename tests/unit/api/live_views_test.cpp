// The live dashboard's JSON (GET /lab, /history, /events) built from real clusters driven by a
// manual clock, as the lab runner publishes them. No test sleeps.
#include "api/live_views.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/json_views.h"
#include "core/cluster.h"

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;

constexpr std::uint64_t kSeed = 7;
constexpr double kStartUnix = 1764200000.0;  // wall-clock time of the lab's time zero
constexpr double kEps = 1e-6;

core::TimePoint at_s(double s) {
  return core::TimePoint{core::from_seconds(s)};
}

// The snapshot the lab runner would publish for the cluster as it is now.
lab::Snapshot snapshot_of(const core::Cluster& cluster, std::uint64_t version = 1) {
  return lab::Snapshot{
      cluster.report(),
      kStartUnix,
      "test-instance",
      version,
      std::make_shared<const std::deque<core::LabEvent>>(cluster.events().events()),
      std::make_shared<const core::History>(cluster.history())};
}

std::vector<std::string> keys_of(const json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

std::vector<std::uint64_t> ids_of(const json& events) {
  std::vector<std::uint64_t> ids;
  for (const json& event : events) ids.push_back(event["id"].get<std::uint64_t>());
  return ids;
}

core::FaultPatch delay(std::int64_t ms) {
  return core::FaultPatch{.delay_ms = ms};
}
core::FaultPatch error_rate(double rate) {
  return core::FaultPatch{.error_rate = rate};
}
core::FaultPatch kill() {
  return core::FaultPatch{.kill = true};
}

// One service "solo", fast and steady, so that only what a test does changes its status.
core::LabSpec solo_spec(int replicas) {
  core::ServiceSpec solo;
  solo.name = "solo";
  solo.replicas = replicas;
  solo.rate_rps = 20.0;
  solo.latency_median_ms = 20.0;
  solo.latency_sigma = 0.1;
  core::LabSpec spec;
  spec.services = {solo};
  return spec;
}

// "front" (50 requests/s, one pod) calls "back", which gets no traffic of its own; "idle" gets
// none at all. Kill front and back stops seeing requests too.
core::LabSpec chain_spec() {
  core::ServiceSpec front;
  front.name = "front";
  front.replicas = 1;
  front.rate_rps = 50.0;
  front.dependencies = {"back"};
  core::ServiceSpec back;
  back.name = "back";
  back.replicas = 1;
  back.rate_rps = 0.0;
  core::ServiceSpec idle;
  idle.name = "idle";
  idle.replicas = 2;
  idle.rate_rps = 0.0;
  core::LabSpec spec;
  spec.services = {front, back, idle};
  return spec;
}

// The figures of a service sample, in their order.
const std::vector<std::string> kFigures = {"latency_p50_ms", "latency_p95_ms", "latency_p99_ms",
                                           "error_ratio",    "request_rate",   "pods_healthy",
                                           "pods_ready",     "pods_total"};
const std::vector<std::string> kSampleServiceKeys = {
    "name",         "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "error_ratio",
    "request_rate", "pods_healthy",   "pods_ready",     "pods_total"};

// ---------------------------------------------------------------------------------------------
// GET /lab

TEST(LabJsonTest, HasExactlyTheContractFieldsInOrder) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(10.25));
  const lab::Snapshot snapshot = snapshot_of(cluster, 1234);
  const json body = lab_json(snapshot);

  EXPECT_EQ(keys_of(body), (std::vector<std::string>{"instance", "version", "timestamp", "status",
                                                     "services", "pods", "slo", "events", "sample",
                                                     "started_at", "downtimes"}));
  EXPECT_EQ(body["version"], 1234);
  EXPECT_EQ(body["downtimes"], json::array());
  EXPECT_NEAR(body["timestamp"].get<double>(), kStartUnix + 10.25, kEps);
  EXPECT_EQ(body["status"], "Healthy");
  // The same entries as GET /services, /pods and /slo.
  ASSERT_EQ(body["services"].size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(body["services"][i], service_json(snapshot.report.services[i], snapshot)) << i;
  }
  ASSERT_EQ(body["pods"].size(), 9u);
  for (std::size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(body["pods"][i], pod_json(snapshot.report.pods[i], snapshot)) << i;
  }
  EXPECT_EQ(body["slo"], slo_json(snapshot));
  EXPECT_EQ(body["services"][0]["name"], "sensor-sim");
  EXPECT_EQ(body["services"][1]["name"], "planner-sim");
  EXPECT_EQ(body["services"][2]["name"], "ui-proxy");
  EXPECT_EQ(body["pods"][0]["id"], "sensor-sim-pod-1");
  EXPECT_EQ(body["pods"][8]["id"], "ui-proxy-pod-3");
  // A quiet lab has nothing to tell yet.
  EXPECT_TRUE(body["events"].is_array());
  EXPECT_TRUE(body["events"].empty());
  // The newest sample is the one of the last whole second.
  ASSERT_TRUE(body["sample"].is_object());
  EXPECT_NEAR(body["sample"]["t"].get<double>(), kStartUnix + 10.0, kEps);
}

TEST(LabJsonTest, ServicesCarryTheirFieldsAndRestarts) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  ASSERT_TRUE(cluster.restart("sensor-sim-pod-1", at_s(2)).ok());
  ASSERT_TRUE(cluster.restart("sensor-sim-pod-1", at_s(4)).ok());
  ASSERT_TRUE(cluster.restart("sensor-sim-pod-3", at_s(6)).ok());
  ASSERT_TRUE(cluster.restart("ui-proxy-pod-2", at_s(6)).ok());
  cluster.advance_to(at_s(10));
  const json body = lab_json(snapshot_of(cluster));

  // The original's fields, the measured figures, then the Deployment's (docs/api.md).
  const std::vector<std::string> contract_keys = {"autoscaler",
                                                  "concurrency",
                                                  "dependencies",
                                                  "error_ratio",
                                                  "latency_p50_ms",
                                                  "latency_p95_ms",
                                                  "latency_p99_ms",
                                                  "listen",
                                                  "name",
                                                  "oldest_in_flight_ms",
                                                  "pods_ready",
                                                  "pods_total",
                                                  "queue_length",
                                                  "reason",
                                                  "replicas_available",
                                                  "replicas_current",
                                                  "replicas_desired",
                                                  "replicas_ready",
                                                  "replicas_updated",
                                                  "request_rate",
                                                  "requests_in_flight",
                                                  "restarts",
                                                  "rollout",
                                                  "status",
                                                  "utilization",
                                                  "version"};
  for (const json& service : body["services"]) {
    std::vector<std::string> keys = keys_of(service);
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(keys, contract_keys) << service.dump();
  }
  // The sum over each service's pods.
  EXPECT_EQ(body["services"][0]["restarts"], 3);
  EXPECT_EQ(body["services"][1]["restarts"], 0);
  EXPECT_EQ(body["services"][2]["restarts"], 1);
  EXPECT_EQ(body["pods"][0]["restarts"], 2);
  EXPECT_EQ(body["pods"][1]["restarts"], 0);
  EXPECT_EQ(body["pods"][2]["restarts"], 1);
  EXPECT_EQ(body["services"][1]["dependencies"], json::array({"sensor-sim"}));
  EXPECT_EQ(body["services"][0]["pods_total"], 3);
  EXPECT_EQ(body["services"][0]["pods_ready"], 3);  // every restart is long over
}

TEST(LabJsonTest, SampleIsNullBeforeTheFirstWholeSecondThenTheNewest) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(0.5));
  json body = lab_json(snapshot_of(cluster));
  ASSERT_TRUE(body.contains("sample"));
  EXPECT_TRUE(body["sample"].is_null()) << body["sample"].dump();

  cluster.advance_to(at_s(0.999));
  EXPECT_TRUE(lab_json(snapshot_of(cluster))["sample"].is_null());

  cluster.advance_to(at_s(1.0));
  body = lab_json(snapshot_of(cluster));
  ASSERT_TRUE(body["sample"].is_object()) << body["sample"].dump();
  const json& sample = body["sample"];
  EXPECT_EQ(keys_of(sample), (std::vector<std::string>{"t", "services"}));
  EXPECT_NEAR(sample["t"].get<double>(), kStartUnix + 1.0, kEps);
  ASSERT_EQ(sample["services"].size(), 3u);
  const std::vector<std::string> names = {"sensor-sim", "planner-sim", "ui-proxy"};
  for (std::size_t s = 0; s < 3; ++s) {
    SCOPED_TRACE(names[s]);
    const json& service = sample["services"][s];
    EXPECT_EQ(keys_of(service), kSampleServiceKeys);
    EXPECT_EQ(service["name"], names[s]);
    EXPECT_EQ(service["pods_healthy"], 3);
    EXPECT_EQ(service["pods_ready"], 3);
    EXPECT_EQ(service["pods_total"], 3);
    EXPECT_TRUE(service["latency_p50_ms"].is_number());
    EXPECT_EQ(service["error_ratio"], 0.0);
    EXPECT_GT(service["request_rate"].get<double>(), 0.0);
  }

  // Between whole seconds the newest sample stays the last whole second's.
  cluster.advance_to(at_s(3.7));
  body = lab_json(snapshot_of(cluster));
  EXPECT_NEAR(body["sample"]["t"].get<double>(), kStartUnix + 3.0, kEps);
}

TEST(LabJsonTest, SampleIsTheLastPointOfTheHistory) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(12.4));
  const lab::Snapshot snapshot = snapshot_of(cluster);
  const json sample = lab_json(snapshot)["sample"];
  const json history = history_json(snapshot, core::seconds(60));

  ASSERT_FALSE(history["t"].empty());
  EXPECT_EQ(sample["t"], history["t"].back());
  EXPECT_EQ(sample, sample_json(cluster.history().samples().back(), snapshot));
  ASSERT_EQ(sample["services"].size(), history["services"].size());
  for (std::size_t s = 0; s < sample["services"].size(); ++s) {
    EXPECT_EQ(sample["services"][s]["name"], history["services"][s]["name"]);
    for (const std::string& figure : kFigures) {
      EXPECT_EQ(sample["services"][s][figure], history["services"][s][figure].back())
          << s << " " << figure;
    }
  }
}

TEST(LabJsonTest, EventsAreTheLatestFiftyNewestFirst) {
  core::Cluster cluster(solo_spec(1), kSeed, core::TimePoint{});
  for (int i = 1; i <= 60; ++i) {
    ASSERT_TRUE(cluster.apply_fault("solo-pod-1", delay(i), at_s(0.1 * i)).ok());
  }
  ASSERT_EQ(cluster.events().count(), 60u) << "small delays change no status";
  const json body = lab_json(snapshot_of(cluster));
  ASSERT_EQ(body["events"].size(), 50u);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t id = 60; id >= 11; --id) expected.push_back(id);
  EXPECT_EQ(ids_of(body["events"]), expected);
  EXPECT_EQ(body["events"][0]["message"], "fault on solo-pod-1: delay_ms 60");
  EXPECT_EQ(body["events"][49]["message"], "fault on solo-pod-1: delay_ms 11");
  EXPECT_NEAR(body["events"][0]["at"].get<double>(), kStartUnix + 6.0, kEps);
}

TEST(LabJsonTest, StatusFollowsTheServices) {
  core::Cluster cluster(chain_spec(), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(3));
  EXPECT_EQ(lab_json(snapshot_of(cluster))["status"], "Healthy");
  ASSERT_TRUE(cluster.apply_fault("front-pod-1", kill(), at_s(3)).ok());
  const json body = lab_json(snapshot_of(cluster));
  EXPECT_EQ(body["status"], "Degraded");  // front is Down, back and idle are not
  EXPECT_EQ(body["services"][0]["status"], "Down");
  EXPECT_EQ(body["pods"][0]["killed"], true);
  EXPECT_EQ(body["pods"][0]["phase"], "Terminated");
}

// ---------------------------------------------------------------------------------------------
// Events

TEST(EventJsonTest, FieldsInOrderForAHandMadeLabEvent) {
  lab::Snapshot snapshot;
  snapshot.start_unix = kStartUnix;
  core::LabEvent event;
  event.id = 17;
  event.at = at_s(90.5);
  event.kind = core::EventKind::kAlert;
  event.level = core::EventLevel::kWarning;
  event.target = "lab";
  event.message = "alert page-fast firing";
  const json body = event_json(event, snapshot);
  EXPECT_EQ(keys_of(body), (std::vector<std::string>{"id", "at", "kind", "level", "target",
                                                     "service", "message", "reason", "type"}));
  EXPECT_EQ(body["id"], 17);
  EXPECT_NEAR(body["at"].get<double>(), kStartUnix + 90.5, kEps);
  EXPECT_EQ(body["kind"], "alert");
  EXPECT_EQ(body["level"], "warning");
  EXPECT_EQ(body["target"], "lab");
  // The lab as a whole: no service, null and not "".
  ASSERT_TRUE(body.contains("service"));
  EXPECT_TRUE(body["service"].is_null()) << body["service"].dump();
  EXPECT_EQ(body["message"], "alert page-fast firing");
  // Kubernetes' view: a reason derived from the lab's own kind, and Warning for a warning.
  EXPECT_EQ(body["reason"], "Alert");
  EXPECT_EQ(body["type"], "Warning");

  event.service = "svc";
  EXPECT_EQ(event_json(event, snapshot)["service"], "svc");
}

TEST(EventJsonTest, AFaultOnTheDefaultLab) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1", delay(1000), at_s(2.5)).ok());
  const lab::Snapshot snapshot = snapshot_of(cluster);
  ASSERT_EQ(snapshot.events->size(), 1u);
  const json body = event_json(snapshot.events->back(), snapshot);
  EXPECT_EQ(body, json({{"id", 1},
                        {"at", kStartUnix + 2.5},
                        {"kind", "fault"},
                        {"level", "info"},
                        {"target", "sensor-sim-pod-1"},
                        {"service", "sensor-sim"},
                        {"message", "fault on sensor-sim-pod-1: delay_ms 1000"},
                        {"reason", "FaultInjected"},
                        {"type", "Normal"}}));
}

TEST(EventJsonTest, FaultMessagesNameEveryFieldSentAndAKillTakesThePodDown) {
  core::Cluster cluster(solo_spec(1), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(1));
  ASSERT_TRUE(cluster.apply_fault("solo-pod-1", error_rate(0.5), at_s(1)).ok());
  ASSERT_TRUE(cluster
                  .apply_fault("solo-pod-1",
                               core::FaultPatch{.delay_ms = 250, .error_rate = 0.25, .kill = false},
                               at_s(1))
                  .ok());
  ASSERT_TRUE(cluster.apply_fault("solo-pod-1", core::FaultPatch{}, at_s(1)).ok());  // no event
  ASSERT_TRUE(cluster.apply_fault("solo-pod-1", kill(), at_s(1)).ok());
  ASSERT_FALSE(cluster.apply_fault("no-such-pod", kill(), at_s(1)).ok());  // no event either

  const lab::Snapshot snapshot = snapshot_of(cluster);
  const json body = events_json(snapshot, EventPage{});
  struct Expected {
    std::uint64_t id;
    std::string kind, level, target, message;
  };
  const std::vector<Expected> expected = {
      {5, "service_status", "warning", "solo", "solo: Healthy -> Down (0 of 1 pods ready)"},
      {4, "pod_status", "warning", "solo-pod-1", "solo-pod-1: Healthy -> Down (killed)"},
      {3, "fault", "info", "solo-pod-1", "fault on solo-pod-1: kill true"},
      {2, "fault", "info", "solo-pod-1",
       "fault on solo-pod-1: delay_ms 250, error_rate 0.25, kill false"},
      {1, "fault", "info", "solo-pod-1", "fault on solo-pod-1: error_rate 0.5"},
  };
  ASSERT_EQ(body["events"].size(), expected.size()) << body.dump(2);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    const json& event = body["events"][i];
    EXPECT_EQ(event["id"], expected[i].id);
    EXPECT_NEAR(event["at"].get<double>(), kStartUnix + 1.0, kEps);
    EXPECT_EQ(event["kind"], expected[i].kind);
    EXPECT_EQ(event["level"], expected[i].level);
    EXPECT_EQ(event["target"], expected[i].target);
    EXPECT_EQ(event["service"], "solo");
    EXPECT_EQ(event["message"], expected[i].message);
  }
}

TEST(EventJsonTest, ARestartAndTheRecoveryAfterIt) {
  core::Cluster cluster(solo_spec(2), kSeed, core::TimePoint{});
  ASSERT_TRUE(cluster.restart("solo-pod-1", at_s(2)).ok());
  cluster.advance_to(at_s(3.5));
  const json body = events_json(snapshot_of(cluster), EventPage{});
  struct Expected {
    double at;
    std::string kind, level, target, message;
  };
  // Oldest first: restarted at 2 s, ready again 1 s later (startup_ms 1000).
  const std::vector<Expected> expected = {
      {2.0, "restart", "info", "solo-pod-1",
       "solo-pod-1 restarted (restart 1); its faults are cleared"},
      {2.0, "pod_status", "warning", "solo-pod-1", "solo-pod-1: Healthy -> Down (starting)"},
      {2.0, "service_status", "info", "solo", "solo: Healthy -> Degraded (1 of 2 pods ready)"},
      {3.0, "pod_status", "info", "solo-pod-1", "solo-pod-1: Down -> Healthy (no recent requests)"},
      {3.0, "service_status", "info", "solo", "solo: Degraded -> Healthy (2 of 2 pods ready)"},
  };
  ASSERT_EQ(body["events"].size(), expected.size()) << body.dump(2);
  EXPECT_EQ(body["total"], 5);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    const json& event = body["events"][expected.size() - 1 - i];  // the page is newest first
    EXPECT_EQ(event["id"], i + 1);
    EXPECT_NEAR(event["at"].get<double>(), kStartUnix + expected[i].at, kEps);
    EXPECT_EQ(event["kind"], expected[i].kind);
    EXPECT_EQ(event["level"], expected[i].level);
    EXPECT_EQ(event["target"], expected[i].target);
    EXPECT_EQ(event["service"], "solo");
    EXPECT_EQ(event["message"], expected[i].message);
  }
}

TEST(EventJsonTest, AlertsOnTheLabHaveNoService) {
  core::Cluster cluster(chain_spec(), kSeed, core::TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("front-pod-1", kill(), at_s(5)).ok());
  cluster.advance_to(at_s(12.5));  // every client request failed for 7.5 s
  const lab::Snapshot snapshot = snapshot_of(cluster);

  std::optional<json> lab_alert, front_alert;
  for (const core::LabEvent& event : *snapshot.events) {
    if (event.kind != core::EventKind::kAlert) continue;
    // Alerts are evaluated every 100 ms of lab time, so the slower ones fire first; look at the
    // page.
    if (event.target == "lab" && !lab_alert && event.message.starts_with("alert page-fast")) {
      lab_alert = event_json(event, snapshot);
    }
    if (event.target == "front" && !front_alert) front_alert = event_json(event, snapshot);
  }
  ASSERT_TRUE(lab_alert.has_value());
  EXPECT_EQ((*lab_alert)["kind"], "alert");
  EXPECT_EQ((*lab_alert)["level"], "warning");
  EXPECT_TRUE((*lab_alert)["service"].is_null()) << lab_alert->dump();
  EXPECT_EQ((*lab_alert)["message"].get<std::string>().rfind(
                "alert page-fast firing (page) on lab availability: burn rate ", 0),
            0u)
      << lab_alert->dump();
  ASSERT_TRUE(front_alert.has_value());
  EXPECT_EQ((*front_alert)["service"], "front");
  EXPECT_EQ((*front_alert)["target"], "front");
}

// ---------------------------------------------------------------------------------------------
// GET /history

TEST(HistoryJsonTest, ShapeOfTheAnswer) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(20.5));
  const json body = history_json(snapshot_of(cluster), core::seconds(10));

  EXPECT_EQ(keys_of(body), (std::vector<std::string>{"window_seconds", "step_seconds", "timestamp",
                                                     "t", "services", "events"}));
  EXPECT_EQ(body["window_seconds"], 10);
  EXPECT_EQ(body["step_seconds"], 1);
  EXPECT_NEAR(body["timestamp"].get<double>(), kStartUnix + 20.5, kEps);
  ASSERT_EQ(body["services"].size(), 3u);
  const std::vector<std::string> names = {"sensor-sim", "planner-sim", "ui-proxy"};
  for (std::size_t s = 0; s < 3; ++s) {
    EXPECT_EQ(keys_of(body["services"][s]), kSampleServiceKeys);
    EXPECT_EQ(body["services"][s]["name"], names[s]);
  }
  EXPECT_TRUE(body["events"].is_array());
  EXPECT_TRUE(body["events"].empty());
}

TEST(HistoryJsonTest, OnlySamplesInsideTheWindowOneASecondOldestFirst) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(20.5));
  const json body = history_json(snapshot_of(cluster), core::seconds(10));

  // The window is (10.5 s, 20.5 s]: the samples of 11 s to 20 s.
  ASSERT_EQ(body["t"].size(), 10u) << body["t"].dump();
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_NEAR(body["t"][i].get<double>(), kStartUnix + 11.0 + static_cast<double>(i), kEps) << i;
    if (i > 0) {
      EXPECT_NEAR(body["t"][i].get<double>() - body["t"][i - 1].get<double>(), 1.0, kEps) << i;
    }
  }
  for (const json& service : body["services"]) {
    for (const std::string& figure : kFigures) {
      ASSERT_TRUE(service[figure].is_array()) << figure;
      EXPECT_EQ(service[figure].size(), body["t"].size()) << service["name"] << " " << figure;
    }
  }
}

TEST(HistoryJsonTest, ASampleExactlyAtTheWindowStartIsLeftOut) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(20));
  const json body = history_json(snapshot_of(cluster), core::seconds(10));
  // (10 s, 20 s]: never more points than the window has seconds.
  ASSERT_EQ(body["t"].size(), 10u);
  EXPECT_NEAR(body["t"].front().get<double>(), kStartUnix + 11.0, kEps);
  EXPECT_NEAR(body["t"].back().get<double>(), kStartUnix + 20.0, kEps);
}

TEST(HistoryJsonTest, FewerSamplesAfterAFreshStart) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(20.5));
  const json body = history_json(snapshot_of(cluster), core::seconds(300));
  EXPECT_EQ(body["window_seconds"], 300);
  ASSERT_EQ(body["t"].size(), 20u);
  EXPECT_NEAR(body["t"].front().get<double>(), kStartUnix + 1.0, kEps);
  for (const json& service : body["services"]) {
    for (const std::string& figure : kFigures) EXPECT_EQ(service[figure].size(), 20u) << figure;
  }

  core::Cluster fresh(core::default_lab_spec(), kSeed, core::TimePoint{});
  fresh.advance_to(at_s(0.5));
  const json empty = history_json(snapshot_of(fresh), core::seconds(300));
  EXPECT_TRUE(empty["t"].is_array());
  EXPECT_TRUE(empty["t"].empty());
  ASSERT_EQ(empty["services"].size(), 3u);
  for (const json& service : empty["services"]) {
    for (const std::string& figure : kFigures) {
      EXPECT_TRUE(service[figure].is_array()) << figure;
      EXPECT_TRUE(service[figure].empty()) << figure;
    }
  }
}

TEST(HistoryJsonTest, ColumnsHoldTheSamplesFigures) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(8.5));
  const lab::Snapshot snapshot = snapshot_of(cluster);
  const json body = history_json(snapshot, core::seconds(60));
  const auto& samples = cluster.history().samples();
  ASSERT_EQ(body["t"].size(), samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const json sample = sample_json(samples[i], snapshot);
    EXPECT_EQ(body["t"][i], sample["t"]);
    for (std::size_t s = 0; s < 3; ++s) {
      const core::ServiceSample& figures = samples[i].services[s];
      const json& column = body["services"][s];
      for (const std::string& figure : kFigures) {
        EXPECT_EQ(column[figure][i], sample["services"][s][figure]) << i << " " << figure;
      }
      // Seconds become milliseconds rounded to the microsecond.
      ASSERT_TRUE(figures.p95_s.has_value());
      EXPECT_NEAR(column["latency_p95_ms"][i].get<double>(), *figures.p95_s * 1000.0, 5e-4);
      EXPECT_EQ(column["pods_total"][i], figures.pods_total);
      EXPECT_NEAR(column["request_rate"][i].get<double>(), figures.request_rate, 5e-4);
    }
  }
}

TEST(HistoryJsonTest, NullsWhereAServiceHadNoRequests) {
  core::Cluster cluster(chain_spec(), kSeed, core::TimePoint{});
  // front dies at 5 s: from then on no request reaches back.
  ASSERT_TRUE(cluster.apply_fault("front-pod-1", kill(), at_s(5)).ok());
  cluster.advance_to(at_s(12.5));
  const json body = history_json(snapshot_of(cluster), core::seconds(3600));

  ASSERT_EQ(body["t"].size(), 12u);  // 1 s .. 12 s
  const json& front = body["services"][0];
  const json& back = body["services"][1];
  const json& idle = body["services"][2];
  ASSERT_EQ(front["name"], "front");
  ASSERT_EQ(back["name"], "back");
  ASSERT_EQ(idle["name"], "idle");

  for (std::size_t i = 0; i < 12; ++i) {
    const int second = static_cast<int>(i) + 1;
    SCOPED_TRACE(second);
    // idle never had a request: no figure at all, and a rate of 0 (a rate is never unknown).
    for (const char* figure :
         {"latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "error_ratio"}) {
      EXPECT_TRUE(idle[figure][i].is_null()) << figure << ": " << idle[figure][i].dump();
    }
    EXPECT_EQ(idle["request_rate"][i], 0.0);
    EXPECT_EQ(idle["pods_healthy"][i], 2);
    EXPECT_EQ(idle["pods_ready"][i], 2);
    EXPECT_EQ(idle["pods_total"][i], 2);

    if (second <= 6) {  // back's 2 s window still holds requests from before 5 s
      for (const char* figure : {"latency_p50_ms", "latency_p95_ms", "latency_p99_ms"}) {
        EXPECT_TRUE(back[figure][i].is_number()) << figure << ": " << back[figure][i].dump();
      }
      EXPECT_EQ(back["error_ratio"][i], 0.0);
      EXPECT_GT(back["request_rate"][i].get<double>(), 0.0);
    } else {
      for (const char* figure :
           {"latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "error_ratio"}) {
        EXPECT_TRUE(back[figure][i].is_null()) << figure << ": " << back[figure][i].dump();
      }
      EXPECT_EQ(back["request_rate"][i], 0.0);
    }
    // back's pod is fine all along: without requests it is still Healthy.
    EXPECT_EQ(back["pods_healthy"][i], 1);
    EXPECT_EQ(back["pods_ready"][i], 1);

    if (second <= 5) {  // the 5 s sample is taken before the kill
      EXPECT_EQ(front["error_ratio"][i], 0.0);
      EXPECT_EQ(front["pods_healthy"][i], 1);
      EXPECT_EQ(front["pods_ready"][i], 1);
    } else {
      EXPECT_EQ(front["pods_healthy"][i], 0);
      EXPECT_EQ(front["pods_ready"][i], 0);
    }
    if (second >= 8) {  // front refuses every request: errors, not missing data
      EXPECT_EQ(front["error_ratio"][i], 1.0);
      EXPECT_TRUE(front["latency_p50_ms"][i].is_number());
    }
    EXPECT_EQ(front["pods_total"][i], 1);
  }
}

TEST(HistoryJsonTest, EventsOfTheWindowNewestFirst) {
  core::Cluster cluster(solo_spec(2), kSeed, core::TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("solo-pod-2", delay(10), at_s(3)).ok());  // id 1
  ASSERT_TRUE(cluster.apply_fault("solo-pod-2", delay(20), at_s(8)).ok());  // id 2
  ASSERT_TRUE(cluster.restart("solo-pod-1", at_s(12)).ok());  // ids 3 to 5, back up: 6 and 7
  cluster.advance_to(at_s(18));
  ASSERT_EQ(cluster.events().count(), 7u);
  const lab::Snapshot snapshot = snapshot_of(cluster);

  // (8 s, 18 s]: the fault at exactly 8 s is out, like a sample would be.
  json body = history_json(snapshot, core::seconds(10));
  EXPECT_EQ(ids_of(body["events"]), (std::vector<std::uint64_t>{7, 6, 5, 4, 3}));
  EXPECT_NEAR(body["events"][0]["at"].get<double>(), kStartUnix + 13.0, kEps);
  EXPECT_NEAR(body["events"][4]["at"].get<double>(), kStartUnix + 12.0, kEps);
  EXPECT_EQ(body["events"][4]["kind"], "restart");
  EXPECT_EQ(body["events"][4], event_json(snapshot.events->at(2), snapshot));

  body = history_json(snapshot, core::seconds(11));
  EXPECT_EQ(ids_of(body["events"]), (std::vector<std::uint64_t>{7, 6, 5, 4, 3, 2}));
  EXPECT_EQ(body["events"][5]["message"], "fault on solo-pod-2: delay_ms 20");

  body = history_json(snapshot, core::seconds(60));
  EXPECT_EQ(ids_of(body["events"]), (std::vector<std::uint64_t>{7, 6, 5, 4, 3, 2, 1}));

  body = history_json(snapshot, core::seconds(5));  // (13 s, 18 s]: nothing happened
  EXPECT_TRUE(body["events"].is_array());
  EXPECT_TRUE(body["events"].empty());
}

// ---------------------------------------------------------------------------------------------
// GET /events

// A log that kept 5 of its 8 events (ids 4 to 8, one every 10 s), as a snapshot shows it.
lab::Snapshot paged_snapshot() {
  core::EventLog log(5);
  for (int i = 1; i <= 8; ++i) {
    core::LabEvent event;
    event.at = at_s(10.0 * i);
    event.kind = core::EventKind::kRestart;
    event.target = "svc-pod-1";
    event.service = "svc";
    event.message = "event " + std::to_string(i);
    log.add(event);
  }
  lab::Snapshot snapshot;
  snapshot.start_unix = kStartUnix;
  snapshot.report.at = at_s(100);
  snapshot.report.event_count = log.count();
  snapshot.events = std::make_shared<const std::deque<core::LabEvent>>(log.events());
  snapshot.history = std::make_shared<const core::History>();
  return snapshot;
}

EventPage page(std::size_t limit, std::optional<std::uint64_t> before = std::nullopt) {
  return EventPage{limit, before};
}

TEST(EventsJsonTest, FieldsAndTheDefaultPage) {
  const lab::Snapshot snapshot = paged_snapshot();
  const json body = events_json(snapshot, EventPage{});
  EXPECT_EQ(keys_of(body), (std::vector<std::string>{"events", "total", "kept", "next_before"}));
  EXPECT_EQ(ids_of(body["events"]), (std::vector<std::uint64_t>{8, 7, 6, 5, 4}));
  EXPECT_EQ(body["total"], 8);  // every event since start
  EXPECT_EQ(body["kept"], 5);   // the ones still in the log
  EXPECT_TRUE(body["next_before"].is_null()) << body["next_before"].dump();
  EXPECT_EQ(body["events"][0], event_json(snapshot.events->back(), snapshot));
  EXPECT_EQ(body["events"][0]["message"], "event 8");
  EXPECT_NEAR(body["events"][0]["at"].get<double>(), kStartUnix + 80.0, kEps);
}

TEST(EventsJsonTest, PagesFollowNextBeforeToTheEnd) {
  const lab::Snapshot snapshot = paged_snapshot();
  json body = events_json(snapshot, page(2));
  EXPECT_EQ(ids_of(body["events"]), (std::vector<std::uint64_t>{8, 7}));
  EXPECT_EQ(body["next_before"], 7);

  body = events_json(snapshot, page(2, 7));
  EXPECT_EQ(ids_of(body["events"]), (std::vector<std::uint64_t>{6, 5}));
  EXPECT_EQ(body["next_before"], 5);

  body = events_json(snapshot, page(2, 5));
  EXPECT_EQ(ids_of(body["events"]), (std::vector<std::uint64_t>{4}));
  EXPECT_TRUE(body["next_before"].is_null());
  // total and kept describe the log, not the page.
  EXPECT_EQ(body["total"], 8);
  EXPECT_EQ(body["kept"], 5);
}

TEST(EventsJsonTest, APageThatTakesTheLastEventsExactlyIsTheLast) {
  const lab::Snapshot snapshot = paged_snapshot();
  json body = events_json(snapshot, page(2, 6));
  EXPECT_EQ(ids_of(body["events"]), (std::vector<std::uint64_t>{5, 4}));
  EXPECT_TRUE(body["next_before"].is_null()) << body["next_before"].dump();

  body = events_json(snapshot, page(5));
  EXPECT_EQ(ids_of(body["events"]), (std::vector<std::uint64_t>{8, 7, 6, 5, 4}));
  EXPECT_TRUE(body["next_before"].is_null());

  body = events_json(snapshot, page(4));
  EXPECT_EQ(ids_of(body["events"]), (std::vector<std::uint64_t>{8, 7, 6, 5}));
  EXPECT_EQ(body["next_before"], 5);
}

TEST(EventsJsonTest, WalkingOneByOneVisitsEveryKeptEventOnce) {
  const lab::Snapshot snapshot = paged_snapshot();
  std::vector<std::uint64_t> seen;
  std::optional<std::uint64_t> before;
  for (int pages = 0; pages < 10; ++pages) {
    const json body = events_json(snapshot, page(1, before));
    for (const std::uint64_t id : ids_of(body["events"])) seen.push_back(id);
    if (body["next_before"].is_null()) break;
    before = body["next_before"].get<std::uint64_t>();
  }
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{8, 7, 6, 5, 4}));
}

TEST(EventsJsonTest, BeforeOutsideTheKeptIds) {
  const lab::Snapshot snapshot = paged_snapshot();
  // Above the newest: everything.
  EXPECT_EQ(ids_of(events_json(snapshot, page(50, 1000))["events"]),
            (std::vector<std::uint64_t>{8, 7, 6, 5, 4}));
  EXPECT_EQ(ids_of(events_json(snapshot, page(50, 9))["events"]),
            (std::vector<std::uint64_t>{8, 7, 6, 5, 4}));
  // At or below the oldest kept: an empty last page (ids 1 to 3 dropped out).
  for (const std::uint64_t before : {std::uint64_t{4}, std::uint64_t{3}, std::uint64_t{1}}) {
    SCOPED_TRACE(before);
    const json body = events_json(snapshot, page(50, before));
    EXPECT_TRUE(body["events"].is_array());
    EXPECT_TRUE(body["events"].empty());
    EXPECT_TRUE(body["next_before"].is_null());
    EXPECT_EQ(body["total"], 8);
  }
}

TEST(EventsJsonTest, AnEmptyLog) {
  core::Cluster cluster(solo_spec(1), kSeed, core::TimePoint{});
  cluster.advance_to(at_s(2));
  const json body = events_json(snapshot_of(cluster), EventPage{});
  EXPECT_TRUE(body["events"].is_array());
  EXPECT_TRUE(body["events"].empty());
  EXPECT_EQ(body["total"], 0);
  EXPECT_EQ(body["kept"], 0);
  EXPECT_TRUE(body["next_before"].is_null());
}

TEST(EventsJsonTest, FromARealCluster) {
  core::Cluster cluster(solo_spec(1), kSeed, core::TimePoint{});
  for (int i = 1; i <= 60; ++i) {
    ASSERT_TRUE(cluster.apply_fault("solo-pod-1", delay(i), at_s(0.1 * i)).ok());
  }
  const lab::Snapshot snapshot = snapshot_of(cluster);
  const json first = events_json(snapshot, EventPage{});
  ASSERT_EQ(first["events"].size(), 50u);
  EXPECT_EQ(first["events"][0]["id"], 60);
  EXPECT_EQ(first["total"], 60);
  EXPECT_EQ(first["kept"], 60);
  EXPECT_EQ(first["next_before"], 11);
  const json second = events_json(snapshot, page(50, 11));
  ASSERT_EQ(second["events"].size(), 10u);
  EXPECT_EQ(second["events"][0]["id"], 10);
  EXPECT_EQ(second["events"][9]["id"], 1);
  EXPECT_EQ(second["events"][9]["message"], "fault on solo-pod-1: delay_ms 1");
  EXPECT_TRUE(second["next_before"].is_null());
}

}  // namespace
}  // namespace hb::api
