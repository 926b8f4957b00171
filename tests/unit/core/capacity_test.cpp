// A pod's finite workers in the cluster: requests beyond its concurrency wait in its queue (the
// wait counts in their latency), requests beyond the queue are refused with 503 under the pod's
// own label, and losing pods of a tight service overloads the rest.
#include <gtest/gtest.h>

#include "kube_test_helpers.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 3;

std::uint64_t count_of(const RequestMetrics& metrics, std::optional<std::size_t> pod, int code) {
  std::uint64_t total = 0;
  for (const auto& [key, count] : metrics.served) {
    if (key.pod == pod && key.code == code) total += count;
  }
  return total;
}

TEST(Capacity, BeyondTheWorkersRequestsWaitAndBeyondTheQueueTheyAreRefused) {
  LabSpec spec = solo_lab(1, 20.0);
  workload_of(spec).concurrency = 2;
  workload_of(spec).queue_length = 1;
  Cluster cluster(spec, kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("solo-pod-1", {.delay_ms = 1000}, at_s(0)));
  bool saw_queue = false;
  for (double t = 2.0; t < 30.0; t += 0.01) {
    cluster.advance_to(at_s(t));
    const PodReport pod = cluster.report().pods.front();
    ASSERT_EQ(pod.concurrency, 2);
    EXPECT_LE(pod.busy_workers, 2) << t;
    EXPECT_LE(pod.queued, 1) << t;
    if (pod.queued == 1) {
      saw_queue = true;
      EXPECT_EQ(pod.busy_workers, 2) << t;  // nobody waits while a worker is free
    }
  }
  EXPECT_TRUE(saw_queue);
  const RequestMetrics& metrics = cluster.metrics();
  const std::uint64_t ok = count_of(metrics, 0, 200);
  const std::uint64_t refused = count_of(metrics, 0, 503);
  EXPECT_GT(ok, 30u);
  EXPECT_GT(refused, 100u);  // 20 requests a second, about 2 served
  EXPECT_EQ(count_of(metrics, std::nullopt, 503), 0u);
  // Served requests take 1.02 s of work; those that waited took longer: the mean is above it.
  // (The refusals, 1 ms each, are taken out.)
  EXPECT_EQ(metrics.durations.front().count, ok + refused);
  const double served_sum = metrics.durations.front().sum - 0.001 * static_cast<double>(refused);
  const double mean = served_sum / static_cast<double>(ok);
  EXPECT_GT(mean, 1.1);
  EXPECT_LT(mean, 2.05);
}

TEST(Capacity, KillingTwoOfThreePodsOverloadsTheThird) {
  LabSpec spec = solo_lab(3, 40.0);
  spec.services.front().latency_median_ms = 70.0;  // 2 workers: about 28 requests a second a pod
  workload_of(spec).concurrency = 2;
  workload_of(spec).queue_length = 2;
  Cluster cluster(spec, kSeed, TimePoint{});
  cluster.advance_to(at_s(30));
  const std::uint64_t refused_before = count_of(cluster.metrics(), 2, 503);
  const auto p95_before = service_of(cluster.report(), "solo").recent.p95_s;
  ASSERT_TRUE(cluster.apply_fault("solo-pod-1", {.kill = true}, at_s(30)));
  ASSERT_TRUE(cluster.apply_fault("solo-pod-2", {.kill = true}, at_s(30)));
  cluster.advance_to(at_s(35));  // the dead pods have left the endpoints
  const std::uint64_t refused_at_35 = count_of(cluster.metrics(), 2, 503);
  cluster.advance_to(at_s(65));
  const std::uint64_t refused_after = count_of(cluster.metrics(), 2, 503) - refused_at_35;
  EXPECT_LT(refused_before, 10u);
  EXPECT_GT(refused_after, 100u);  // 40 a second offered, under 29 served
  const auto p95_after = service_of(cluster.report(), "solo").recent.p95_s;
  ASSERT_TRUE(p95_before && p95_after);
  EXPECT_GT(*p95_after, *p95_before + 0.05);  // the queue's wait shows in the latency
}

}  // namespace
}  // namespace hb::core
