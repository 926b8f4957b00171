// What the cluster tells people about itself: the event log (faults, restarts, status changes,
// alerts), the one-second history the dashboard charts, and the lab's overall status.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/cluster.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 11;

TimePoint at_s(double s) {
  return TimePoint{from_seconds(s)};
}

std::vector<LabEvent> events_of(const Cluster& cluster, EventKind kind) {
  std::vector<LabEvent> found;
  for (const LabEvent& event : cluster.events().events()) {
    if (event.kind == kind) found.push_back(event);
  }
  return found;
}

const ServiceSample& sample_of(const HistorySample& sample, std::size_t service) {
  return sample.services.at(service);
}

constexpr std::size_t kSensor = 0;

TEST(ClusterEvents, QuietLabLogsNothing) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(30));
  EXPECT_EQ(cluster.events().count(), 0u);
  EXPECT_TRUE(cluster.report().events.empty());
  EXPECT_EQ(cluster.report().status, PodStatus::kHealthy);
}

TEST(ClusterEvents, FaultIsLoggedWithTheFieldsItChanged) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1",
                                  FaultPatch{.delay_ms = 1000, .error_rate = 0.25}, at_s(5)));
  const auto faults = events_of(cluster, EventKind::kFault);
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0].id, 1u);
  EXPECT_EQ(faults[0].at, at_s(5));
  EXPECT_EQ(faults[0].target, "sensor-sim-pod-1");
  EXPECT_EQ(faults[0].service, "sensor-sim");
  EXPECT_EQ(faults[0].level, EventLevel::kInfo);
  EXPECT_EQ(faults[0].message, "fault on sensor-sim-pod-1: delay_ms 1000, error_rate 0.25");
}

TEST(ClusterEvents, EmptyOrRefusedFaultLogsNothing) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1", FaultPatch{}, at_s(1)));
  EXPECT_FALSE(cluster.apply_fault("sensor-sim-pod-1", FaultPatch{.delay_ms = -1}, at_s(2)));
  EXPECT_FALSE(cluster.apply_fault("no-such-pod", FaultPatch{.delay_ms = 10}, at_s(3)));
  EXPECT_EQ(cluster.events().count(), 0u);
}

TEST(ClusterEvents, KillLogsTheFaultThenThePodAndServiceChangesAtOnce) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(10));
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-2", FaultPatch{.kill = true}, at_s(10)));
  const auto& log = cluster.events().events();
  ASSERT_GE(log.size(), 3u);
  EXPECT_EQ(log[0].kind, EventKind::kFault);
  EXPECT_EQ(log[0].message, "fault on sensor-sim-pod-2: kill true");
  EXPECT_EQ(log[1].kind, EventKind::kPodStatus);
  EXPECT_EQ(log[1].level, EventLevel::kWarning);
  EXPECT_EQ(log[1].at, at_s(10));
  EXPECT_EQ(log[1].message.rfind("sensor-sim-pod-2: Healthy -> Down", 0), 0u) << log[1].message;
  EXPECT_EQ(log[2].kind, EventKind::kServiceStatus);
  EXPECT_EQ(log[2].target, "sensor-sim");
  EXPECT_EQ(log[2].level, EventLevel::kInfo);  // Degraded, not Down: two pods still serve
  EXPECT_EQ(log[2].message, "sensor-sim: Healthy -> Degraded (2 of 3 pods ready)");
}

TEST(ClusterEvents, RestartIsLoggedAndRecoveryShowsAsStatusChanges) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(10));
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1", FaultPatch{.kill = true}, at_s(10)));
  cluster.advance_to(at_s(20));
  ASSERT_TRUE(cluster.restart("sensor-sim-pod-1", at_s(20)));
  const auto restarts = events_of(cluster, EventKind::kRestart);
  ASSERT_EQ(restarts.size(), 1u);
  EXPECT_EQ(restarts[0].message, "sensor-sim-pod-1 restarted (restart 1); its faults are cleared");
  cluster.advance_to(at_s(30));
  const auto changes = events_of(cluster, EventKind::kPodStatus);
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.back().target, "sensor-sim-pod-1");
  EXPECT_EQ(changes.back().message.rfind("sensor-sim-pod-1: Down -> Healthy", 0), 0u)
      << changes.back().message;
  EXPECT_GT(changes.back().at, at_s(20)) << "back only once started";
  const auto services = events_of(cluster, EventKind::kServiceStatus);
  ASSERT_FALSE(services.empty());
  EXPECT_EQ(services.back().message, "sensor-sim: Degraded -> Healthy (3 of 3 pods ready)");
}

TEST(ClusterEvents, SlowPodTurnsDegradedWithItsReason) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(10));
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-3", FaultPatch{.delay_ms = 1000}, at_s(10)));
  cluster.advance_to(at_s(14));
  const auto changes = events_of(cluster, EventKind::kPodStatus);
  const auto it = std::find_if(changes.begin(), changes.end(),
                               [](const LabEvent& e) { return e.target == "sensor-sim-pod-3"; });
  ASSERT_NE(it, changes.end());
  // Seen while the first slow request is still in flight, before any completes.
  EXPECT_NE(it->message.find("Healthy -> Degraded (a request in flight for"), std::string::npos)
      << it->message;
  // The test jumps to 14 s at once, so statuses are looked at on each second's sample.
  EXPECT_LE(it->at, at_s(11)) << "a fault shows once a request waits past the target";
}

