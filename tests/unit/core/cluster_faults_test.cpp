// Fault commands on the cluster, driven by a manual clock: timed faults and their reverts,
// jitter, service-wide modes, partitions, clearing and reset. No test sleeps.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "cluster_test_helpers.h"
#include "core/cluster.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 23;
constexpr std::size_t kSensor = 0, kPlanner = 1, kUi = 2;

std::vector<LabEvent> events_of(const Cluster& cluster, EventKind kind) {
  std::vector<LabEvent> found;
  for (const LabEvent& event : cluster.events().events()) {
    if (event.kind == kind) found.push_back(event);
  }
  return found;
}

std::uint64_t served(const Cluster& cluster, std::size_t service, int code) {
  std::uint64_t total = 0;
  for (const auto& [key, count] : cluster.metrics().served) {
    if (key.service == service && key.code == code) total += count;
  }
  return total;
}

LabSpec one_pod_lab() {
  LabSpec spec;
  ServiceSpec solo;
  solo.name = "solo";
  solo.replicas = 1;
  solo.rate_rps = 200.0;
  solo.latency_median_ms = 20.0;
  solo.latency_sigma = 0.1;
  spec.services = {solo};
  return spec;
}

TEST(ClusterFaults, TimedFaultRevertsAtItsEndWithAnEvent) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1",
                                  FaultPatch{.delay_ms = 1000, .duration_s = 30}, at_s(10)));
  ASSERT_EQ(pod_of(cluster.report(), "sensor-sim-pod-1").fault_ends.size(), 1u);
  EXPECT_EQ(pod_of(cluster.report(), "sensor-sim-pod-1").fault_ends[0].at, at_s(40));

  cluster.advance_to(at_s(39.999));
  EXPECT_EQ(pod_of(cluster.report(), "sensor-sim-pod-1").fault.delay_ms, 1000);
  EXPECT_TRUE(events_of(cluster, EventKind::kFaultExpired).empty());

  cluster.advance_to(at_s(40));
  const PodReport& pod = pod_of(cluster.report(), "sensor-sim-pod-1");
  EXPECT_EQ(pod.fault, FaultSpec{});
  EXPECT_TRUE(pod.fault_ends.empty());
  const auto expired = events_of(cluster, EventKind::kFaultExpired);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].at, at_s(40));
  EXPECT_EQ(expired[0].target, "sensor-sim-pod-1");
  EXPECT_EQ(expired[0].message,
            "fault on sensor-sim-pod-1 ended with its duration: delay_ms 1000 (in force now: "
            "delay_ms 0)");
  EXPECT_EQ(events_of(cluster, EventKind::kFault)[0].message,
            "fault on sensor-sim-pod-1: delay_ms 1000, for 30 s");
}

TEST(ClusterFaults, RevertRestoresThePreviousValueNotZero) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("planner-sim-pod-2", FaultPatch{.delay_ms = 300}, at_s(1)));
  ASSERT_TRUE(cluster.apply_fault("planner-sim-pod-2",
                                  FaultPatch{.delay_ms = 2000, .error_rate = 0.5, .duration_s = 5},
                                  at_s(2)));
  cluster.advance_to(at_s(8));
  const FaultSpec expected{.delay_ms = 300};
  EXPECT_EQ(pod_of(cluster.report(), "planner-sim-pod-2").fault, expected);
}

TEST(ClusterFaults, ALaterSettingOfAFieldSupersedesItsPendingRevert) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1",
                                  FaultPatch{.delay_ms = 1000, .error_rate = 0.2, .duration_s = 10},
                                  at_s(0)));
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1", FaultPatch{.delay_ms = 500}, at_s(5)));
  cluster.advance_to(at_s(20));
  const PodReport& pod = pod_of(cluster.report(), "sensor-sim-pod-1");
  EXPECT_EQ(pod.fault.delay_ms, 500);    // set for good at 5 s
  EXPECT_EQ(pod.fault.error_rate, 0.0);  // still reverted at 10 s
  const auto expired = events_of(cluster, EventKind::kFaultExpired);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].message,
            "fault on sensor-sim-pod-1 ended with its duration: error_rate 0.2 (in force now: "
            "error_rate 0)");
}

