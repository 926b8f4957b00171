// Rolling updates on the manual clock: within max_surge and max_unavailable at every step, pods
// replaced in place so the names stay, the surge pods gone at the end, the Progressing
// condition, a bad release that never becomes ready, undo, and release names.
#include <gtest/gtest.h>

#include "kube_test_helpers.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 13;
using Ids = std::vector<std::string>;
const Ids kFour = {"solo-pod-1", "solo-pod-2", "solo-pod-3", "solo-pod-4"};

struct Counts {
  int live = 0;       // not terminating
  int available = 0;  // ready and not terminating
};

Counts counts_of(const LabReport& report) {
  Counts counts;
  for (const PodReport& pod : report.pods) {
    if (pod.terminating) continue;
    ++counts.live;
    if (pod.ready) ++counts.available;
  }
  return counts;
}

// Advances in steps of 10 ms up to `until`, checking the rollout's bounds at each.
void run_within_bounds(Cluster& cluster, double from, double until, int desired, int surge,
                       int unavailable) {
  for (double t = from; t <= until; t += 0.01) {
    cluster.advance_to(at_s(t));
    const Counts counts = counts_of(cluster.report());
    ASSERT_LE(counts.live, desired + surge) << t;
    ASSERT_GE(counts.available, desired - unavailable) << t;
  }
}

TEST(Rollout, StaysWithinSurgeAndUnavailableAndKeepsTheNames) {
  LabSpec spec = solo_lab(4, 20.0);
  Cluster cluster(spec, kSeed, TimePoint{});
  cluster.advance_to(at_s(10));
  const auto started =
      cluster.rollout("solo", {.version = "v2", .latency_median_ms = 30.0}, at_s(10));
  ASSERT_TRUE(started);
  EXPECT_EQ(started.value().state, RolloutState::kProgressing);
  EXPECT_EQ(started.value().reason, "ReplicaSetUpdated");
  EXPECT_EQ(started.value().revision, 2);
  EXPECT_EQ(started.value().version, "v2");
  EXPECT_EQ(started.value().previous_version, "v1");
  // 25 % of 4: one pod more, one pod fewer.
  EXPECT_LE(counts_of(cluster.report()).live, 5);
  EXPECT_GE(counts_of(cluster.report()).available, 3);
  run_within_bounds(cluster, 10.0, 20.0, 4, 1, 1);
  const LabReport report = cluster.report();
  EXPECT_EQ(pod_ids(report), kFour);
  for (const PodReport& pod : report.pods) {
    EXPECT_EQ(pod.version, "v2") << pod.id;
    EXPECT_TRUE(pod.ready) << pod.id;
    EXPECT_EQ(pod.restarts, 0) << pod.id;
  }
  const ServiceReport service = service_of(report, "solo");
  EXPECT_EQ(service.rollout.state, RolloutState::kComplete);
  EXPECT_EQ(service.rollout.reason, "NewReplicaSetAvailable");
  EXPECT_EQ(service.rollout.updated, 4);
  EXPECT_EQ(service.replicas_updated, 4);
  EXPECT_EQ(service.version, "v2");
  EXPECT_EQ(events_with(cluster, "NewReplicaSetAvailable", "solo").size(), 1u);
}

TEST(Rollout, WithoutSurgeItReplacesOneAtATime) {
  LabSpec spec = solo_lab(4);
  workload_of(spec).rollout.max_surge = IntOrPercent{0, false};
  workload_of(spec).rollout.max_unavailable = IntOrPercent{1, false};
  Cluster cluster(spec, kSeed, TimePoint{});
  ASSERT_TRUE(cluster.rollout("solo", {.version = "v2"}, at_s(10)));
  run_within_bounds(cluster, 10.0, 20.0, 4, 0, 1);
  EXPECT_EQ(pod_ids(cluster.report()), kFour);
  EXPECT_EQ(service_of(cluster.report(), "solo").rollout.state, RolloutState::kComplete);
}

