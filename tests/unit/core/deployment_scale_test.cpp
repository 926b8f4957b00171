// A Deployment's replicas on the manual clock: scaling up creates pods at the next numbers,
// scaling down removes the highest first, a removed pod finishes its requests within its grace
// period, and refused scale requests change nothing.
#include <gtest/gtest.h>

#include "kube_test_helpers.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 9;
using Ids = std::vector<std::string>;

TEST(DeploymentScale, UpCreatesPodsAtTheNextNumbersWhichStartThenRun) {
  Cluster cluster(solo_lab(3), kSeed, TimePoint{});
  const auto change = cluster.scale("solo", 5, at_s(10));
  ASSERT_TRUE(change);
  EXPECT_EQ(change.value().previous, 3);
  EXPECT_EQ(change.value().replicas, 5);
  EXPECT_TRUE(change.value().changed);
  LabReport report = cluster.report();
  EXPECT_EQ(pod_ids(report),
            (Ids{"solo-pod-1", "solo-pod-2", "solo-pod-3", "solo-pod-4", "solo-pod-5"}));
  for (const std::string id : {"solo-pod-4", "solo-pod-5"}) {
    const PodReport pod = pod_of(report, id);
    EXPECT_EQ(pod.kube_phase, KubePhase::kPending) << id;
    EXPECT_EQ(pod.container_reason, "ContainerCreating") << id;
    EXPECT_EQ(pod.kubectl_status, "ContainerCreating") << id;
    EXPECT_FALSE(pod.ready) << id;
    EXPECT_EQ(pod.created_at, at_s(10)) << id;
  }
  EXPECT_EQ(service_of(report, "solo").replicas_desired, 5);
  EXPECT_EQ(service_of(report, "solo").replicas_ready, 3);
  cluster.advance_to(at_s(11));
  report = cluster.report();
  for (const std::string id : {"solo-pod-4", "solo-pod-5"}) {
    const PodReport pod = pod_of(report, id);
    EXPECT_EQ(pod.kube_phase, KubePhase::kRunning) << id;
    EXPECT_EQ(pod.kubectl_status, "Running") << id;
    EXPECT_TRUE(pod.ready) << id;
  }
  EXPECT_EQ(service_of(report, "solo").replicas_ready, 5);
  const auto scaled = events_with(cluster, "ScalingReplicaSet", "solo");
  ASSERT_EQ(scaled.size(), 1u);
  EXPECT_EQ(events_with(cluster, "Scheduled", "solo-pod-4").size(), 1u);
  EXPECT_EQ(events_with(cluster, "Scheduled", "solo-pod-5").size(), 1u);
}

TEST(DeploymentScale, DownRemovesTheHighestFirstAndPodOneStays) {
  Cluster cluster(solo_lab(5), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.scale("solo", 2, at_s(10)));
  EXPECT_EQ(pod_ids(cluster.report()), (Ids{"solo-pod-1", "solo-pod-2"}));
  ASSERT_TRUE(cluster.scale("solo", 1, at_s(20)));
  EXPECT_EQ(pod_ids(cluster.report()), (Ids{"solo-pod-1"}));
  // Up again: the names come back, as new pods (new uids).
  ASSERT_TRUE(cluster.scale("solo", 3, at_s(30)));
  EXPECT_EQ(pod_ids(cluster.report()), (Ids{"solo-pod-1", "solo-pod-2", "solo-pod-3"}));
  cluster.advance_to(at_s(31));
  EXPECT_EQ(service_of(cluster.report(), "solo").replicas_ready, 3);
  EXPECT_EQ(events_with(cluster, "Killing").size(), 4u);
}

TEST(DeploymentScale, ScaleToZeroAndBack) {
  Cluster cluster(solo_lab(2, 10.0), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.scale("solo", 0, at_s(10)));
  cluster.advance_to(at_s(50));
  EXPECT_TRUE(pod_ids(cluster.report()).empty());
  EXPECT_EQ(service_of(cluster.report(), "solo").status, PodStatus::kDown);
  ASSERT_TRUE(cluster.scale("solo", 2, at_s(50)));
  cluster.advance_to(at_s(55));
  EXPECT_EQ(pod_ids(cluster.report()), (Ids{"solo-pod-1", "solo-pod-2"}));
  EXPECT_EQ(service_of(cluster.report(), "solo").pods_ready, 2);
}

