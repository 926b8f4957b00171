// The board never says something untrue, on a manual clock: stuck requests show before they
// complete, each service's own latency threshold, one definition of ready, picks that replay
// with the seed, exact tiny rates, and no events for commands that change nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cluster_test_helpers.h"
#include "core/cluster.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 11;

std::size_t events_of_kind(const Cluster& cluster, EventKind kind) {
  std::size_t n = 0;
  for (const LabEvent& event : cluster.events().events()) n += event.kind == kind ? 1 : 0;
  return n;
}

TEST(ClusterTruth, APodSlowerThanTheStatusWindowIsDegradedWhileItIsSlow) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(5));
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1", {.delay_ms = 10000}, at_s(5)));
  // Nothing it serves completes for 10 s, yet it is Degraded as soon as a request has waited
  // longer than the 200 ms target, and stays so the whole time.
  for (const double t : {5.1, 5.3, 6.0, 8.0, 11.0, 14.9}) {
    cluster.advance_to(at_s(t));
    const LabReport report = cluster.report();
    const PodReport& pod = pod_of(report, "sensor-sim-pod-1");
    if (t < 5.2) {
      EXPECT_EQ(pod.status, PodStatus::kHealthy) << t;
      continue;
    }
    EXPECT_EQ(pod.status, PodStatus::kDegraded) << t << ": " << pod.reason;
    EXPECT_GT(pod.in_flight.count, 0u) << t;
    ASSERT_TRUE(pod.in_flight.oldest_age) << t;
    // The oldest is the first request after the fault, a few milliseconds after it.
    EXPECT_LE(to_seconds(*pod.in_flight.oldest_age), t - 5.0) << t;
    EXPECT_GT(to_seconds(*pod.in_flight.oldest_age), t - 5.0 - 0.1) << t;
    EXPECT_NE(pod.reason.find("in flight"), std::string::npos) << pod.reason;
    EXPECT_EQ(service_of(report, "sensor-sim").status, PodStatus::kDegraded);
  }
}

TEST(ClusterTruth, ATimedFaultLongerThanTheWindowIsSeenForItsWholeDuration) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(
      cluster.apply_fault("sensor-sim-pod-2", {.delay_ms = 20000, .duration_s = 15}, at_s(2)));
  for (double t = 3.0; t < 17.0; t += 1.0) {
    cluster.advance_to(at_s(t));
    EXPECT_EQ(pod_of(cluster.report(), "sensor-sim-pod-2").status, PodStatus::kDegraded) << t;
  }
}

TEST(ClusterTruth, AfterARestartTheOldProcessesRequestsShowOnTheServiceNotThePod) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-3", {.delay_ms = 6000}, at_s(2)));
  cluster.advance_to(at_s(7));
  ASSERT_TRUE(cluster.restart("sensor-sim-pod-3", at_s(7)));
  // Running again at 8; the old process's slow requests complete until 13.
  cluster.advance_to(at_s(9.5));
  const LabReport report = cluster.report();
  const PodReport& pod = pod_of(report, "sensor-sim-pod-3");
  EXPECT_EQ(pod.status, PodStatus::kHealthy) << pod.reason;
  ASSERT_TRUE(pod.recent.p95_s);
  EXPECT_LT(*pod.recent.p95_s, 0.2);  // only the new process's requests count for the pod
  EXPECT_LT(to_seconds(pod.in_flight.oldest_age.value_or(Duration::zero())), 0.2);
  const ServiceReport& sensor = service_of(report, "sensor-sim");
  ASSERT_TRUE(sensor.recent.p95_s);
  EXPECT_GT(*sensor.recent.p95_s, 1.0);
  EXPECT_EQ(sensor.status, PodStatus::kDegraded);
  EXPECT_NE(sensor.reason.find("p95"), std::string::npos) << sensor.reason;
  cluster.advance_to(at_s(16));
  EXPECT_EQ(service_of(cluster.report(), "sensor-sim").status, PodStatus::kHealthy)
      << service_of(cluster.report(), "sensor-sim").reason;
}

TEST(ClusterTruth, StatusUsesTheServicesOwnLatencyThreshold) {
  LabSpec spec;
  ServiceSpec slow;
  slow.name = "batch";
  slow.latency_median_ms = 300.0;
  slow.latency_sigma = 0.1;
  slow.slo.latency_threshold_ms = 1000;
  spec.services = {slow};
  Cluster cluster(spec, kSeed, TimePoint{});
  cluster.advance_to(at_s(10));
  for (const PodReport& pod : cluster.report().pods) {
    EXPECT_EQ(pod.status, PodStatus::kHealthy) << pod.id << ": " << pod.reason;
  }
  EXPECT_EQ(cluster.report().services[0].status, PodStatus::kHealthy);
  ASSERT_TRUE(cluster.apply_fault("batch-pod-1", {.delay_ms = 1500}, at_s(10)));
  cluster.advance_to(at_s(13));
  const LabReport report = cluster.report();
  const PodReport& pod = pod_of(report, "batch-pod-1");
  EXPECT_EQ(pod.status, PodStatus::kDegraded);
  EXPECT_NE(pod.reason.find("over the 1000 ms target"), std::string::npos) << pod.reason;
}

