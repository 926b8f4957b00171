// A real lab in the core: nothing is simulated; the requests a producer outside (the proxy)
// reports through Cluster::observe() and the health checks' verdicts through
// set_endpoint_ready() feed the same figures, statuses, SLOs and events as simulated traffic.
#include <gtest/gtest.h>

#include "cluster_test_helpers.h"
#include "core/cluster.h"

namespace hb::core {
namespace {

using std::chrono::milliseconds;

ServiceSpec real_service(std::string name, std::string listen, std::vector<std::string> endpoints,
                         std::vector<std::string> dependencies, bool health_check) {
  ServiceSpec s;
  s.name = std::move(name);
  s.replicas = static_cast<int>(endpoints.size());
  s.rate_rps = 0.0;
  s.dependencies = std::move(dependencies);
  s.real = RealServiceSpec{.listen = std::move(listen), .endpoints = std::move(endpoints)};
  if (health_check) s.workload.probes.readiness = ProbeSpec{.period_s = 1.0};
  return s;
}

// web (the entry point, no health check) calls api (two endpoints, health-checked).
LabSpec real_lab() {
  LabSpec spec;
  spec.services = {
      real_service("web", "127.0.0.1:9000", {"127.0.0.1:8081"}, {"api"}, false),
      real_service("api", "127.0.0.1:9001", {"127.0.0.1:8082", "127.0.0.1:8083"}, {}, true)};
  return spec;
}

constexpr std::size_t kWeb = 0;
constexpr std::size_t kApi = 1;

void answer(Cluster& lab, std::size_t service, std::size_t endpoint, double at_seconds, int code,
            int latency_ms = 20, std::optional<Cluster::ObservedStart> started = {}) {
  lab.observe({.service = service,
               .endpoint = endpoint,
               .end = at_s(at_seconds),
               .latency = milliseconds(latency_ms),
               .code = code,
               .started = started});
}

TEST(RealLab, SimulatesNoTraffic) {
  ASSERT_TRUE(validate(real_lab()).ok()) << validate(real_lab()).error().detail;
  Cluster lab(real_lab(), 1, at_s(0));
  EXPECT_TRUE(lab.real());
  lab.advance_to(at_s(60));
  const LabReport report = lab.report();
  EXPECT_EQ(report.lab_slo().availability.period().total, 0U);
  for (const ServiceReport& service : report.services) EXPECT_EQ(service.recent.requests, 0U);
  EXPECT_EQ(service_of(report, "web").listen, "127.0.0.1:9000");
  EXPECT_EQ(pod_of(report, "api-pod-2").endpoint, "127.0.0.1:8083");
}

TEST(RealLab, EndpointsWithAHealthCheckStartNotReady) {
  Cluster lab(real_lab(), 1, at_s(0));
  LabReport report = lab.report();
  EXPECT_TRUE(pod_of(report, "web-pod-1").ready);  // no health check: ready, as in Kubernetes
  EXPECT_FALSE(pod_of(report, "api-pod-1").ready);
  EXPECT_EQ(service_of(report, "api").status, PodStatus::kDown);

  lab.set_endpoint_ready(kApi, 0, true, at_s(1));
  lab.set_endpoint_ready(kApi, 1, true, at_s(1));
  report = lab.report();
  EXPECT_TRUE(pod_of(report, "api-pod-1").ready);
  EXPECT_EQ(service_of(report, "api").status, PodStatus::kHealthy);
  EXPECT_EQ(report.events.front().kind, EventKind::kServiceStatus);
  bool logged = false;
  for (const LabEvent& event : report.events) {
    logged = logged || (event.target == "api-pod-1" && event.reason == "Ready");
  }
  EXPECT_TRUE(logged);
}

TEST(RealLab, RequestsCountForTheirPodTheirServiceAndAtTheEntryForTheLab) {
  Cluster lab(real_lab(), 1, at_s(0));
  lab.set_endpoint_ready(kApi, 0, true, at_s(0.5));
  for (int i = 0; i < 10; ++i) answer(lab, kWeb, 0, 1.0 + i * 0.01, 200);
  for (int i = 0; i < 4; ++i) answer(lab, kApi, 0, 1.2 + i * 0.01, 500);
  lab.advance_to(at_s(2));
  const LabReport report = lab.report();
  EXPECT_EQ(pod_of(report, "web-pod-1").recent.requests, 10U);
  EXPECT_EQ(pod_of(report, "api-pod-1").recent.requests, 4U);
  EXPECT_EQ(pod_of(report, "api-pod-2").recent.requests, 0U);
  EXPECT_EQ(service_of(report, "api").recent.errors, 4U);
  // The lab counts each request once, where it enters: web's, not api's (web's callers).
  EXPECT_EQ(report.lab_slo().availability.period().total, 10U);
  EXPECT_EQ(report.lab_slo().availability.period().bad, 0U);
  EXPECT_EQ(report.metrics.lab_requests.at(200), 10U);
  EXPECT_EQ(pod_of(report, "api-pod-1").status, PodStatus::kDegraded);
}

TEST(RealLab, ARequestThatEndedBeforeNowIsMeasuredNow) {
  Cluster lab(real_lab(), 1, at_s(0));
  lab.advance_to(at_s(5));
  answer(lab, kWeb, 0, 4.9, 200);
  EXPECT_EQ(lab.now(), at_s(5));
  lab.advance_to(at_s(6));  // the SLOs are evaluated every whole second
  EXPECT_EQ(lab.report().lab_slo().availability.period().total, 1U);
}

// A request handed to an endpoint is in flight on its pod until its answer: an endpoint that
// hangs is Degraded once the request is older than the latency threshold (200 ms), before it
// ends, as a simulated pod is.
TEST(RealLab, AHangingEndpointIsDegradedBeforeItsRequestEnds) {
  Cluster lab(real_lab(), 1, at_s(0));
  const Cluster::ObservedStart started = lab.observe_start(kWeb, 0, at_s(1.0));
  lab.advance_to(at_s(1.15));
  PodReport pod = pod_of(lab.report(), "web-pod-1");
  EXPECT_EQ(pod.in_flight.count, 1U);
  EXPECT_EQ(pod.status, PodStatus::kHealthy);
  lab.advance_to(at_s(1.3));  // 300 ms in flight, and an evaluation since
  pod = pod_of(lab.report(), "web-pod-1");
  EXPECT_EQ(pod.status, PodStatus::kDegraded);
  EXPECT_NE(pod.reason.find("in flight"), std::string::npos) << pod.reason;
  EXPECT_EQ(service_of(lab.report(), "web").status, PodStatus::kDegraded);

  answer(lab, kWeb, 0, 1.4, 200, 400, started);
  pod = pod_of(lab.report(), "web-pod-1");
  EXPECT_EQ(pod.in_flight.count, 0U);
  EXPECT_FALSE(pod.in_flight.oldest_age);
  EXPECT_EQ(pod.recent.requests, 1U);
}

// What a killed endpoint was handed left with it: clearing the kill starts it afresh, and the
// late answer of such a request counts in the figures but frees nothing.
TEST(RealLab, AKilledEndpointForgetsWhatItWasHanded) {
  Cluster lab(real_lab(), 1, at_s(0));
  const Cluster::ObservedStart before_kill = lab.observe_start(kWeb, 0, at_s(1.0));
  ASSERT_TRUE(lab.apply_fault("web-pod-1", FaultPatch{.kill = true}, at_s(1.1)));
  const Cluster::ObservedStart while_killed = lab.observe_start(kWeb, 0, at_s(1.2));
  ASSERT_TRUE(lab.clear_faults("web-pod-1", at_s(1.3)));
  EXPECT_EQ(pod_of(lab.report(), "web-pod-1").in_flight.count, 0U);
  for (const auto& started : {before_kill, while_killed})
    answer(lab, kWeb, 0, 1.5, 503, 300, started);
  lab.advance_to(at_s(3));
  const PodReport pod = pod_of(lab.report(), "web-pod-1");
  EXPECT_EQ(pod.in_flight.count, 0U);
  EXPECT_EQ(pod.recent.requests, 2U);
}

TEST(RealLab, AKilledEndpointLeavesTheEndpointsByItsHealthCheckOnly) {
  Cluster lab(real_lab(), 1, at_s(0));
  lab.set_endpoint_ready(kApi, 0, true, at_s(0.5));
  ASSERT_TRUE(lab.apply_fault("api-pod-1", FaultPatch{.kill = true}, at_s(1)));
  lab.advance_to(at_s(60));  // far past the simulated readiness delay
  PodReport pod = pod_of(lab.report(), "api-pod-1");
  EXPECT_TRUE(pod.in_endpoints);
  EXPECT_EQ(pod.status, PodStatus::kDown);
  lab.set_endpoint_ready(kApi, 0, false, at_s(61));
  EXPECT_FALSE(pod_of(lab.report(), "api-pod-1").in_endpoints);

  // Cleared, it takes connections at once, and comes back with its health check.
  ASSERT_TRUE(lab.clear_faults("api-pod-1", at_s(62)));
  pod = pod_of(lab.report(), "api-pod-1");
  EXPECT_EQ(pod.phase, PodPhase::kRunning);
  EXPECT_EQ(pod.restarts, 0);
  EXPECT_FALSE(pod.ready);
  lab.set_endpoint_ready(kApi, 0, true, at_s(63));
  EXPECT_EQ(pod_of(lab.report(), "api-pod-1").status, PodStatus::kHealthy);
}

TEST(RealLab, AKilledEndpointWithoutAHealthCheckLeavesAfterTheReadinessDelay) {
  Cluster lab(real_lab(), 1, at_s(0));  // web has no health check
  ASSERT_TRUE(lab.apply_fault("web-pod-1", FaultPatch{.kill = true}, at_s(1)));
  lab.advance_to(at_s(3.9));
  EXPECT_TRUE(pod_of(lab.report(), "web-pod-1").in_endpoints);
  lab.advance_to(at_s(4.0));  // pods.readiness_delay_ms, 3 s, as for a simulated pod
  EXPECT_FALSE(pod_of(lab.report(), "web-pod-1").in_endpoints);

  ASSERT_TRUE(lab.clear_faults("web-pod-1", at_s(5)));
  const PodReport pod = pod_of(lab.report(), "web-pod-1");
  EXPECT_TRUE(pod.ready);  // takes connections, and nothing else decides its readiness
  EXPECT_EQ(pod.status, PodStatus::kHealthy);
}

TEST(RealLab, TimedFaultsEndByThemselves) {
  Cluster lab(real_lab(), 1, at_s(0));
  ASSERT_TRUE(
      lab.apply_fault("web-pod-1", FaultPatch{.delay_ms = 300, .duration_s = 10.0}, at_s(1)));
  lab.advance_to(at_s(10.5));
  EXPECT_EQ(lab.pods()[0].fault.delay_ms, 300);
  lab.advance_to(at_s(11));
  EXPECT_EQ(lab.pods()[0].fault.delay_ms, 0);
}

TEST(RealLab, RefusesWhatARealEndpointCannotTake) {
  Cluster lab(real_lab(), 1, at_s(0));
  const auto refused = [](const auto& result) {
    EXPECT_FALSE(result.ok());
    if (result.ok()) return;
    EXPECT_EQ(result.error().kind, ErrorKind::kConflict) << result.error().detail;
    EXPECT_NE(result.error().detail.find("real endpoints"), std::string::npos);
  };
  refused(lab.restart("web-pod-1", at_s(1)));
  refused(lab.scale("api", 3, at_s(1)));
  refused(lab.rollout("api", Cluster::Release{.version = "v2"}, at_s(1)));
  refused(lab.undo("api", at_s(1)));
  refused(lab.partition("web", "api", std::nullopt, at_s(1)));
  refused(lab.heal("web", "api", at_s(1)));
  for (const FaultPatch& patch : {FaultPatch{.crash_loop = true}, FaultPatch{.crash = true}}) {
    const auto result = lab.apply_fault("web-pod-1", patch, at_s(1));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(result.error().field, patch.crash ? "crash" : "crash_loop");
  }
  // Nothing changed.
  EXPECT_EQ(lab.pods()[0].restarts, 0);
  EXPECT_FALSE(lab.pods()[0].fault.active());
  EXPECT_EQ(lab.report().services[1].replicas_desired, 2);
}

}  // namespace
}  // namespace hb::core