TEST(ClusterEvents, FiringAlertIsAWarningEvent) {
  LabSpec spec = default_lab_spec();
  spec.slo.window = std::chrono::hours(1);  // short window: fast alerts
  Cluster cluster(spec, kSeed, TimePoint{});
  for (const char* pod : {"ui-proxy-pod-1", "ui-proxy-pod-2", "ui-proxy-pod-3"}) {
    ASSERT_TRUE(cluster.apply_fault(pod, FaultPatch{.error_rate = 1.0}, at_s(1)));
  }
  for (int s = 2; s <= 120; ++s) cluster.advance_to(at_s(s));
  const auto alerts = events_of(cluster, EventKind::kAlert);
  ASSERT_FALSE(alerts.empty());
  const auto lab_page = std::find_if(alerts.begin(), alerts.end(), [](const LabEvent& e) {
    return e.target == "lab" && e.message.find("page-fast firing") != std::string::npos;
  });
  ASSERT_NE(lab_page, alerts.end());
  EXPECT_EQ(lab_page->level, EventLevel::kWarning);
  EXPECT_EQ(lab_page->service, "") << "the lab's SLO belongs to no service";
}

TEST(ClusterEvents, ReportCarriesTheLatestEventsNewestFirst) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  for (int i = 1; i <= 60; ++i) {
    ASSERT_TRUE(
        cluster.apply_fault("planner-sim-pod-1", FaultPatch{.delay_ms = i}, at_s(i * 0.01)));
  }
  const LabReport report = cluster.report();
  EXPECT_EQ(report.event_count, 60u);
  ASSERT_EQ(report.events.size(), 50u);
  EXPECT_EQ(report.events.front().id, 60u);
  EXPECT_EQ(report.events.back().id, 11u);
}

TEST(ClusterHistory, OneSampleEveryWholeSecond) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  EXPECT_FALSE(cluster.report().sample);
  cluster.advance_to(at_s(10.5));
  const auto& samples = cluster.history().samples();
  ASSERT_EQ(samples.size(), 10u);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(samples[i].at, at_s(static_cast<double>(i + 1)));
    EXPECT_EQ(samples[i].services.size(), 3u);
  }
  ASSERT_TRUE(cluster.report().sample);
  EXPECT_EQ(cluster.report().sample->at, at_s(10));
}

TEST(ClusterHistory, SamplesDoNotDependOnHowTimeIsStepped) {
  Cluster coarse(default_lab_spec(), kSeed, TimePoint{});
  Cluster fine(default_lab_spec(), kSeed, TimePoint{});
  coarse.advance_to(at_s(20));
  for (int step = 1; step <= 200; ++step) fine.advance_to(at_s(step * 0.1));
  ASSERT_EQ(coarse.history().samples().size(), fine.history().samples().size());
  for (std::size_t i = 0; i < coarse.history().samples().size(); ++i) {
    const ServiceSample& a = sample_of(coarse.history().samples()[i], kSensor);
    const ServiceSample& b = sample_of(fine.history().samples()[i], kSensor);
    EXPECT_EQ(a.p95_s, b.p95_s) << "sample " << i;
    EXPECT_EQ(a.request_rate, b.request_rate) << "sample " << i;
    EXPECT_EQ(a.pods_healthy, b.pods_healthy) << "sample " << i;
  }
}

TEST(ClusterHistory, SamplesShowAFaultAndItsRecovery) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(10));
  const ServiceSample before = sample_of(cluster.history().samples().back(), kSensor);
  EXPECT_EQ(before.pods_healthy, 3);
  EXPECT_EQ(before.pods_ready, 3);
  EXPECT_EQ(before.pods_total, 3);
  ASSERT_TRUE(before.p95_s);
  EXPECT_LT(*before.p95_s, 0.2);
  EXPECT_GT(before.request_rate, 100.0);
  ASSERT_TRUE(before.error_ratio);
  EXPECT_EQ(*before.error_ratio, 0.0);

  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1",
                                  FaultPatch{.delay_ms = 1000, .error_rate = 0.5}, at_s(10)));
  cluster.advance_to(at_s(15));
  const ServiceSample during = sample_of(cluster.history().samples().back(), kSensor);
  EXPECT_EQ(during.pods_healthy, 2);
  ASSERT_TRUE(during.p99_s);
  EXPECT_GT(*during.p99_s, 1.0);
  ASSERT_TRUE(during.error_ratio);
  EXPECT_GT(*during.error_ratio, 0.08);
  EXPECT_LT(*during.error_ratio, 0.3);

  ASSERT_TRUE(cluster.restart("sensor-sim-pod-1", at_s(15)));
  cluster.advance_to(at_s(25));
  EXPECT_EQ(sample_of(cluster.history().samples().back(), kSensor).pods_healthy, 3);
}

TEST(ClusterHistory, KeepsAnHour) {
  LabSpec spec = default_lab_spec();
  for (ServiceSpec& service : spec.services) service.rate_rps = 1.0;  // an hour, quickly
  Cluster cluster(spec, kSeed, TimePoint{});
  cluster.advance_to(at_s(3605));
  EXPECT_EQ(cluster.history().count(), 3605u);
  ASSERT_EQ(cluster.history().samples().size(), 3600u);
  EXPECT_EQ(cluster.history().samples().front().at, at_s(6));
}

TEST(ClusterStatus, LabIsDownOnlyWhenEveryServiceIs) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(5));
  for (const char* pod : {"sensor-sim-pod-1", "sensor-sim-pod-2", "sensor-sim-pod-3"}) {
    ASSERT_TRUE(cluster.apply_fault(pod, FaultPatch{.kill = true}, at_s(5)));
  }
  cluster.advance_to(at_s(15));
  EXPECT_EQ(cluster.report().status, PodStatus::kDegraded);
  for (const auto& pod : cluster.pods()) {
    ASSERT_TRUE(cluster.apply_fault(pod.id, FaultPatch{.kill = true}, at_s(15)));
  }
  cluster.advance_to(at_s(25));
  EXPECT_EQ(cluster.report().status, PodStatus::kDown);
}

}  // namespace
}  // namespace hb::core
