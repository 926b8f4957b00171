// A lab carried across a restart of the server: what its checkpoint keeps, and what a lab
// resumed from it after a downtime shows.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/cluster.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 5;

TimePoint at_s(double s) {
  return TimePoint{from_seconds(s)};
}

const Pod& pod_named(const Cluster& cluster, const std::string& id) {
  const auto it = std::find_if(cluster.pods().begin(), cluster.pods().end(),
                               [&](const Pod& pod) { return !pod.removed && pod.id == id; });
  EXPECT_NE(it, cluster.pods().end()) << id;
  return *it;
}

std::vector<LabEvent> events_since(const Cluster& cluster, std::uint64_t id) {
  std::vector<LabEvent> found;
  for (const LabEvent& event : cluster.events().events()) {
    if (event.id > id) found.push_back(event);
  }
  return found;
}

const ServiceReport& service_of(const LabReport& report, const std::string& name) {
  const auto it = std::find_if(report.services.begin(), report.services.end(),
                               [&](const ServiceReport& s) { return s.name == name; });
  EXPECT_NE(it, report.services.end()) << name;
  return *it;
}

// A lab with something of every kind to keep, checkpointed at 60 s.
class ResumedLab : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(lab.apply_fault("sensor-sim-pod-1", {.kill = true}, at_s(5)));
    ASSERT_TRUE(lab.apply_fault("sensor-sim-pod-2", {.delay_ms = 300, .duration_s = 100}, at_s(6)));
    ASSERT_TRUE(
        lab.apply_fault("sensor-sim-pod-3", {.error_rate = 0.5, .duration_s = 60}, at_s(7)));
    ASSERT_TRUE(lab.restart("planner-sim-pod-1", at_s(8)));
    ASSERT_TRUE(lab.restart("planner-sim-pod-1", at_s(12)));
    ASSERT_TRUE(lab.scale("planner-sim", 5, at_s(13)));
    ASSERT_TRUE(lab.rollout("ui-proxy", {.version = "v2", .latency_median_ms = 40}, at_s(14)));
    ASSERT_TRUE(lab.partition("planner-sim", "sensor-sim", 70.0, at_s(15)));
    ASSERT_TRUE(lab.partition("ui-proxy", "planner-sim", 200.0, at_s(16)));
    lab.advance_to(at_s(60));
    saved = lab.checkpoint();
  }

  Cluster lab{default_lab_spec(), kSeed, TimePoint{}};
  LabCheckpoint saved;
};

TEST_F(ResumedLab, TheCheckpointHoldsOnlyPodsWithSomethingToKeep) {
  std::vector<std::string> ids;
  for (const PodCheckpoint& pod : saved.pods) ids.push_back(pod.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"sensor-sim-pod-1", "sensor-sim-pod-2",
                                           "sensor-sim-pod-3", "planner-sim-pod-1"}));
  EXPECT_EQ(saved.at, at_s(60));
  EXPECT_EQ(saved.event_count, lab.events().count());
  EXPECT_EQ(saved.history.size(), 60u);
}

