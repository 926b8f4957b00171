// The simulated cluster driven by a manual clock: routing, accounting, status, timeouts,
// restarts and cascades. No test sleeps; time moves only when a test says so.
#include "core/cluster.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 7;

TimePoint at_s(double s) {
  return TimePoint{from_seconds(s)};
}

// By value: callers often pass a report that is a temporary.
PodReport pod(const LabReport& report, const std::string& id) {
  for (const auto& p : report.pods) {
    if (p.id == id) return p;
  }
  throw std::out_of_range(id);
}

ServiceReport service(const LabReport& report, const std::string& name) {
  for (const auto& s : report.services) {
    if (s.name == name) return s;
  }
  throw std::out_of_range(name);
}

// Requests a service answered with `code`, over all its pods (and none).
std::uint64_t served(const Cluster& cluster, std::size_t service_index, int code) {
  std::uint64_t total = 0;
  for (const auto& [key, count] : cluster.metrics().served) {
    if (key.service == service_index && key.code == code) total += count;
  }
  return total;
}

// The lab availability SLO's figures over the last 5 minutes.
const WindowFigures& last5m(const LabReport& report) {
  return report.lab_slo().availability.windows.front();
}

FaultPatch delay(std::int64_t ms) {
  return FaultPatch{.delay_ms = ms};
}
FaultPatch errors(double rate) {
  return FaultPatch{.error_rate = rate};
}
FaultPatch kill(bool value = true) {
  return FaultPatch{.kill = value};
}

// A lab of one service, for tests that need exact control.
LabSpec single_service(double rate_rps, int replicas = 1) {
  LabSpec spec;
  ServiceSpec s;
  s.name = "solo";
  s.replicas = replicas;
  s.rate_rps = rate_rps;
  s.latency_median_ms = 20.0;
  s.latency_sigma = 0.1;
  spec.services = {s};
  return spec;
}

constexpr std::size_t kSensor = 0, kPlanner = 1, kUi = 2;

TEST(Cluster, DefaultLabIsHealthyWithEveryPodBusy) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(10));
  const LabReport report = cluster.report();
  ASSERT_EQ(report.pods.size(), 9u);
  for (const auto& p : report.pods) {
    EXPECT_EQ(p.status, PodStatus::kHealthy) << p.id << ": " << p.reason;
    EXPECT_GE(p.recent.request_rate, 15.0) << p.id;
    ASSERT_TRUE(p.recent.p95_s) << p.id;
    EXPECT_LT(*p.recent.p95_s, 0.2) << p.id;
  }
  for (const auto& s : report.services) EXPECT_EQ(s.status, PodStatus::kHealthy) << s.name;
  ASSERT_TRUE(last5m(report).burn_rate);
  EXPECT_EQ(*last5m(report).burn_rate, 0.0);
  EXPECT_EQ(served(cluster, kSensor, 500) + served(cluster, kPlanner, 502), 0u);
}

TEST(Cluster, PodIdsCountFromOneWithinEachService) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  std::vector<std::string> ids;
  for (const auto& p : cluster.pods()) ids.push_back(p.id);
  EXPECT_EQ(ids,
            (std::vector<std::string>{"sensor-sim-pod-1", "sensor-sim-pod-2", "sensor-sim-pod-3",
                                      "planner-sim-pod-1", "planner-sim-pod-2", "planner-sim-pod-3",
                                      "ui-proxy-pod-1", "ui-proxy-pod-2", "ui-proxy-pod-3"}));
}

TEST(Cluster, RoundRobinSpreadsRequestsEvenly) {
  Cluster cluster(single_service(100.0, 4), kSeed, TimePoint{});
  cluster.advance_to(at_s(20));
  std::map<std::size_t, std::uint64_t> per_pod;
  for (const auto& [key, count] : cluster.metrics().served) per_pod[*key.pod] += count;
  ASSERT_EQ(per_pod.size(), 4u);
  for (const auto& [index, count] : per_pod) {
    EXPECT_NEAR(static_cast<double>(count), static_cast<double>(per_pod.begin()->second), 1.0);
  }
}

TEST(Cluster, DownstreamCallsFollowTheDependencyChain) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(30));
  const auto total = [&](std::size_t s) { return cluster.metrics().durations[s].count; };
  // Each service gets its own client traffic plus one call per request of its caller.
  EXPECT_NEAR(static_cast<double>(total(kUi)), 60.0 * 30, 60.0 * 30 * 0.1);
  EXPECT_NEAR(static_cast<double>(total(kPlanner)), 120.0 * 30, 120.0 * 30 * 0.1);
  EXPECT_NEAR(static_cast<double>(total(kSensor)), 180.0 * 30, 180.0 * 30 * 0.1);
}