TEST(ClusterFaults, TimedFaultsOfOnePodEndInTimeOrder) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("ui-proxy-pod-1", FaultPatch{.delay_ms = 100, .duration_s = 60},
                                  at_s(0)));
  ASSERT_TRUE(cluster.apply_fault("ui-proxy-pod-1", FaultPatch{.error_rate = 0.3, .duration_s = 20},
                                  at_s(1)));
  const auto ends = pod_of(cluster.report(), "ui-proxy-pod-1").fault_ends;
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[0].at, at_s(21));
  EXPECT_EQ(ends[0].ends, (FaultPatch{.error_rate = 0.3}));
  EXPECT_EQ(ends[0].restores, (FaultPatch{.error_rate = 0.0}));
  EXPECT_EQ(ends[1].at, at_s(60));
  cluster.advance_to(at_s(30));
  EXPECT_EQ(pod_of(cluster.report(), "ui-proxy-pod-1").fault,
            (FaultSpec{.delay_ms = 100, .error_rate = 0.0}));
}

TEST(ClusterFaults, TimedKillStartsThePodAgainWithoutCountingARestart) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(10));
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-3", FaultPatch{.kill = true, .duration_s = 20},
                                  at_s(10)));
  cluster.advance_to(at_s(29));
  EXPECT_EQ(pod_of(cluster.report(), "sensor-sim-pod-3").status, PodStatus::kDown);
  cluster.advance_to(at_s(30));
  EXPECT_EQ(pod_of(cluster.report(), "sensor-sim-pod-3").phase, PodPhase::kStarting);
  cluster.advance_to(at_s(35));
  const PodReport& pod = pod_of(cluster.report(), "sensor-sim-pod-3");
  EXPECT_EQ(pod.phase, PodPhase::kRunning);
  EXPECT_TRUE(pod.ready);
  EXPECT_FALSE(pod.fault.kill);
  EXPECT_EQ(pod.restarts, 0);
}

TEST(ClusterFaults, RestartDropsTimedFaults) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1",
                                  FaultPatch{.delay_ms = 1000, .duration_s = 30}, at_s(1)));
  ASSERT_TRUE(cluster.restart("sensor-sim-pod-1", at_s(2)));
  EXPECT_TRUE(pod_of(cluster.report(), "sensor-sim-pod-1").fault_ends.empty());
  cluster.advance_to(at_s(40));
  EXPECT_TRUE(events_of(cluster, EventKind::kFaultExpired).empty());
}