TEST_F(ResumedLab, FaultsRestartsReplicasReleasesAndPartitionsCarryOn) {
  const Cluster resumed(default_lab_spec(), kSeed, at_s(100), saved);
  EXPECT_TRUE(pod_named(resumed, "sensor-sim-pod-1").fault.kill);
  EXPECT_EQ(pod_named(resumed, "sensor-sim-pod-1").phase, PodPhase::kTerminated);
  const Pod& delayed = pod_named(resumed, "sensor-sim-pod-2");
  EXPECT_EQ(delayed.fault.delay_ms, 300);
  ASSERT_EQ(delayed.timed_faults.size(), 1u);
  EXPECT_EQ(delayed.timed_faults[0].until, at_s(106));  // its own end, not moved by the downtime
  EXPECT_FALSE(pod_named(resumed, "sensor-sim-pod-3").fault.active());  // ended at 67 s
  EXPECT_EQ(pod_named(resumed, "planner-sim-pod-1").restarts, 2);

  const LabReport report = resumed.report();
  EXPECT_EQ(service_of(report, "planner-sim").replicas_desired, 5);
  EXPECT_EQ(service_of(report, "planner-sim").pods_total, 5);
  EXPECT_EQ(service_of(report, "ui-proxy").version, "v2");
  EXPECT_EQ(service_of(report, "ui-proxy").rollout.revision, 2);
  ASSERT_EQ(report.partitions.size(), 1u);  // planner-sim -> sensor-sim healed at 85 s
  EXPECT_EQ(report.partitions[0].from, "ui-proxy");
  EXPECT_EQ(report.partitions[0].until, at_s(216));
  EXPECT_EQ(report.downtimes, (std::vector<Downtime>{{at_s(60), at_s(100)}}));
  EXPECT_EQ(report.data_since, TimePoint{});
}

TEST_F(ResumedLab, EndsInTheDowntimeAreLoggedAtTheirOwnInstantThenTheResumption) {
  const Cluster resumed(default_lab_spec(), kSeed, at_s(100), saved);
  const std::vector<LabEvent> fresh = events_since(resumed, saved.event_count);
  ASSERT_GE(fresh.size(), 3u);
  EXPECT_EQ(fresh[0].id, saved.event_count + 1);  // the log carries on
  EXPECT_EQ(fresh[0].kind, EventKind::kFaultExpired);
  EXPECT_EQ(fresh[0].at, at_s(67));
  EXPECT_EQ(fresh[0].target, "sensor-sim-pod-3");
  EXPECT_EQ(fresh[1].kind, EventKind::kPartition);
  EXPECT_EQ(fresh[1].at, at_s(85));
  EXPECT_EQ(fresh[1].message,
            "partition planner-sim -> sensor-sim healed with its duration while the server was "
            "down");
  const LabEvent& last = fresh.back();
  EXPECT_EQ(last.kind, EventKind::kLab);
  EXPECT_EQ(last.at, at_s(100));
  EXPECT_EQ(last.message,
            "lab resumed: the server was down for 40.0 s, with no traffic; still in force: "
            "sensor-sim-pod-1 (kill true), sensor-sim-pod-2 (delay_ms 300), partition ui-proxy "
            "-> planner-sim, planner-sim scaled to 5 replicas, ui-proxy at release v2");
  // Everything kept before is still there, unchanged.
  const auto& events = resumed.events().events();
  for (const LabEvent& kept : lab.events().events()) {
    const auto it = std::find_if(events.begin(), events.end(),
                                 [&](const LabEvent& e) { return e.id == kept.id; });
    ASSERT_NE(it, events.end()) << kept.id;
    EXPECT_EQ(it->message, kept.message);
  }
}

TEST_F(ResumedLab, SloCountsCarryOnAndTheDowntimeHasNoTrafficNorData) {
  Cluster resumed(default_lab_spec(), kSeed, at_s(100), saved);
  const SloReport before = lab.report().lab_slo();
  const SloReport after = resumed.report().lab_slo();
  ASSERT_GT(before.availability.period().total, 0u);
  EXPECT_EQ(after.availability.period().total, before.availability.period().total);
  EXPECT_EQ(after.availability.period().bad, before.availability.period().bad);
  EXPECT_EQ(after.latency.period().bad, before.latency.period().bad);
  // 60 s of data before the downtime; none in it.
  EXPECT_EQ(after.availability.period().data, seconds(60));
  resumed.advance_to(at_s(130));
  const SloReport later = resumed.report().lab_slo();
  EXPECT_EQ(later.availability.period().data, seconds(90));
  EXPECT_EQ(later.availability.over(std::chrono::minutes(5))->data, seconds(90));
  EXPECT_GT(later.availability.period().total, before.availability.period().total);
  // The history has the samples kept, then a gap, then new ones.
  const auto& samples = resumed.history().samples();
  ASSERT_EQ(samples.size(), 90u);
  EXPECT_EQ(samples[59].at, at_s(60));
  EXPECT_EQ(samples[60].at, at_s(101));
}

