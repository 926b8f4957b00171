// The kubelet's restarts of a crashed container on the manual clock: an immediate first restart,
// then 10 s doubling to 300 s, the reset after 10 minutes of running, and how crash_loop, crash,
// kill and a restart by hand fit in.
#include <gtest/gtest.h>

#include "kube_test_helpers.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 11;
const std::string kPod = "solo-pod-1";

PodReport solo_pod(const Cluster& cluster) {
  return pod_of(cluster.report(), kPod);
}

TEST(KubeletBackOff, CrashLoopRestartsAtTheKubeletsSequence) {
  Cluster cluster(solo_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash_loop = true}, at_s(5)));
  // Each restart begins a start-up of 1 s (pods.startup_ms), at whose end the container dies;
  // the next restart waits the back-off after that crash: 0, 10, 20, 40, 80, 160, 300, 300 s.
  const double restarts_at[] = {5, 16, 37, 78, 159, 320, 621, 922};
  for (int i = 0; i < 8; ++i) {
    const double at = restarts_at[i];
    if (i > 0) {  // the first is the fault's own instant
      cluster.advance_to(at_s(at) - std::chrono::microseconds(1));
      EXPECT_EQ(solo_pod(cluster).restarts, i) << "before " << at;
    }
    cluster.advance_to(at_s(at));
    const PodReport pod = solo_pod(cluster);
    EXPECT_EQ(pod.restarts, i + 1) << "at " << at;
    EXPECT_EQ(pod.last_restart_at, at_s(at));
    EXPECT_EQ(pod.container_state, ContainerState::kWaiting);
    EXPECT_EQ(pod.container_reason, "ContainerCreating");
    EXPECT_EQ(pod.kube_phase, KubePhase::kRunning);
  }
  const auto started = events_with(cluster, "Started", kPod);
  ASSERT_GE(started.size(), 8u);
}

TEST(KubeletBackOff, WaitingShowsCrashLoopBackOffUntilTheBackOffEnds) {
  Cluster cluster(solo_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash_loop = true}, at_s(5)));
  cluster.advance_to(at_s(10));  // crashed at 6 after its restart at 5; next start at 16
  PodReport pod = solo_pod(cluster);
  EXPECT_EQ(pod.restarts, 1);
  EXPECT_EQ(pod.container_state, ContainerState::kWaiting);
  EXPECT_EQ(pod.container_reason, "CrashLoopBackOff");
  EXPECT_EQ(pod.kubectl_status, "CrashLoopBackOff");
  EXPECT_EQ(pod.back_off_until, at_s(16));
  EXPECT_EQ(pod.kube_phase, KubePhase::kRunning);  // the pod's phase stays Running
  EXPECT_EQ(pod.status, PodStatus::kDown);
  EXPECT_FALSE(pod.ready);
  const auto back_offs = events_with(cluster, "BackOff", kPod);
  ASSERT_FALSE(back_offs.empty());
  EXPECT_EQ(back_offs.back().at, at_s(6));
  EXPECT_EQ(type_of(back_offs.back()), "Warning");
}

TEST(KubeletBackOff, ClearingTheCrashLoopLetsTheNextStartStayUp) {
  Cluster cluster(solo_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash_loop = true}, at_s(5)));
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash_loop = false}, at_s(20)));  // waits until 37
  cluster.advance_to(at_s(36));
  EXPECT_EQ(solo_pod(cluster).container_reason, "CrashLoopBackOff");
  cluster.advance_to(at_s(38.5));
  PodReport pod = solo_pod(cluster);
  EXPECT_EQ(pod.restarts, 3);
  EXPECT_EQ(pod.container_state, ContainerState::kRunning);
  EXPECT_EQ(pod.back_off_until, std::nullopt);
  cluster.advance_to(at_s(2000));
  pod = solo_pod(cluster);
  EXPECT_EQ(pod.restarts, 3);
  EXPECT_TRUE(pod.ready);
}