TEST(Cluster, InjectedDelayRaisesLatencyAndDegradesThePodWithinTwoSeconds) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1", delay(1000), at_s(5)));
  cluster.advance_to(at_s(7));
  const LabReport report = cluster.report();
  const PodReport& slow = pod(report, "sensor-sim-pod-1");
  EXPECT_EQ(slow.status, PodStatus::kDegraded);
  ASSERT_TRUE(slow.recent.p50_s);
  EXPECT_GE(*slow.recent.p50_s, 1.0);
  EXPECT_EQ(pod(report, "sensor-sim-pod-2").status, PodStatus::kHealthy);
  EXPECT_EQ(service(report, "sensor-sim").status, PodStatus::kDegraded);
  // A third of the planner's calls wait a second: its p95 crosses the target too.
  EXPECT_EQ(service(report, "planner-sim").status, PodStatus::kDegraded);
}

TEST(Cluster, OutcomesAreRecordedWhenRequestsCompleteNotWhenTheyStart) {
  Cluster cluster(single_service(50.0), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("solo-pod-1", delay(5000), at_s(10)));
  cluster.advance_to(at_s(14));  // every request since t=10 is still in flight
  EXPECT_EQ(pod(cluster.report(), "solo-pod-1").recent.requests, 0u);
  EXPECT_FALSE(pod(cluster.report(), "solo-pod-1").recent.p50_s);
  cluster.advance_to(at_s(16));
  const PodReport& p = pod(cluster.report(), "solo-pod-1");
  EXPECT_GT(p.recent.requests, 0u);
  EXPECT_GE(*p.recent.p50_s, 5.0);
  EXPECT_EQ(p.status, PodStatus::kDegraded);
}

TEST(Cluster, InjectedErrorRateIsMeasuredAndPropagatesUpstream) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("planner-sim-pod-1", errors(0.4), at_s(1)));
  cluster.advance_to(at_s(61));
  std::uint64_t pod_total = 0, pod_errors = 0;
  for (const auto& [key, count] : cluster.metrics().served) {
    if (key.pod && cluster.pods()[*key.pod].id == "planner-sim-pod-1") {
      pod_total += count;
      if (key.code == 500) pod_errors += count;
    }
  }
  EXPECT_NEAR(static_cast<double>(pod_errors) / static_cast<double>(pod_total), 0.4, 0.03);
  EXPECT_GT(served(cluster, kUi, 502), 0u);  // ui-proxy answers 502 when the planner fails
  const LabReport report = cluster.report();
  EXPECT_EQ(pod(report, "planner-sim-pod-1").status, PodStatus::kDegraded);
  ASSERT_TRUE(last5m(report).burn_rate);
  EXPECT_GT(*last5m(report).burn_rate, 1.0);
  EXPECT_NE(*report.lab_slo().indicator, BurnIndicator::kNormal);
}

TEST(Cluster, CallerTimesOutOnASlowDependency) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  for (const char* id : {"sensor-sim-pod-1", "sensor-sim-pod-2", "sensor-sim-pod-3"}) {
    ASSERT_TRUE(cluster.apply_fault(id, delay(4000), at_s(1)));  // over planner's 3 s timeout
  }
  cluster.advance_to(at_s(20));
  EXPECT_GT(served(cluster, kPlanner, 504), 0u);
  // The sensor pods still finish their work: they answer 200, only late.
  EXPECT_EQ(served(cluster, kSensor, 504), 0u);
  // The planner answers 504 after its own work plus 3 s, which is past ui-proxy's own 3 s
  // timeout: ui-proxy times out too.
  EXPECT_GT(served(cluster, kUi, 504), 0u);
  EXPECT_GT(cluster.metrics().lab_requests.at(504), 0u);
}

TEST(Cluster, ClientTimeoutCountsAs504ForTheLabSlo) {
  LabSpec spec = single_service(20.0);
  spec.client_timeout_ms = 1000;
  Cluster cluster(spec, kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("solo-pod-1", delay(2000), at_s(1)));
  cluster.advance_to(at_s(10));
  EXPECT_GT(cluster.metrics().lab_requests.at(504), 100u);
  EXPECT_EQ(served(cluster, 0, 504), 0u);  // the pod itself answered 200, too late
}