TEST_F(ResumedLab, ACheckpointSinceAnotherCarriesOnlyWhatIsNew) {
  const CheckpointSince since{saved.event_count, saved.history_count, saved.at};
  ASSERT_TRUE(lab.apply_fault("ui-proxy-pod-1", {.delay_ms = 10}, at_s(61)));
  lab.advance_to(at_s(63));
  const LabCheckpoint next = lab.checkpoint(since);
  ASSERT_EQ(next.events.size(), next.event_count - saved.event_count);
  EXPECT_EQ(next.events.front().id, saved.event_count + 1);
  EXPECT_EQ(next.history.size(), 3u);
  for (const SloCheckpoint& slo : next.slos) {
    for (const BucketCounts& bucket : slo.buckets) {
      const Duration width = bucket.ring == 0   ? std::chrono::seconds(1)
                             : bucket.ring == 1 ? std::chrono::minutes(1)
                                                : std::chrono::minutes(5);
      EXPECT_GT(width * (bucket.bucket + 1), at_s(60).time_since_epoch()) << slo.slo;
    }
  }
  EXPECT_EQ(next.pods.size(), saved.pods.size() + 1);  // state is always whole
}

TEST(ClusterResume, AFiringAlertStaysFiringFromWhenItFired) {
  Cluster lab(default_lab_spec(), kSeed, TimePoint{});
  for (int n = 1; n <= 3; ++n) {
    ASSERT_TRUE(lab.apply_fault("sensor-sim-pod-" + std::to_string(n), {.kill = true}, at_s(1)));
  }
  lab.advance_to(at_s(30));
  const auto firing = [](const Cluster& cluster) {
    std::vector<AlertStatus> found;
    for (const AlertStatus& alert : cluster.report().alerts) {
      if (alert.firing) found.push_back(alert);
    }
    return found;
  };
  const std::vector<AlertStatus> before = firing(lab);
  ASSERT_FALSE(before.empty());
  const Cluster resumed(default_lab_spec(), kSeed, at_s(45), lab.checkpoint());
  const std::vector<AlertStatus> after = firing(resumed);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].slo, before[i].slo);
    EXPECT_EQ(after[i].rule, before[i].rule);
    EXPECT_EQ(after[i].since, before[i].since);
  }
}

TEST(ClusterResume, DowntimesNoWindowReachesAreDropped) {
  Cluster lab(default_lab_spec(), kSeed, TimePoint{});
  LabCheckpoint saved = lab.checkpoint();
  const auto day = [](int n) { return at_s(86400.0 * n); };
  saved.at = day(40);
  saved.downtimes = {{day(5), day(6)}, {day(20), day(21)}};  // the 30-day window reaches day 11
  const Cluster resumed(default_lab_spec(), kSeed, day(41), saved);
  EXPECT_EQ(resumed.downtimes(), (std::vector<Downtime>{{day(20), day(21)}, {day(40), day(41)}}));
}

TEST(ClusterResume, WhatNamesNothingInTheLabIsDropped) {
  Cluster lab(default_lab_spec(), kSeed, TimePoint{});
  LabCheckpoint saved = lab.checkpoint();
  saved.pods.push_back({.id = "gone-pod-1", .restarts = 3});
  saved.partitions.push_back({"gone", "sensor-sim", TimePoint{}, std::nullopt});
  saved.services.push_back({.name = "gone", .desired = 4});
  const Cluster resumed(default_lab_spec(), kSeed, at_s(10), saved);
  EXPECT_EQ(resumed.report().pods.size(), 9u);
  EXPECT_TRUE(resumed.report().partitions.empty());
}

}  // namespace
}  // namespace hb::core
