// Timed faults that overlap, nest or are replaced, on a manual clock: the value in force is the
// newest setting that has not expired, else the last setting made without a duration, and
// nothing is left behind once every duration is over.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cluster_test_helpers.h"
#include "core/cluster.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 5;

FaultSpec fault_at(Cluster& cluster, const std::string& pod, double s) {
  cluster.advance_to(at_s(s));
  return pod_of(cluster.report(), pod).fault;
}

// One fault field, set through a patch and read back from the faults in force.
struct Field {
  const char* name;
  FaultPatch (*set)(int level);             // level 1, 2: two distinct non-default values
  bool (*is)(const FaultSpec&, int level);  // level 0: the default
};

const Field kFields[] = {
    {"delay_ms", [](int l) { return FaultPatch{.delay_ms = 100 * l}; },
     [](const FaultSpec& f, int l) { return f.delay_ms == 100 * l; }},
    {"jitter_ms", [](int l) { return FaultPatch{.jitter_ms = 10 * l}; },
     [](const FaultSpec& f, int l) { return f.jitter_ms == 10 * l; }},
    {"error_rate", [](int l) { return FaultPatch{.error_rate = 0.25 * l}; },
     [](const FaultSpec& f, int l) { return f.error_rate == 0.25 * l; }},
};

FaultPatch timed(FaultPatch patch, double duration_s) {
  patch.duration_s = duration_s;
  return patch;
}

class EveryField : public ::testing::TestWithParam<Field> {};

TEST_P(EveryField, OverlappingTimedFaultsLeaveNothingBehind) {
  const Field& field = GetParam();
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1", timed(field.set(1), 3), at_s(10)));
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1", timed(field.set(2), 3), at_s(11)));
  EXPECT_TRUE(field.is(fault_at(cluster, "sensor-sim-pod-1", 12.9), 2));
  // The first ends at 13 while the newer one holds: nothing changes then.
  EXPECT_TRUE(field.is(fault_at(cluster, "sensor-sim-pod-1", 13.5), 2));
  EXPECT_TRUE(field.is(fault_at(cluster, "sensor-sim-pod-1", 14), 0));
  EXPECT_TRUE(pod_of(cluster.report(), "sensor-sim-pod-1").fault_ends.empty());
  EXPECT_TRUE(field.is(fault_at(cluster, "sensor-sim-pod-1", 60), 0));
}

TEST_P(EveryField, ANestedTimedFaultGivesWayToTheOuterOne) {
  const Field& field = GetParam();
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("planner-sim-pod-2", timed(field.set(1), 10), at_s(0)));
  ASSERT_TRUE(cluster.apply_fault("planner-sim-pod-2", timed(field.set(2), 2), at_s(1)));
  EXPECT_TRUE(field.is(fault_at(cluster, "planner-sim-pod-2", 2.5), 2));
  EXPECT_TRUE(field.is(fault_at(cluster, "planner-sim-pod-2", 3), 1));
  EXPECT_TRUE(field.is(fault_at(cluster, "planner-sim-pod-2", 9.9), 1));
  EXPECT_TRUE(field.is(fault_at(cluster, "planner-sim-pod-2", 10), 0));
}

TEST_P(EveryField, APermanentSettingReplacesEarlierTimedOnesForGood) {
  const Field& field = GetParam();
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("ui-proxy-pod-3", timed(field.set(1), 5), at_s(0)));
  ASSERT_TRUE(cluster.apply_fault("ui-proxy-pod-3", field.set(2), at_s(1)));
  EXPECT_TRUE(pod_of(cluster.report(), "ui-proxy-pod-3").fault_ends.empty());
  EXPECT_TRUE(field.is(fault_at(cluster, "ui-proxy-pod-3", 30), 2));
}

TEST_P(EveryField, ATimedSettingOverAPermanentOneGoesBackToIt) {
  const Field& field = GetParam();
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("ui-proxy-pod-1", field.set(1), at_s(0)));
  ASSERT_TRUE(cluster.apply_fault("ui-proxy-pod-1", timed(field.set(2), 4), at_s(1)));
  ASSERT_TRUE(cluster.apply_fault("ui-proxy-pod-1", timed(field.set(2), 1), at_s(2)));
  EXPECT_TRUE(field.is(fault_at(cluster, "ui-proxy-pod-1", 3.5), 2));
  EXPECT_TRUE(field.is(fault_at(cluster, "ui-proxy-pod-1", 5), 1));
}