TEST(Cluster, KilledPodIsDownAtOnceAndLeavesTheEndpointsAfterTheReadinessDelay) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  const auto killed = cluster.apply_fault("ui-proxy-pod-2", kill(), at_s(5));
  ASSERT_TRUE(killed);
  EXPECT_EQ(killed.value().pod->phase, PodPhase::kTerminated);
  EXPECT_TRUE(killed.value().pod->in_endpoints);  // still in the endpoints for now
  EXPECT_EQ(pod(cluster.report(), "ui-proxy-pod-2").status, PodStatus::kDown);
  const TimePoint heartbeat = killed.value().pod->last_heartbeat;

  cluster.advance_to(at_s(8.1));  // past the 3 s readiness delay
  const std::uint64_t refused = served(cluster, kUi, 503);
  EXPECT_GT(refused, 10u);  // requests routed to the dead pod before it left the endpoints
  EXPECT_FALSE(cluster.pods()[7].in_endpoints);
  EXPECT_EQ(cluster.pods()[7].last_heartbeat, heartbeat);  // it stopped heart-beating

  cluster.advance_to(at_s(20));
  EXPECT_EQ(served(cluster, kUi, 503), refused);  // no more traffic reaches it
  const LabReport report = cluster.report();
  EXPECT_EQ(service(report, "ui-proxy").status, PodStatus::kDegraded);
  EXPECT_EQ(service(report, "ui-proxy").pods_ready, 2);
}

TEST(Cluster, ServiceWithNoPodLeftIsDownAndRefusesEverything) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  for (const char* id : {"sensor-sim-pod-1", "sensor-sim-pod-2", "sensor-sim-pod-3"}) {
    ASSERT_TRUE(cluster.apply_fault(id, kill(), at_s(1)));
  }
  cluster.advance_to(at_s(10));
  const LabReport report = cluster.report();
  EXPECT_EQ(service(report, "sensor-sim").status, PodStatus::kDown);
  EXPECT_EQ(service(report, "sensor-sim").pods_ready, 0);
  // Refused without a pod, and the failure cascades up the chain.
  EXPECT_GT(cluster.metrics().served.count(RequestKey{kSensor, std::nullopt, 503}), 0u);
  EXPECT_EQ(service(report, "planner-sim").status, PodStatus::kDegraded);
  EXPECT_EQ(service(report, "ui-proxy").status, PodStatus::kDegraded);
  ASSERT_TRUE(last5m(report).error_ratio);
  EXPECT_GT(*last5m(report).error_ratio, 0.5);
}

TEST(Cluster, RestartClearsFaultsCountsAndComesBackAfterStartup) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault(
      "ui-proxy-pod-2", FaultPatch{.delay_ms = 500, .error_rate = 0.5, .kill = true}, at_s(5)));
  const auto restarted = cluster.restart("ui-proxy-pod-2", at_s(10));
  ASSERT_TRUE(restarted);
  EXPECT_EQ(restarted.value()->restarts, 1);
  EXPECT_EQ(restarted.value()->fault, FaultSpec{});
  EXPECT_EQ(restarted.value()->phase, PodPhase::kStarting);
  EXPECT_FALSE(restarted.value()->in_endpoints);

  cluster.advance_to(at_s(10.5));
  EXPECT_EQ(pod(cluster.report(), "ui-proxy-pod-2").status, PodStatus::kDown);  // starting
  cluster.advance_to(at_s(13));
  const PodReport& p = pod(cluster.report(), "ui-proxy-pod-2");
  EXPECT_EQ(p.phase, PodPhase::kRunning);
  EXPECT_EQ(p.status, PodStatus::kHealthy) << p.reason;
  EXPECT_GT(p.recent.requests, 0u);
}

TEST(Cluster, LiftingAKillStartsThePodAgainWithoutCountingARestart) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-3", kill(), at_s(1)));
  const auto revived = cluster.apply_fault("sensor-sim-pod-3", kill(false), at_s(2));
  ASSERT_TRUE(revived);
  EXPECT_EQ(revived.value().pod->phase, PodPhase::kStarting);
  EXPECT_EQ(revived.value().pod->restarts, 0);
  cluster.advance_to(at_s(5));
  EXPECT_EQ(pod(cluster.report(), "sensor-sim-pod-3").status, PodStatus::kHealthy);
}

TEST(Cluster, PartialFaultUpdateKeepsTheOtherFields) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("planner-sim-pod-1", errors(0.3), at_s(1)));
  const auto updated = cluster.apply_fault("planner-sim-pod-1", delay(100), at_s(2));
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated.value().pod->fault,
            (FaultSpec{.delay_ms = 100, .error_rate = 0.3, .kill = false}));
}