// A fault on "some pods" of a service scaled to zero is a conflict that changes nothing (mode
// one used to pick the first of no pods: undefined behaviour, a crash in the server).
TEST(DeploymentScale, AServiceFaultOnAServiceScaledToZeroIsAConflict) {
  Cluster cluster(solo_lab(2, 10.0), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.scale("solo", 0, at_s(10)));
  cluster.advance_to(at_s(50));
  ASSERT_TRUE(pod_ids(cluster.report()).empty());
  const std::uint64_t events = cluster.events().count();
  for (const PodSelector& selector :
       {PodSelector{SelectMode::kOne}, PodSelector{SelectMode::kAll},
        PodSelector{SelectMode::kFixed, 1}, PodSelector{SelectMode::kFixedPercent, 50}}) {
    const auto hit = cluster.apply_service_fault("solo", selector, {.kill = true}, at_s(51));
    ASSERT_FALSE(hit) << to_string(selector.mode);
    EXPECT_EQ(hit.error().kind, ErrorKind::kConflict);
  }
  EXPECT_EQ(cluster.events().count(), events);
  ASSERT_TRUE(cluster.scale("solo", 1, at_s(52)));
  cluster.advance_to(at_s(54));
  EXPECT_EQ(pod_of(cluster.report(), "solo-pod-1").fault.kill, false);
  EXPECT_EQ(service_of(cluster.report(), "solo").pods_ready, 1);
}

TEST(DeploymentScale, ARemovedPodFinishesItsRequestsOutOfTheEndpoints) {
  Cluster cluster(solo_lab(3, 10.0), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("solo-pod-3", {.delay_ms = 10000}, at_s(1)));
  cluster.advance_to(at_s(5));
  ASSERT_GT(pod_of(cluster.report(), "solo-pod-3").in_flight.count, 0u);
  ASSERT_TRUE(cluster.scale("solo", 2, at_s(5)));
  PodReport pod = pod_of(cluster.report(), "solo-pod-3");
  EXPECT_TRUE(pod.terminating);
  EXPECT_FALSE(pod.in_endpoints);
  EXPECT_EQ(pod.kubectl_status, "Terminating");
  EXPECT_EQ(service_of(cluster.report(), "solo").pods_total, 2);
  // Its last request, sent before 5, is answered by 15.1; then it is gone.
  cluster.advance_to(at_s(10));
  EXPECT_TRUE(pod_of(cluster.report(), "solo-pod-3").terminating);
  cluster.advance_to(at_s(15.1));
  EXPECT_EQ(pod_ids(cluster.report()), (Ids{"solo-pod-1", "solo-pod-2"}));
}

TEST(DeploymentScale, APodStillBusyAtTheEndOfItsGracePeriodIsRemoved) {
  LabSpec spec = solo_lab(3, 10.0);
  workload_of(spec).termination_grace_period_s = 30.0;
  Cluster cluster(spec, kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("solo-pod-3", {.delay_ms = 100000}, at_s(1)));
  ASSERT_TRUE(cluster.scale("solo", 2, at_s(5)));
  cluster.advance_to(at_s(34.9));
  EXPECT_TRUE(pod_of(cluster.report(), "solo-pod-3").terminating);
  cluster.advance_to(at_s(35));
  EXPECT_EQ(pod_ids(cluster.report()), (Ids{"solo-pod-1", "solo-pod-2"}));
  cluster.advance_to(at_s(200));  // its requests' late answers change nothing
  EXPECT_EQ(pod_ids(cluster.report()), (Ids{"solo-pod-1", "solo-pod-2"}));
}

TEST(DeploymentScale, TheSameNumberChangesNothing) {
  Cluster cluster(solo_lab(3), kSeed, TimePoint{});
  const std::uint64_t events = cluster.events().count();
  const auto change = cluster.scale("solo", 3, at_s(10));
  ASSERT_TRUE(change);
  EXPECT_FALSE(change.value().changed);
  EXPECT_EQ(cluster.events().count(), events);
  EXPECT_EQ(pod_ids(cluster.report()).size(), 3u);
}

TEST(DeploymentScale, RefusedRequestsChangeNothing) {
  Cluster cluster(solo_lab(3), kSeed, TimePoint{});
  for (const int bad : {-1, kMaxReplicas + 1}) {
    const auto change = cluster.scale("solo", bad, at_s(10));
    ASSERT_FALSE(change);
    EXPECT_EQ(change.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(change.error().field, "replicas");
  }
  EXPECT_EQ(cluster.scale("nope", 2, at_s(10)).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(pod_ids(cluster.report()).size(), 3u);
  EXPECT_EQ(service_of(cluster.report(), "solo").replicas_desired, 3);
  EXPECT_TRUE(events_with(cluster, "ScalingReplicaSet").empty());

  LabSpec spec = solo_lab(2);
  workload_of(spec).concurrency = 2;
  workload_of(spec).autoscale = AutoscaleSpec{.min_replicas = 1, .max_replicas = 4};
  Cluster scaled(spec, kSeed, TimePoint{});
  const auto refused = scaled.scale("solo", 3, at_s(10));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(pod_ids(scaled.report()).size(), 2u);
}

}  // namespace
}  // namespace hb::core