TEST(ClusterFaults, JitterSpreadsTheInjectedDelayEitherWay) {
  Cluster steady(one_pod_lab(), kSeed, TimePoint{});
  Cluster jittery(one_pod_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(steady.apply_fault("solo-pod-1", FaultPatch{.delay_ms = 100}, at_s(0)));
  ASSERT_TRUE(
      jittery.apply_fault("solo-pod-1", FaultPatch{.delay_ms = 100, .jitter_ms = 50}, at_s(0)));
  steady.advance_to(at_s(10));
  jittery.advance_to(at_s(10));
  const WindowSummary calm = pod_of(steady.report(), "solo-pod-1").recent;
  const WindowSummary spread = pod_of(jittery.report(), "solo-pod-1").recent;
  ASSERT_TRUE(calm.p50_s && calm.p99_s && spread.p50_s && spread.p99_s);
  // Base ~20 ms plus 100 ms; jitter adds up to 50 ms either way, uniformly.
  EXPECT_NEAR(*calm.p50_s, 0.120, 0.005);
  EXPECT_NEAR(*spread.p50_s, 0.120, 0.010);
  EXPECT_LT(*calm.p99_s, 0.135);
  EXPECT_GT(*spread.p99_s, 0.160);
}

TEST(ClusterFaults, JitterNeverMakesTheAddedDelayNegative) {
  Cluster cluster(one_pod_lab(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("solo-pod-1", FaultPatch{.jitter_ms = 1000}, at_s(0)));
  cluster.advance_to(at_s(10));
  const WindowSummary recent = pod_of(cluster.report(), "solo-pod-1").recent;
  // Half the draws are below zero and add nothing, so the median is the base latency.
  ASSERT_TRUE(recent.p50_s);
  EXPECT_GT(*recent.p50_s, 0.015);
  EXPECT_LT(*recent.p50_s, 0.060);
}

std::vector<std::string> ids(const std::vector<Cluster::FaultChange>& hit) {
  std::vector<std::string> out;
  for (const auto& change : hit) out.push_back(change.pod->id);
  return out;
}

TEST(ClusterFaults, ServiceFaultModesHitThatManyPodsOfTheService) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  const FaultPatch slow{.delay_ms = 700};
  const auto all = cluster.apply_service_fault("planner-sim", {SelectMode::kAll}, slow, at_s(1));
  ASSERT_TRUE(all);
  EXPECT_EQ(ids(all.value()), (std::vector<std::string>{"planner-sim-pod-1", "planner-sim-pod-2",
                                                        "planner-sim-pod-3"}));
  const auto two =
      cluster.apply_service_fault("sensor-sim", {SelectMode::kFixed, 2}, slow, at_s(2));
  ASSERT_TRUE(two);
  EXPECT_EQ(two.value().size(), 2u);
  EXPECT_LT(two.value()[0].pod->id, two.value()[1].pod->id);  // in the lab's order
  const auto one = cluster.apply_service_fault("ui-proxy", {SelectMode::kOne}, slow, at_s(3));
  ASSERT_TRUE(one);
  EXPECT_EQ(one.value().size(), 1u);
  const auto percent =
      cluster.apply_service_fault("ui-proxy", {SelectMode::kFixedPercent, 67}, slow, at_s(4));
  ASSERT_TRUE(percent);
  EXPECT_EQ(percent.value().size(), 2u);
  std::size_t changed = 0;
  for (const auto& change : percent.value()) {
    EXPECT_EQ(change.pod->id.rfind("ui-proxy-pod-", 0), 0u);
    if (change.changed) ++changed;
  }
  // A pod the "one" call slowed already has the delay: it is hit again, but nothing changes.
  EXPECT_EQ(events_of(cluster, EventKind::kFault).size(), 3u + 2u + 1u + changed);
}

TEST(ClusterFaults, ServiceFaultPicksAreRandomButReplayWithTheSeed) {
  std::set<std::string> picked;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    Cluster cluster(default_lab_spec(), seed, TimePoint{});
    const auto hit =
        cluster.apply_service_fault("sensor-sim", {SelectMode::kOne}, {.kill = true}, at_s(1));
    ASSERT_TRUE(hit);
    picked.insert(hit.value()[0].pod->id);
    Cluster replay(default_lab_spec(), seed, TimePoint{});
    EXPECT_EQ(
        ids(replay.apply_service_fault("sensor-sim", {SelectMode::kOne}, {.kill = true}, at_s(1))
                .value()),
        ids(hit.value()));
  }
  EXPECT_EQ(picked.size(), 3u);
}

