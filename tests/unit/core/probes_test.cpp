// Startup, readiness and liveness probes on the manual clock: thresholds, the initial delay, the
// timeout, the startup probe's gate, and a liveness storm. Probes are not requests: they count
// in no SLO and no request metric.
#include <gtest/gtest.h>

#include "kube_test_helpers.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 5;
const std::string kPod1 = "solo-pod-1";
const std::string kPod2 = "solo-pod-2";

ProbeSpec probe(double period_s = 10.0, int failures = 3, int successes = 1) {
  return ProbeSpec{
      .period_s = period_s, .success_threshold = successes, .failure_threshold = failures};
}

std::uint64_t served_by(const Cluster& cluster, const std::string& pod_id) {
  const LabReport report = cluster.report();
  std::size_t place = 0;
  while (place < report.pods.size() && report.pods[place].id != pod_id) ++place;
  std::uint64_t total = 0;
  for (const auto& [key, count] : report.metrics.served) {
    if (key.pod == place) total += count;
  }
  return total;
}

TEST(Probes, ReadinessFailuresTakeThePodOutOfTheEndpointsAndSuccessesBringItBack) {
  LabSpec spec = solo_lab(2, 20.0);
  workload_of(spec).probes.readiness = probe(10.0, 3, 2);
  Cluster cluster(spec, kSeed, TimePoint{});
  cluster.advance_to(at_s(9));
  EXPECT_FALSE(pod_of(cluster.report(), kPod1).ready);  // one success of the two needed
  cluster.advance_to(at_s(11));
  EXPECT_TRUE(pod_of(cluster.report(), kPod1).ready);  // its probes at 0 and 10 passed
  ASSERT_TRUE(cluster.apply_fault(kPod1, {.error_rate = 1.0}, at_s(25)));
  // Probes at 30, 40, 50 fail: out of the endpoints at the third, 20 ms after it ran.
  cluster.advance_to(at_s(50));
  EXPECT_TRUE(pod_of(cluster.report(), kPod1).in_endpoints);
  cluster.advance_to(at_s(50.5));
  PodReport pod = pod_of(cluster.report(), kPod1);
  EXPECT_FALSE(pod.in_endpoints);
  EXPECT_FALSE(pod.ready);
  EXPECT_EQ(pod.phase, PodPhase::kRunning);
  EXPECT_EQ(pod.restarts, 0);
  const auto unhealthy = events_with(cluster, "Unhealthy", kPod1);
  ASSERT_EQ(unhealthy.size(), 1u);
  EXPECT_NE(unhealthy.front().message.find("Readiness probe failed"), std::string::npos);
  // Out of the endpoints it gets no traffic; pod-2 takes it all.
  const std::uint64_t pod1_before = served_by(cluster, kPod1);
  const std::uint64_t pod2_before = served_by(cluster, kPod2);
  cluster.advance_to(at_s(55));
  EXPECT_EQ(served_by(cluster, kPod1), pod1_before);
  EXPECT_GT(served_by(cluster, kPod2), pod2_before + 50);
  ASSERT_TRUE(cluster.clear_faults(kPod1, at_s(55)));
  // success_threshold 2: the probes at 60 and 70 pass, back in after the second.
  cluster.advance_to(at_s(69));
  EXPECT_FALSE(pod_of(cluster.report(), kPod1).in_endpoints);
  cluster.advance_to(at_s(70.5));
  EXPECT_TRUE(pod_of(cluster.report(), kPod1).in_endpoints);
}

TEST(Probes, LivenessFailuresRestartTheContainerWithTheBackOff) {
  LabSpec spec = solo_lab();
  workload_of(spec).probes.liveness = probe();
  Cluster cluster(spec, kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod1, {.error_rate = 1.0}, at_s(1)));
  // Fails at 10, 20, 30 (each 20 ms later): killed at 30.02 and restarted at once.
  cluster.advance_to(at_s(30));
  EXPECT_EQ(pod_of(cluster.report(), kPod1).restarts, 0);
  cluster.advance_to(at_s(30.5));
  EXPECT_EQ(pod_of(cluster.report(), kPod1).restarts, 1);
  const auto killing = events_with(cluster, "Killing", kPod1);
  ASSERT_EQ(killing.size(), 1u);
  EXPECT_NE(killing.front().message.find("liveness"), std::string::npos);
  // Started again at 31.02 with the fault still there: fails at 31.02, 41.02, 51.02, killed at
  // 51.04, and now the back-off is 10 s.
  cluster.advance_to(at_s(52));
  PodReport pod = pod_of(cluster.report(), kPod1);
  EXPECT_EQ(pod.restarts, 1);
  EXPECT_EQ(pod.container_reason, "CrashLoopBackOff");
  ASSERT_TRUE(pod.back_off_until);
  EXPECT_NEAR(to_seconds(pod.back_off_until->time_since_epoch()), 61.04, 1e-6);
  cluster.advance_to(at_s(61.5));
  EXPECT_EQ(pod_of(cluster.report(), kPod1).restarts, 2);
}

TEST(Probes, InitialDelayIsRespected) {
  LabSpec spec = solo_lab();
  workload_of(spec).probes.liveness = ProbeSpec{.initial_delay_s = 30.0, .failure_threshold = 1};
  Cluster cluster(spec, kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod1, {.error_rate = 1.0}, at_s(1)));
  cluster.advance_to(at_s(30));
  EXPECT_EQ(pod_of(cluster.report(), kPod1).restarts, 0);
  cluster.advance_to(at_s(30.5));
  EXPECT_EQ(pod_of(cluster.report(), kPod1).restarts, 1);
}