TEST(Rollout, ScalingUpDuringARolloutStillCompletes) {
  Cluster cluster(solo_lab(4), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.rollout("solo", {.version = "v2"}, at_s(10)));
  cluster.advance_to(at_s(12.5));
  ASSERT_TRUE(cluster.scale("solo", 6, at_s(12.5)));
  cluster.advance_to(at_s(30));
  const LabReport report = cluster.report();
  EXPECT_EQ(pod_ids(report), (Ids{"solo-pod-1", "solo-pod-2", "solo-pod-3", "solo-pod-4",
                                  "solo-pod-5", "solo-pod-6"}));
  EXPECT_EQ(service_of(report, "solo").rollout.state, RolloutState::kComplete);
  EXPECT_EQ(service_of(report, "solo").pods_ready, 6);
}

LabSpec probed_lab() {
  LabSpec spec = solo_lab(4);
  workload_of(spec).probes.readiness = ProbeSpec{.period_s = 1.0};
  workload_of(spec).rollout.progress_deadline_s = 30.0;
  return spec;
}

TEST(Rollout, ABadReleaseNeverBecomesReadyAndMissesItsDeadline) {
  Cluster cluster(probed_lab(), kSeed, TimePoint{});
  cluster.advance_to(at_s(10));
  ASSERT_TRUE(cluster.rollout("solo", {.version = "bad", .error_rate = 1.0}, at_s(10)));
  run_within_bounds(cluster, 10.0, 40.5, 4, 1, 1);
  EXPECT_EQ(service_of(cluster.report(), "solo").rollout.state, RolloutState::kProgressing);
  cluster.advance_to(at_s(41.5));
  LabReport report = cluster.report();
  const ServiceReport service = service_of(report, "solo");
  EXPECT_EQ(service.rollout.state, RolloutState::kFailed);
  EXPECT_EQ(service.rollout.reason, "ProgressDeadlineExceeded");
  EXPECT_EQ(events_with(cluster, "ProgressDeadlineExceeded", "solo").size(), 1u);
  EXPECT_EQ(service.pods_ready, 3);  // the old ones still serve
  // Undo: back to v1, every pod v1 and ready, names kept, the surge pod gone.
  const auto undone = cluster.undo("solo", at_s(50));
  ASSERT_TRUE(undone);
  EXPECT_EQ(undone.value().version, "v1");
  EXPECT_EQ(undone.value().previous_version, "bad");
  run_within_bounds(cluster, 50.0, 60.0, 4, 1, 1);
  report = cluster.report();
  EXPECT_EQ(pod_ids(report), kFour);
  for (const PodReport& pod : report.pods) {
    EXPECT_EQ(pod.version, "v1") << pod.id;
    EXPECT_TRUE(pod.ready) << pod.id;
  }
  EXPECT_EQ(service_of(report, "solo").rollout.state, RolloutState::kComplete);
  EXPECT_EQ(service_of(report, "solo").rollout.revision, 3);
}

TEST(Rollout, ReleaseNamesMustMatchTheirProfile) {
  Cluster cluster(solo_lab(2), kSeed, TimePoint{});
  EXPECT_EQ(cluster.rollout("solo", {.version = "v1"}, at_s(1)).error().kind,
            ErrorKind::kConflict);                                              // already runs it
  EXPECT_EQ(cluster.undo("solo", at_s(1)).error().kind, ErrorKind::kConflict);  // nothing before
  ASSERT_TRUE(cluster.rollout("solo", {.version = "v2", .error_rate = 0.5}, at_s(2)));
  cluster.advance_to(at_s(10));
  ASSERT_TRUE(cluster.undo("solo", at_s(10)));
  cluster.advance_to(at_s(20));
  const auto reused = cluster.rollout("solo", {.version = "v2", .error_rate = 0.1}, at_s(20));
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(service_of(cluster.report(), "solo").version, "v1");
  EXPECT_EQ(cluster.rollout("solo", {.version = "bad name"}, at_s(20)).error().kind,
            ErrorKind::kInvalid);
  // The same profile again is fine.
  EXPECT_TRUE(cluster.rollout("solo", {.version = "v2", .error_rate = 0.5}, at_s(20)));
}

}  // namespace
}  // namespace hb::core