TEST(ClusterFaults, RefusedServiceFaultsChangeNothing) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  const auto unknown =
      cluster.apply_service_fault("nope", {SelectMode::kAll}, {.delay_ms = 10}, at_s(1));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(unknown.error().detail, "Service not found");
  const auto too_many =
      cluster.apply_service_fault("sensor-sim", {SelectMode::kFixed, 4}, {.delay_ms = 10}, at_s(1));
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().field, "value");
  const auto nothing = cluster.apply_service_fault("sensor-sim", {SelectMode::kAll}, {}, at_s(1));
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().field, "body");
  const auto bad =
      cluster.apply_service_fault("sensor-sim", {SelectMode::kAll}, {.error_rate = 1.5}, at_s(1));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "error_rate");
  for (const PodReport& pod : cluster.report().pods) EXPECT_FALSE(pod.fault.active()) << pod.id;
  EXPECT_EQ(cluster.events().count(), 0u);
}

TEST(ClusterFaults, PartitionFailsTheCallsOfOneServiceToAnother) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  const auto cut = cluster.partition("ui-proxy", "planner-sim", std::nullopt, at_s(10));
  ASSERT_TRUE(cut) << cut.error().detail;
  EXPECT_EQ(cut.value().from, "ui-proxy");
  EXPECT_EQ(cut.value().to, "planner-sim");
  EXPECT_FALSE(cut.value().until);
  cluster.advance_to(at_s(11));  // requests in flight at the cut complete as they were
  const std::uint64_t ui_ok = served(cluster, kUi, 200);
  const std::uint64_t ui_failed = served(cluster, kUi, 502);
  const std::uint64_t planner_ok = served(cluster, kPlanner, 200);
  cluster.advance_to(at_s(21));
  EXPECT_EQ(served(cluster, kUi, 200), ui_ok);             // every call fails now
  EXPECT_GT(served(cluster, kUi, 502) - ui_failed, 500u);  // 60 rps for 10 s
  // planner-sim still serves its own clients (60 rps), only ui-proxy's calls (60 rps) are gone.
  EXPECT_GT(served(cluster, kPlanner, 200) - planner_ok, 500u);
  EXPECT_LT(served(cluster, kPlanner, 200) - planner_ok, 700u);
  ASSERT_EQ(cluster.report().partitions.size(), 1u);
  EXPECT_EQ(events_of(cluster, EventKind::kPartition)[0].message,
            "partition ui-proxy -> planner-sim: calls fail");
}

TEST(ClusterFaults, PartitionWithADurationHealsByItself) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.partition("planner-sim", "sensor-sim", 15.0, at_s(5)));
  EXPECT_EQ(cluster.report().partitions.at(0).until, at_s(20));
  cluster.advance_to(at_s(20));
  EXPECT_TRUE(cluster.report().partitions.empty());
  const auto events = events_of(cluster, EventKind::kPartition);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].at, at_s(20));
  EXPECT_EQ(events[1].message, "partition planner-sim -> sensor-sim healed with its duration");
  cluster.advance_to(at_s(21));  // requests in flight at the end complete as they were
  const std::uint64_t failed = served(cluster, kPlanner, 502);
  cluster.advance_to(at_s(30));
  EXPECT_EQ(served(cluster, kPlanner, 502), failed);
}

TEST(ClusterFaults, CuttingAgainReplacesTheDurationAndKeepsTheStart) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.partition("ui-proxy", "planner-sim", 10.0, at_s(1)));
  ASSERT_TRUE(cluster.partition("ui-proxy", "planner-sim", std::nullopt, at_s(2)));
  const auto partitions = cluster.report().partitions;
  ASSERT_EQ(partitions.size(), 1u);
  EXPECT_EQ(partitions[0].since, at_s(1));
  EXPECT_FALSE(partitions[0].until);
}