TEST(Cluster, RefusedFaultChangesNothing) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  const auto refused = cluster.apply_fault(
      "planner-sim-pod-1", FaultPatch{.delay_ms = -5, .error_rate = 0.3, .kill = true}, at_s(1));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(refused.error().field, "delay_ms");
  EXPECT_EQ(cluster.pods()[3].fault, FaultSpec{});
  EXPECT_EQ(cluster.pods()[3].phase, PodPhase::kRunning);
}

TEST(Cluster, UnknownPodIsNotFound) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  const auto result = cluster.restart("nope-pod-1", at_s(1));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(result.error().detail, "Pod not found");
}

TEST(Cluster, CascadeAcrossServicesRecoversAfterRestarts) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(10));
  for (const char* id : {"sensor-sim-pod-1", "planner-sim-pod-1", "ui-proxy-pod-1"}) {
    ASSERT_TRUE(cluster.apply_fault(id, kill(), at_s(10)));
  }
  cluster.advance_to(at_s(15));
  LabReport report = cluster.report();
  for (const auto& s : report.services) EXPECT_EQ(s.status, PodStatus::kDegraded) << s.name;
  EXPECT_GT(*last5m(report).burn_rate, 1.0);

  for (const char* id : {"sensor-sim-pod-1", "planner-sim-pod-1", "ui-proxy-pod-1"}) {
    ASSERT_TRUE(cluster.restart(id, at_s(15)));
  }
  cluster.advance_to(at_s(20));
  report = cluster.report();
  for (const auto& p : report.pods) EXPECT_EQ(p.status, PodStatus::kHealthy) << p.id;
  for (const auto& s : report.services) EXPECT_EQ(s.status, PodStatus::kHealthy) << s.name;
}

TEST(Cluster, HeartbeatsTickEverySecondWhileRunning) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  cluster.advance_to(at_s(4.5));
  EXPECT_EQ(pod(cluster.report(), "sensor-sim-pod-1").last_heartbeat, at_s(4));
}

TEST(Cluster, SameSeedReplaysTheSameTraffic) {
  Cluster a(default_lab_spec(), 42, TimePoint{});
  Cluster b(default_lab_spec(), 42, TimePoint{});
  for (int step = 1; step <= 50; ++step) a.advance_to(at_s(step * 0.1));
  b.advance_to(at_s(5));  // one big step instead of fifty ticks
  EXPECT_EQ(a.metrics().served, b.metrics().served);
  EXPECT_EQ(a.metrics().lab_requests, b.metrics().lab_requests);
}

}  // namespace
}  // namespace hb::core

namespace hb::core {
namespace {

TEST(ClusterSlos, EachServiceHasAnSloOverTheRequestsItAnswered) {
  LabSpec spec = default_lab_spec();
  spec.services[0].slo.latency_threshold_ms = 350;  // sensor-sim's own threshold
  Cluster cluster(spec, kSeed, TimePoint{});
  ASSERT_TRUE(cluster.apply_fault("sensor-sim-pod-1", errors(1.0), at_s(1)));
  cluster.advance_to(at_s(31));
  const LabReport report = cluster.report();
  ASSERT_EQ(report.slos.size(), 4u);
  EXPECT_EQ(report.slos[0].name, "lab");
  EXPECT_EQ(report.slos[1].name, "sensor-sim");
  EXPECT_EQ(report.slos[1].spec.latency_threshold_ms, 350);
  EXPECT_EQ(report.slos[2].spec.latency_threshold_ms, 200);
  // sensor-sim's SLO counts every request it answered, as its counters do.
  const WindowFigures& sensor = report.slos[1].availability.windows.front();
  EXPECT_EQ(sensor.total, cluster.metrics().durations[kSensor].count);
  EXPECT_EQ(sensor.bad, served(cluster, kSensor, 500));
  // Its histogram gains the 0.35 s threshold as a bucket boundary.
  const auto& bounds = cluster.metrics().durations[kSensor].bounds;
  EXPECT_NE(std::find(bounds.begin(), bounds.end(), 0.35), bounds.end());
  // A third of sensor-sim's answers fail: far above its budget, the fast page fires.
  bool fired = false;
  for (const AlertStatus& alert : report.alerts) {
    if (alert.slo == "sensor-sim" && alert.sli == "availability" && alert.rule->name == "page-fast")
      fired = alert.firing;
  }
  EXPECT_TRUE(fired);
}

}  // namespace
}  // namespace hb::core
