// The statuses the lab logs as it runs (decided from counts, without building reports) are the
// statuses its reports give (decided from the percentiles, with reasons), at every evaluation,
// through random faults, kills, restarts, timed faults and a per-service latency threshold.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "cluster_test_helpers.h"
#include "core/cluster.h"

namespace hb::core {
namespace {

// "sensor-sim-pod-1: Healthy -> Degraded (p95 ...)": the status after the arrow.
std::string new_status(const std::string& message) {
  const auto arrow = message.find("-> ");
  EXPECT_NE(arrow, std::string::npos) << message;
  const auto start = arrow + 3;
  return message.substr(start, message.find_first_of(" (", start) - start);
}

TEST(ClusterStatuses, TheLoggedStatusesAreTheReportsStatusesAtEveryEvaluation) {
  LabSpec spec = default_lab_spec();
  spec.services[1].slo.latency_threshold_ms = 120;  // planner-sim judged on its own target
  Cluster cluster(spec, 11, TimePoint{});
  std::map<std::string, std::string> logged;  // by pod or service, as the log says it is now
  for (const PodReport& pod : cluster.report().pods) logged[pod.id] = "Healthy";
  for (const ServiceReport& service : cluster.report().services) logged[service.name] = "Healthy";
  std::mt19937_64 random(5);
  std::uint64_t events_seen = 0;
  int changes = 0;
  for (int step = 1; step <= 3000; ++step) {  // 5 minutes in evaluation steps
    const TimePoint now = TimePoint{Cluster::kStatusStep * step};
    if (random() % 40 == 0) {  // a fault, a restart or a clearing, now and then
      const std::string pod =
          spec.services[random() % 3].name + "-pod-" + std::to_string(1 + random() % 3);
      switch (random() % 6) {
        case 0:
          ASSERT_TRUE(
              cluster.apply_fault(pod, {.delay_ms = static_cast<int>(random() % 400)}, now));
          break;
        case 1:
          ASSERT_TRUE(cluster.apply_fault(
              pod, {.jitter_ms = 150, .error_rate = 0.02 * static_cast<double>(random() % 5)},
              now));
          break;
        case 2:
          ASSERT_TRUE(cluster.apply_fault(pod, {.kill = true, .duration_s = 4}, now));
          break;
        case 3:
          ASSERT_TRUE(cluster.apply_fault(pod, {.delay_ms = 5000, .duration_s = 3}, now));
          break;
        case 4:
          ASSERT_TRUE(cluster.restart(pod, now));
          break;
        default:
          ASSERT_TRUE(
              cluster.apply_fault(pod, {.delay_ms = 0, .error_rate = 0.0, .kill = false}, now));
      }
    }
    cluster.advance_to(now);
    for (const LabEvent& event : cluster.events().events()) {
      if (event.id <= events_seen) continue;
      if (event.kind == EventKind::kPodStatus || event.kind == EventKind::kServiceStatus) {
        logged[event.target] = new_status(event.message);
        ++changes;
      }
    }
    events_seen = cluster.events().count();
    const LabReport report = cluster.report();
    for (const PodReport& pod : report.pods) {
      ASSERT_EQ(logged[pod.id], to_string(pod.status))
          << pod.id << " at step " << step << " (" << pod.reason << ")";
    }
    for (const ServiceReport& service : report.services) {
      ASSERT_EQ(logged[service.name], to_string(service.status))
          << service.name << " at step " << step << " (" << service.reason << ")";
    }
  }
  EXPECT_GT(changes, 50);  // the faults did change statuses, often
}

}  // namespace
}  // namespace hb::core
