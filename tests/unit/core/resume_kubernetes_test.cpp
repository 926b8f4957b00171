// A lab resumed in the middle of what its kubelet and Deployment controller were doing: a crash
// loop keeps its back-off and restart count, pods keep their numbers after scaling, and a
// rolling update carries on from the pods' own releases.
#include <gtest/gtest.h>

#include "kube_test_helpers.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 17;

std::vector<std::string> versions_of(const LabReport& report) {
  std::vector<std::string> versions;
  for (const PodReport& pod : report.pods) {
    if (!pod.terminating) versions.push_back(pod.id + "@" + pod.version);
  }
  return versions;
}

TEST(ResumeKubernetes, ACrashLoopKeepsItsRestartCountAndBackOff) {
  Cluster lab(solo_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(lab.apply_fault("solo-pod-1", {.crash_loop = true}, at_s(5)));
  lab.advance_to(at_s(50));  // restarts at 5, 16 and 37; crashed again at 38, next start at 78
  const int restarts = pod_of(lab.report(), "solo-pod-1").restarts;
  ASSERT_EQ(restarts, 3);
  const LabCheckpoint saved = lab.checkpoint();
  Cluster resumed(solo_lab(), kSeed, at_s(60), saved);
  // The fresh container crashes as it starts, with the back-off the sequence had reached (40 s,
  // then 80 s): no restart at the resumption itself.
  EXPECT_EQ(pod_of(resumed.report(), "solo-pod-1").restarts, restarts);
  resumed.advance_to(at_s(95));
  EXPECT_EQ(pod_of(resumed.report(), "solo-pod-1").restarts, restarts);
  EXPECT_EQ(pod_of(resumed.report(), "solo-pod-1").container_reason, "CrashLoopBackOff");
}

TEST(ResumeKubernetes, PodsKeepTheirNumbersAfterScaling) {
  LabSpec spec = solo_lab(3, 50.0);
  Cluster lab(spec, kSeed, TimePoint{});
  ASSERT_TRUE(lab.apply_fault("solo-pod-3", {.delay_ms = 20000}, at_s(1)));
  lab.advance_to(at_s(3));
  ASSERT_TRUE(lab.scale("solo", 2, at_s(3)));  // solo-pod-3 terminates, its requests running
  ASSERT_TRUE(lab.scale("solo", 3, at_s(4)));  // its number is not free yet: solo-pod-4
  lab.advance_to(at_s(60));
  const std::vector<std::string> before = pod_ids(lab.report());
  ASSERT_EQ(before, (std::vector<std::string>{"solo-pod-1", "solo-pod-2", "solo-pod-4"}));
  Cluster resumed(spec, kSeed, at_s(70), lab.checkpoint());
  EXPECT_EQ(pod_ids(resumed.report()), before);
  ASSERT_TRUE(resumed.scale("solo", 4, at_s(71)));  // the free number is taken again
  EXPECT_EQ(pod_ids(resumed.report()),
            (std::vector<std::string>{"solo-pod-1", "solo-pod-2", "solo-pod-3", "solo-pod-4"}));
}

TEST(ResumeKubernetes, ATerminatingPodIsNotBroughtBack) {
  LabSpec spec = solo_lab(3, 50.0);
  workload_of(spec).termination_grace_period_s = 30;
  Cluster lab(spec, kSeed, TimePoint{});
  ASSERT_TRUE(lab.apply_fault("solo-pod-3", {.delay_ms = 20000}, at_s(1)));
  lab.advance_to(at_s(3));
  ASSERT_TRUE(lab.scale("solo", 2, at_s(3)));
  lab.advance_to(at_s(4));
  ASSERT_TRUE(pod_of(lab.report(), "solo-pod-3").terminating);  // its requests still run
  Cluster resumed(spec, kSeed, at_s(10), lab.checkpoint());
  EXPECT_EQ(pod_ids(resumed.report()), (std::vector<std::string>{"solo-pod-1", "solo-pod-2"}));
}

TEST(ResumeKubernetes, ARollingUpdateCarriesOnFromThePodsOwnReleases) {
  const LabSpec spec = solo_lab(4, 20.0);
  Cluster lab(spec, kSeed, TimePoint{});
  lab.advance_to(at_s(10));
  ASSERT_TRUE(lab.rollout("solo", {.version = "v2", .latency_median_ms = 30.0}, at_s(10)));
  lab.advance_to(at_s(11.5));
  const LabReport before = lab.report();
  ASSERT_EQ(before.services[0].rollout.state, RolloutState::kProgressing);
  Cluster resumed(spec, kSeed, at_s(20), lab.checkpoint());
  const LabReport after = resumed.report();
  EXPECT_EQ(after.services[0].rollout.state, RolloutState::kProgressing);
  EXPECT_EQ(after.services[0].rollout.revision, 2);
  EXPECT_EQ(versions_of(after), versions_of(before));
  resumed.advance_to(at_s(60));
  const LabReport done = resumed.report();
  EXPECT_EQ(done.services[0].rollout.state, RolloutState::kComplete);
  for (const PodReport& pod : done.pods) EXPECT_EQ(pod.version, "v2") << pod.id;
}

}  // namespace
}  // namespace hb::core