TEST(KubeletBackOff, TenMinutesOfRunningResetTheSequence) {
  Cluster cluster(solo_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash_loop = true}, at_s(5)));
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash_loop = false}, at_s(20)));
  cluster.advance_to(at_s(40));  // running since 38 after three crashes
  // A crash after 10 minutes of running: restarted at once, as after a first crash.
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash = true}, at_s(638)));
  PodReport pod = solo_pod(cluster);
  EXPECT_EQ(pod.restarts, 4);
  EXPECT_EQ(pod.last_restart_at, at_s(638));
  // The next crash (it ran 61 s) waits 10 s.
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash = true}, at_s(700)));
  pod = solo_pod(cluster);
  EXPECT_EQ(pod.restarts, 4);
  EXPECT_EQ(pod.back_off_until, at_s(710));
  EXPECT_EQ(pod.container_reason, "CrashLoopBackOff");
  cluster.advance_to(at_s(710));
  EXPECT_EQ(solo_pod(cluster).restarts, 5);
}

TEST(KubeletBackOff, ACrashBeforeTenMinutesKeepsTheSequence) {
  Cluster cluster(solo_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash_loop = true}, at_s(5)));
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash_loop = false}, at_s(20)));
  // Three crashes so far (6, 17, 38... the third restart at 37 stayed up): the fourth waits 40 s.
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash = true}, at_s(338)));
  const PodReport pod = solo_pod(cluster);
  EXPECT_EQ(pod.restarts, 3);
  EXPECT_EQ(pod.back_off_until, at_s(378));
}

TEST(KubeletBackOff, KillMeansDeadUntilCleared) {
  Cluster cluster(solo_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod, {.kill = true}, at_s(5)));
  cluster.advance_to(at_s(2000));
  PodReport pod = solo_pod(cluster);
  EXPECT_EQ(pod.phase, PodPhase::kTerminated);
  EXPECT_EQ(pod.restarts, 0);
  EXPECT_EQ(pod.back_off_until, std::nullopt);
  EXPECT_TRUE(events_with(cluster, "Started", kPod).empty());
  ASSERT_TRUE(cluster.clear_faults(kPod, at_s(2000)));
  cluster.advance_to(at_s(2001));
  pod = solo_pod(cluster);
  EXPECT_EQ(pod.phase, PodPhase::kRunning);
  EXPECT_EQ(pod.restarts, 0);  // cleared, not restarted
}

TEST(KubeletBackOff, KillDuringTheBackOffIsNeverRestartedByTheKubelet) {
  Cluster cluster(solo_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash_loop = true}, at_s(5)));
  ASSERT_TRUE(cluster.apply_fault(kPod, {.kill = true}, at_s(10)));  // back-off until 16
  cluster.advance_to(at_s(1000));
  const PodReport pod = solo_pod(cluster);
  EXPECT_EQ(pod.restarts, 1);
  EXPECT_EQ(pod.phase, PodPhase::kTerminated);
  EXPECT_EQ(pod.back_off_until, std::nullopt);
}

TEST(KubeletBackOff, ARestartByHandCountsOneRestart) {
  Cluster cluster(solo_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.restart(kPod, at_s(5)));
  cluster.advance_to(at_s(7));
  PodReport pod = solo_pod(cluster);
  EXPECT_EQ(pod.restarts, 1);
  EXPECT_EQ(pod.phase, PodPhase::kRunning);
  // And it ends a crash loop: faults cleared, the back-off forgotten.
  ASSERT_TRUE(cluster.apply_fault(kPod, {.crash_loop = true}, at_s(10)));
  cluster.advance_to(at_s(12));  // restarted at 10, crashed at 11, back-off until 21
  EXPECT_EQ(solo_pod(cluster).restarts, 2);
  ASSERT_TRUE(cluster.restart(kPod, at_s(12)));
  cluster.advance_to(at_s(14));
  pod = solo_pod(cluster);
  EXPECT_EQ(pod.restarts, 3);
  EXPECT_EQ(pod.phase, PodPhase::kRunning);
  EXPECT_EQ(pod.back_off_until, std::nullopt);
  cluster.advance_to(at_s(100));
  EXPECT_EQ(solo_pod(cluster).restarts, 3);
}

}  // namespace
}  // namespace hb::core