TEST(ClusterTruth, ReadyMeansRunningAndInTheEndpointsEverywhere) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("ui-proxy-pod-1", {.kill = true}, at_s(5)));
  cluster.advance_to(at_s(6));
  const LabReport report = cluster.report();
  const PodReport& killed = pod_of(report, "ui-proxy-pod-1");
  EXPECT_FALSE(killed.ready);
  EXPECT_TRUE(killed.in_endpoints);  // still routed to for the readiness delay
  EXPECT_EQ(service_of(report, "ui-proxy").pods_ready, 2);
  int ready = 0;
  for (const PodReport& pod : report.pods) ready += pod.service == "ui-proxy" && pod.ready;
  EXPECT_EQ(ready, 2);
  cluster.advance_to(at_s(8.5));
  EXPECT_FALSE(pod_of(cluster.report(), "ui-proxy-pod-1").in_endpoints);
  ASSERT_TRUE(cluster.restart("ui-proxy-pod-1", at_s(9)));
  EXPECT_FALSE(pod_of(cluster.report(), "ui-proxy-pod-1").ready);  // starting
  cluster.advance_to(at_s(10));
  EXPECT_TRUE(pod_of(cluster.report(), "ui-proxy-pod-1").ready);
  EXPECT_EQ(service_of(cluster.report(), "ui-proxy").pods_ready, 3);
}

TEST(ClusterTruth, ServiceFaultPicksReplayWithTheSeedWhateverTheTrafficDrew) {
  const auto picks = [](double start_s) {
    Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
    cluster.advance_to(at_s(start_s));  // different traffic before the first call
    std::vector<std::string> picked;
    for (int i = 0; i < 6; ++i) {
      const auto hit = cluster.apply_service_fault("sensor-sim", {SelectMode::kOne},
                                                   {.delay_ms = 10 + i}, at_s(start_s + 0.5 * i));
      EXPECT_TRUE(hit);
      picked.push_back(hit.value().at(0).pod->id);
    }
    return picked;
  };
  const std::vector<std::string> early = picks(1.0);
  EXPECT_EQ(picks(7.3), early);
  EXPECT_EQ(picks(30.0), early);
}

TEST(ClusterTruth, ARateTooSmallForAnyArrivalIsExactlyNoTraffic) {
  LabSpec spec = default_lab_spec();
  spec.services[2].rate_rps = 1e-300;
  ASSERT_TRUE(validate(spec));
  Cluster cluster(spec, kSeed, TimePoint{});
  cluster.advance_to(at_s(3600));
  const LabReport report = cluster.report();
  EXPECT_EQ(service_of(report, "ui-proxy").recent.request_rate, 0.0);
  std::uint64_t answered = 0;  // nothing calls ui-proxy but the lab's clients
  for (const auto& [key, count] : report.metrics.served) answered += key.service == 2 ? count : 0;
  EXPECT_EQ(answered, 0u);
  EXPECT_GT(service_of(report, "sensor-sim").recent.request_rate, 0.0);
}

TEST(ClusterTruth, AFaultCallThatChangesNothingLogsNothing) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  for (int i = 0; i < 2100; ++i) {
    const auto change = cluster.apply_fault("sensor-sim-pod-1", {.error_rate = 0.0}, at_s(1));
    ASSERT_TRUE(change);
    EXPECT_FALSE(change.value().changed);
  }
  EXPECT_EQ(events_of_kind(cluster, EventKind::kFault), 0u);
  // A timed setting of the value already in force for good shows nothing either.
  EXPECT_FALSE(cluster.apply_fault("sensor-sim-pod-1", {.delay_ms = 0, .duration_s = 5}, at_s(2))
                   .value()
                   .changed);
  const auto real = cluster.apply_fault("sensor-sim-pod-1", {.delay_ms = 300}, at_s(3));
  EXPECT_TRUE(real.value().changed);
  EXPECT_FALSE(cluster.apply_fault("sensor-sim-pod-1", {.delay_ms = 300}, at_s(4)).value().changed);
  EXPECT_EQ(events_of_kind(cluster, EventKind::kFault), 1u);
  // Setting a timed fault again with a later end is a change, though the value in force is not.
  EXPECT_TRUE(cluster.apply_fault("sensor-sim-pod-1", {.delay_ms = 500, .duration_s = 5}, at_s(5))
                  .value()
                  .changed);
  EXPECT_TRUE(cluster.apply_fault("sensor-sim-pod-1", {.delay_ms = 500, .duration_s = 9}, at_s(6))
                  .value()
                  .changed);
  EXPECT_EQ(events_of_kind(cluster, EventKind::kFault), 3u);
}

}  // namespace
}  // namespace hb::core