TEST(Probes, ADelayOverTheTimeoutFailsTheProbe) {
  LabSpec spec = solo_lab(2);
  workload_of(spec).probes.liveness = ProbeSpec{.timeout_s = 1.0, .failure_threshold = 1};
  Cluster cluster(spec, kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod1, {.delay_ms = 1500}, at_s(1)));
  ASSERT_TRUE(cluster.apply_fault(kPod2, {.delay_ms = 900}, at_s(1)));
  // The probe at 10 gives up on pod-1 after its 1 s timeout; pod-2 answers in 920 ms.
  cluster.advance_to(at_s(10.999));
  EXPECT_EQ(pod_of(cluster.report(), kPod1).restarts, 0);
  cluster.advance_to(at_s(11));
  EXPECT_EQ(pod_of(cluster.report(), kPod1).restarts, 1);
  cluster.advance_to(at_s(100));
  EXPECT_EQ(pod_of(cluster.report(), kPod2).restarts, 0);
}

TEST(Probes, AStartupProbeGatesLivenessAndReadiness) {
  LabSpec spec = solo_lab();
  workload_of(spec).probes.startup = ProbeSpec{.initial_delay_s = 5.0, .failure_threshold = 3};
  workload_of(spec).probes.readiness = probe();
  workload_of(spec).probes.liveness = probe(10.0, 1);
  Cluster cluster(spec, kSeed, TimePoint{});
  cluster.advance_to(at_s(4.9));
  PodReport pod = pod_of(cluster.report(), kPod1);
  EXPECT_FALSE(pod.in_endpoints);  // not started yet: not ready
  EXPECT_EQ(pod.status, PodStatus::kDown);
  // The startup probe passes at 5.02; readiness runs at once, ready at 5.04.
  cluster.advance_to(at_s(5.1));
  EXPECT_TRUE(pod_of(cluster.report(), kPod1).in_endpoints);

  // A container that never starts: the startup probe fails 3 times (0... no: 5, 15, 25) and
  // the kubelet kills it; liveness (one failure would do) never ran.
  LabSpec failing = spec;
  Cluster broken(failing, kSeed, TimePoint{});
  ASSERT_TRUE(broken.apply_fault(kPod1, {.error_rate = 1.0}, at_s(1)));
  broken.advance_to(at_s(25));
  EXPECT_EQ(pod_of(broken.report(), kPod1).restarts, 0);
  EXPECT_TRUE(events_with(broken, "Unhealthy", kPod1).empty() ||
              events_with(broken, "Unhealthy", kPod1).front().message.find("Startup") == 0);
  broken.advance_to(at_s(25.5));
  EXPECT_EQ(pod_of(broken.report(), kPod1).restarts, 1);
  const auto unhealthy = events_with(broken, "Unhealthy", kPod1);
  ASSERT_EQ(unhealthy.size(), 1u);
  EXPECT_NE(unhealthy.front().message.find("Startup probe failed"), std::string::npos);
  EXPECT_FALSE(pod_of(broken.report(), kPod1).in_endpoints);
}

TEST(Probes, CountInNoSloAndNoRequestMetric) {
  LabSpec spec = solo_lab(2);
  workload_of(spec).probes.startup = probe(1.0);
  workload_of(spec).probes.readiness = probe(1.0);
  workload_of(spec).probes.liveness = probe(1.0);
  Cluster cluster(spec, kSeed, TimePoint{});
  cluster.advance_to(at_s(600));
  const LabReport report = cluster.report();
  EXPECT_EQ(report.metrics.served.size(), 0u);
  EXPECT_EQ(report.metrics.durations.front().count, 0u);
  EXPECT_TRUE(report.metrics.lab_requests.empty());
  EXPECT_EQ(report.slos.at(1).availability.windows.front().total, 0u);
  EXPECT_EQ(report.pods.front().recent.requests, 0u);
  EXPECT_TRUE(report.pods.front().ready);
}

TEST(Probes, ADelayOverTheLivenessTimeoutBecomesALivenessStorm) {
  LabSpec spec = solo_lab();
  workload_of(spec).probes.liveness = probe();
  Cluster cluster(spec, kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(kPod1, {.delay_ms = 5000}, at_s(1)));
  // Each container fails 3 probes 10 s apart, each after its 1 s timeout; the fault stays, so
  // every new container fails the same way: restarts at 31, 63 (back-off 10), 105 (20),
  // 167 (40).
  const double restarts_at[] = {31, 63, 105, 167};
  for (int i = 0; i < 4; ++i) {
    cluster.advance_to(at_s(restarts_at[i]) - std::chrono::microseconds(1));
    EXPECT_EQ(pod_of(cluster.report(), kPod1).restarts, i) << restarts_at[i];
    cluster.advance_to(at_s(restarts_at[i]));
    EXPECT_EQ(pod_of(cluster.report(), kPod1).restarts, i + 1) << restarts_at[i];
  }
  EXPECT_EQ(events_with(cluster, "Killing", kPod1).size(), 4u);
}

}  // namespace
}  // namespace hb::core