TEST(ClusterFaults, PartitionsAreRefusedWithTheFieldAndRule) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  const auto unknown = cluster.partition("nope", "sensor-sim", std::nullopt, at_s(1));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().detail,
            "from: no service is named 'nope'; the services are sensor-sim, planner-sim, ui-proxy");
  const auto not_called = cluster.partition("ui-proxy", "sensor-sim", std::nullopt, at_s(1));
  ASSERT_FALSE(not_called);
  EXPECT_EQ(not_called.error().detail,
            "to: ui-proxy does not call sensor-sim; it calls planner-sim");
  const auto leaf = cluster.partition("sensor-sim", "planner-sim", std::nullopt, at_s(1));
  ASSERT_FALSE(leaf);
  EXPECT_EQ(leaf.error().field, "to");
  const auto forever = cluster.partition("ui-proxy", "planner-sim", 0.0, at_s(1));
  ASSERT_FALSE(forever);
  EXPECT_EQ(forever.error().field, "duration_s");
  EXPECT_TRUE(cluster.report().partitions.empty());
  EXPECT_EQ(cluster.events().count(), 0u);
}

TEST(ClusterFaults, HealEndsAPartitionAndRefusesAnUnknownOne) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.partition("ui-proxy", "planner-sim", std::nullopt, at_s(1)));
  ASSERT_TRUE(cluster.heal("ui-proxy", "planner-sim", at_s(2)));
  EXPECT_TRUE(cluster.report().partitions.empty());
  const auto again = cluster.heal("ui-proxy", "planner-sim", at_s(3));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(again.error().detail, "Partition not found");
}

TEST(ClusterFaults, ClearFaultsOnOnePodIsNotARestart) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(
      "planner-sim-pod-1", FaultPatch{.delay_ms = 50, .kill = true, .duration_s = 60}, at_s(1)));
  const auto cleared = cluster.clear_faults("planner-sim-pod-1", at_s(2));
  ASSERT_TRUE(cleared);
  const Pod& pod = *cleared.value();
  EXPECT_EQ(pod.fault, FaultSpec{});
  EXPECT_TRUE(pod.timed_faults.empty());
  EXPECT_EQ(pod.phase, PodPhase::kStarting);  // its process is started again
  EXPECT_EQ(pod.restarts, 0);
  const auto events = events_of(cluster, EventKind::kFaultCleared);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message, "faults on planner-sim-pod-1 cleared (were delay_ms 50, kill true)");
  ASSERT_TRUE(cluster.clear_faults("planner-sim-pod-1", at_s(3)));  // nothing left: no event
  EXPECT_EQ(events_of(cluster, EventKind::kFaultCleared).size(), 1u);
  EXPECT_EQ(cluster.clear_faults("nope", at_s(3)).error().detail, "Pod not found");
}

TEST(ClusterFaults, ResetClearsEveryFaultAndPartitionAtOnce) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.reset(at_s(1)).pods.empty());
  EXPECT_EQ(cluster.events().count(), 0u);  // nothing to clear: nothing logged
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-2", FaultPatch{.kill = true}, at_s(2)));
  ASSERT_TRUE(cluster.apply_fault("ui-proxy-pod-3", FaultPatch{.error_rate = 0.5, .duration_s = 99},
                                  at_s(2)));
  ASSERT_TRUE(cluster.partition("ui-proxy", "planner-sim", std::nullopt, at_s(2)));
  const Cluster::ResetSummary summary = cluster.reset(at_s(3));
  EXPECT_EQ(summary.pods, (std::vector<std::string>{"sensor-sim-pod-2", "ui-proxy-pod-3"}));
  EXPECT_EQ(summary.partitions, 1u);
  const LabReport report = cluster.report();
  for (const PodReport& pod : report.pods) {
    EXPECT_FALSE(pod.fault.active()) << pod.id;
    EXPECT_TRUE(pod.fault_ends.empty()) << pod.id;
  }
  EXPECT_TRUE(report.partitions.empty());
  const auto cleared = events_of(cluster, EventKind::kFaultCleared);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].message,
            "reset: faults cleared on sensor-sim-pod-2, ui-proxy-pod-3; partitions healed: "
            "ui-proxy -> planner-sim");
  cluster.advance_to(at_s(10));
  EXPECT_EQ(pod_of(cluster.report(), "sensor-sim-pod-2").status, PodStatus::kHealthy);
}

}  // namespace
}  // namespace hb::core