TEST_P(EveryField, ServiceWideTimedFaultsOverlapByTheSameRule) {
  const Field& field = GetParam();
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_service_fault("sensor-sim", {SelectMode::kAll}, timed(field.set(1), 3),
                                          at_s(0)));
  ASSERT_TRUE(cluster.apply_service_fault("sensor-sim", {SelectMode::kAll}, timed(field.set(2), 3),
                                          at_s(1)));
  cluster.advance_to(at_s(3.5));
  for (const PodReport& pod : cluster.report().pods) {
    if (pod.service == "sensor-sim") {
      EXPECT_TRUE(field.is(pod.fault, 2)) << pod.id;
    }
  }
  cluster.advance_to(at_s(4));
  for (const PodReport& pod : cluster.report().pods) {
    EXPECT_TRUE(field.is(pod.fault, 0)) << pod.id;
    EXPECT_TRUE(pod.fault_ends.empty()) << pod.id;
  }
}

INSTANTIATE_TEST_SUITE_P(TimedFaults, EveryField, ::testing::ValuesIn(kFields),
                         [](const auto& test) { return std::string(test.param.name); });

TEST(TimedFaults, OverlappingTimedKillsKeepThePodDeadUntilTheLastEnds) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-2", {.kill = true, .duration_s = 5}, at_s(1)));
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-2", {.kill = true, .duration_s = 2}, at_s(2)));
  EXPECT_TRUE(fault_at(cluster, "sensor-sim-pod-2", 4.5).kill);
  EXPECT_EQ(pod_of(cluster.report(), "sensor-sim-pod-2").phase, PodPhase::kTerminated);
  EXPECT_FALSE(fault_at(cluster, "sensor-sim-pod-2", 6).kill);
  EXPECT_EQ(pod_of(cluster.report(), "sensor-sim-pod-2").phase, PodPhase::kStarting);
  EXPECT_EQ(pod_of(cluster.report(), "sensor-sim-pod-2").restarts, 0);
}

TEST(TimedFaults, ManyShortTimedFaultsLeaveEveryPodAsItWas) {
  // The ten-minute run of the issue, shortened: a timed fault every 0.2 s on rotating pods.
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  for (int i = 0; i < 300; ++i) {
    const std::string pod = "sensor-sim-pod-" + std::to_string(1 + i % 3);
    const FaultPatch patch{.delay_ms = 50 + (i * 37) % 400,
                           .error_rate = (i % 5) * 0.1,
                           .duration_s = 0.3 + (i % 7) * 0.25};
    ASSERT_TRUE(cluster.apply_fault(pod, patch, at_s(1 + 0.2 * i)));
  }
  cluster.advance_to(at_s(70));
  for (const PodReport& pod : cluster.report().pods) {
    EXPECT_EQ(pod.fault, FaultSpec{}) << pod.id;
    EXPECT_TRUE(pod.fault_ends.empty()) << pod.id;
  }
  cluster.advance_to(at_s(75));
  for (const PodReport& pod : cluster.report().pods) {
    EXPECT_EQ(pod.status, PodStatus::kHealthy) << pod.id << ": " << pod.reason;
  }
}

TEST(TimedFaults, EndsSayWhatEndsAndWhatComesBack) {
  const FaultSpec base{.delay_ms = 300};
  const std::vector<TimedFault> timed = {
      {at_s(10), {.delay_ms = 100}},
      {at_s(4), {.delay_ms = 200, .error_rate = 0.5}},
  };
  EXPECT_EQ(in_force(base, timed), (FaultSpec{.delay_ms = 200, .error_rate = 0.5}));
  const std::vector<FaultEnd> ends = fault_ends(base, timed);
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[0].at, at_s(4));
  EXPECT_EQ(ends[0].ends, (FaultPatch{.delay_ms = 200, .error_rate = 0.5}));
  EXPECT_EQ(ends[0].restores, (FaultPatch{.delay_ms = 100, .error_rate = 0.0}));
  EXPECT_EQ(ends[1].at, at_s(10));
  EXPECT_EQ(ends[1].restores, (FaultPatch{.delay_ms = 300}));
}

TEST(TimedFaults, AnEndThatANewerSettingHidesRestoresNothing) {
  const std::vector<TimedFault> timed = {
      {at_s(3), {.delay_ms = 100}},
      {at_s(4), {.delay_ms = 200}},
  };
  const std::vector<FaultEnd> ends = fault_ends(FaultSpec{}, timed);
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_TRUE(ends[0].restores.empty());
  EXPECT_EQ(ends[1].restores, (FaultPatch{.delay_ms = 0}));
}

}  // namespace
}  // namespace hb::core
