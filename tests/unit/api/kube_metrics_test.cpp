#include "api/kube_metrics.h"

#include <gtest/gtest.h>

#include <string>

#include "api/prometheus_writer.h"

namespace hb::api {
namespace {

// One Deployment "api" with an autoscaler and two pods: api-pod-1 Running and ready, api-pod-2
// Running but its container waiting in CrashLoopBackOff after 3 restarts.
core::LabReport small_report() {
  core::LabReport report;
  core::PodReport up;
  up.id = "api-pod-1";
  up.service = "api";
  up.uid = "uid-1";
  up.ready = true;
  up.kubectl_status = "Running";
  core::PodReport crashing;
  crashing.id = "api-pod-2";
  crashing.service = "api";
  crashing.uid = "uid-2";
  crashing.ready = false;
  crashing.restarts = 3;
  crashing.container_state = core::ContainerState::kWaiting;
  crashing.container_reason = "CrashLoopBackOff";
  crashing.kubectl_status = "CrashLoopBackOff";
  report.pods = {up, crashing};

  core::ServiceReport api;
  api.name = "api";
  api.replicas_desired = 3;
  api.replicas_current = 2;
  api.replicas_ready = 1;
  api.replicas_available = 1;
  api.replicas_updated = 2;
  core::AutoscalerReport hpa;
  hpa.min_replicas = 2;
  hpa.max_replicas = 6;
  hpa.target_utilization = 0.7;
  hpa.current_replicas = 2;
  hpa.desired_replicas = 3;
  api.autoscaler = hpa;
  core::ServiceReport plain;  // no autoscaler: no kube_horizontalpodautoscaler_* series
  plain.name = "db";
  plain.replicas_desired = 1;
  plain.replicas_current = 1;
  plain.replicas_ready = 1;
  plain.replicas_available = 2;  // more available than desired: unavailable stays 0
  plain.replicas_updated = 1;
  report.services = {api, plain};
  return report;
}

std::string render(const core::LabReport& report) {
  PrometheusWriter w;
  write_kube_state_metrics(w, report);
  return w.take();
}

TEST(KubeMetricsTest, PodPhaseAndReadiness) {
  const std::string text = render(small_report());
  const std::string expected =
      "# HELP kube_pod_status_phase The pods current phase.\n"
      "# TYPE kube_pod_status_phase gauge\n"
      "kube_pod_status_phase{namespace=\"default\",pod=\"api-pod-1\",uid=\"uid-1\",phase="
      "\"Pending\"} 0\n"
      "kube_pod_status_phase{namespace=\"default\",pod=\"api-pod-1\",uid=\"uid-1\",phase="
      "\"Succeeded\"} 0\n"
      "kube_pod_status_phase{namespace=\"default\",pod=\"api-pod-1\",uid=\"uid-1\",phase="
      "\"Failed\"} 0\n"
      "kube_pod_status_phase{namespace=\"default\",pod=\"api-pod-1\",uid=\"uid-1\",phase="
      "\"Unknown\"} 0\n"
      "kube_pod_status_phase{namespace=\"default\",pod=\"api-pod-1\",uid=\"uid-1\",phase="
      "\"Running\"} 1\n"
      "kube_pod_status_phase{namespace=\"default\",pod=\"api-pod-2\",uid=\"uid-2\",phase="
      "\"Pending\"} 0\n"
      "kube_pod_status_phase{namespace=\"default\",pod=\"api-pod-2\",uid=\"uid-2\",phase="
      "\"Succeeded\"} 0\n"
      "kube_pod_status_phase{namespace=\"default\",pod=\"api-pod-2\",uid=\"uid-2\",phase="
      "\"Failed\"} 0\n"
      "kube_pod_status_phase{namespace=\"default\",pod=\"api-pod-2\",uid=\"uid-2\",phase="
      "\"Unknown\"} 0\n"
      "kube_pod_status_phase{namespace=\"default\",pod=\"api-pod-2\",uid=\"uid-2\",phase="
      "\"Running\"} 1\n"
      "# HELP kube_pod_status_ready Describes whether the pod is ready to serve requests.\n"
      "# TYPE kube_pod_status_ready gauge\n"
      "kube_pod_status_ready{namespace=\"default\",pod=\"api-pod-1\",uid=\"uid-1\",condition="
      "\"true\"} 1\n"
      "kube_pod_status_ready{namespace=\"default\",pod=\"api-pod-1\",uid=\"uid-1\",condition="
      "\"false\"} 0\n"
      "kube_pod_status_ready{namespace=\"default\",pod=\"api-pod-1\",uid=\"uid-1\",condition="
      "\"unknown\"} 0\n"
      "kube_pod_status_ready{namespace=\"default\",pod=\"api-pod-2\",uid=\"uid-2\",condition="
      "\"true\"} 0\n"
      "kube_pod_status_ready{namespace=\"default\",pod=\"api-pod-2\",uid=\"uid-2\",condition="
      "\"false\"} 1\n"
      "kube_pod_status_ready{namespace=\"default\",pod=\"api-pod-2\",uid=\"uid-2\",condition="
      "\"unknown\"} 0\n";
  EXPECT_EQ(text.substr(0, expected.size()), expected);
}

TEST(KubeMetricsTest, ContainerStatesRestartsAndWaitingReason) {
  const std::string text = render(small_report());
  const std::string c1 =
      "{namespace=\"default\",pod=\"api-pod-1\",uid=\"uid-1\",container=\"api\"}";
  const std::string c2 =
      "{namespace=\"default\",pod=\"api-pod-2\",uid=\"uid-2\",container=\"api\"}";
  const std::string expected =
      "# HELP kube_pod_container_status_restarts_total The number of container restarts per "
      "container.\n"
      "# TYPE kube_pod_container_status_restarts_total counter\n"
      "kube_pod_container_status_restarts_total" +
      c1 +
      " 0\n"
      "kube_pod_container_status_restarts_total" +
      c2 +
      " 3\n"
      "# HELP kube_pod_container_status_ready Describes whether the containers readiness check "
      "succeeded.\n"
      "# TYPE kube_pod_container_status_ready gauge\n"
      "kube_pod_container_status_ready" +
      c1 +
      " 1\n"
      "kube_pod_container_status_ready" +
      c2 +
      " 0\n"
      "# HELP kube_pod_container_status_running Describes whether the container is currently in "
      "running state.\n"
      "# TYPE kube_pod_container_status_running gauge\n"
      "kube_pod_container_status_running" +
      c1 +
      " 1\n"
      "kube_pod_container_status_running" +
      c2 +
      " 0\n"
      "# HELP kube_pod_container_status_waiting Describes whether the container is currently in "
      "waiting state.\n"
      "# TYPE kube_pod_container_status_waiting gauge\n"
      "kube_pod_container_status_waiting" +
      c1 +
      " 0\n"
      "kube_pod_container_status_waiting" +
      c2 +
      " 1\n"
      "# HELP kube_pod_container_status_waiting_reason Describes the reason the container is "
      "currently in waiting state.\n"
      "# TYPE kube_pod_container_status_waiting_reason gauge\n"
      "kube_pod_container_status_waiting_reason{namespace=\"default\",pod=\"api-pod-2\","
      "uid=\"uid-2\",container=\"api\",reason=\"CrashLoopBackOff\"} 1\n"
      "# HELP kube_pod_container_status_terminated Describes whether the container is currently "
      "in terminated state.\n"
      "# TYPE kube_pod_container_status_terminated gauge\n"
      "kube_pod_container_status_terminated" +
      c1 +
      " 0\n"
      "kube_pod_container_status_terminated" +
      c2 +
      " 0\n"
      "# HELP kube_pod_container_status_terminated_reason Describes the reason the container is "
      "currently in terminated state.\n"
      "# TYPE kube_pod_container_status_terminated_reason gauge\n";
  const auto start = text.find("# HELP kube_pod_container_status_restarts_total");
  ASSERT_NE(start, std::string::npos);
  EXPECT_EQ(text.substr(start, expected.size()), expected);
}

TEST(KubeMetricsTest, TerminatedReasonOnlyWhileTerminated) {
  core::LabReport report = small_report();
  report.pods[1].container_state = core::ContainerState::kTerminated;
  report.pods[1].container_reason = "Error";
  const std::string text = render(report);
  EXPECT_EQ(text.find("kube_pod_container_status_waiting_reason{"), std::string::npos);
  EXPECT_NE(text.find("\nkube_pod_container_status_terminated_reason{namespace=\"default\","
                      "pod=\"api-pod-2\",uid=\"uid-2\",container=\"api\",reason=\"Error\"} 1\n"),
            std::string::npos);
}

TEST(KubeMetricsTest, DeploymentsAndAutoscalers) {
  const std::string text = render(small_report());
  const std::string api = "{namespace=\"default\",deployment=\"api\"}";
  const std::string db = "{namespace=\"default\",deployment=\"db\"}";
  const std::string hpa = "{namespace=\"default\",horizontalpodautoscaler=\"api\"}";
  const std::string expected =
      "# HELP kube_deployment_spec_replicas Number of desired pods for a deployment.\n"
      "# TYPE kube_deployment_spec_replicas gauge\n"
      "kube_deployment_spec_replicas" +
      api +
      " 3\n"
      "kube_deployment_spec_replicas" +
      db +
      " 1\n"
      "# HELP kube_deployment_status_replicas The number of replicas per deployment.\n"
      "# TYPE kube_deployment_status_replicas gauge\n"
      "kube_deployment_status_replicas" +
      api +
      " 2\n"
      "kube_deployment_status_replicas" +
      db +
      " 1\n"
      "# HELP kube_deployment_status_replicas_available The number of available replicas per "
      "deployment.\n"
      "# TYPE kube_deployment_status_replicas_available gauge\n"
      "kube_deployment_status_replicas_available" +
      api +
      " 1\n"
      "kube_deployment_status_replicas_available" +
      db +
      " 2\n"
      "# HELP kube_deployment_status_replicas_unavailable The number of unavailable replicas per "
      "deployment.\n"
      "# TYPE kube_deployment_status_replicas_unavailable gauge\n"
      "kube_deployment_status_replicas_unavailable" +
      api +
      " 2\n"
      "kube_deployment_status_replicas_unavailable" +
      db +
      " 0\n"
      "# HELP kube_deployment_status_replicas_updated The number of updated replicas per "
      "deployment.\n"
      "# TYPE kube_deployment_status_replicas_updated gauge\n"
      "kube_deployment_status_replicas_updated" +
      api +
      " 2\n"
      "kube_deployment_status_replicas_updated" +
      db +
      " 1\n"
      "# HELP kube_deployment_status_replicas_ready The number of ready replicas per deployment.\n"
      "# TYPE kube_deployment_status_replicas_ready gauge\n"
      "kube_deployment_status_replicas_ready" +
      api +
      " 1\n"
      "kube_deployment_status_replicas_ready" +
      db +
      " 1\n"
      "# HELP kube_horizontalpodautoscaler_spec_min_replicas Lower limit for the number of pods "
      "that can be set by the autoscaler, default 1.\n"
      "# TYPE kube_horizontalpodautoscaler_spec_min_replicas gauge\n"
      "kube_horizontalpodautoscaler_spec_min_replicas" +
      hpa +
      " 2\n"
      "# HELP kube_horizontalpodautoscaler_spec_max_replicas Upper limit for the number of pods "
      "that can be set by the autoscaler; cannot be smaller than MinReplicas.\n"
      "# TYPE kube_horizontalpodautoscaler_spec_max_replicas gauge\n"
      "kube_horizontalpodautoscaler_spec_max_replicas" +
      hpa +
      " 6\n"
      "# HELP kube_horizontalpodautoscaler_spec_target_metric The metric specifications used by "
      "this autoscaler when calculating the desired replica count.\n"
      "# TYPE kube_horizontalpodautoscaler_spec_target_metric gauge\n"
      "kube_horizontalpodautoscaler_spec_target_metric{namespace=\"default\","
      "horizontalpodautoscaler=\"api\",metric_name=\"utilization\","
      "metric_target_type=\"utilization\"} 70\n"
      "# HELP kube_horizontalpodautoscaler_status_current_replicas Current number of replicas of "
      "pods managed by this autoscaler.\n"
      "# TYPE kube_horizontalpodautoscaler_status_current_replicas gauge\n"
      "kube_horizontalpodautoscaler_status_current_replicas" +
      hpa +
      " 2\n"
      "# HELP kube_horizontalpodautoscaler_status_desired_replicas Desired number of replicas of "
      "pods managed by this autoscaler.\n"
      "# TYPE kube_horizontalpodautoscaler_status_desired_replicas gauge\n"
      "kube_horizontalpodautoscaler_status_desired_replicas" +
      hpa + " 3\n";
  const auto start = text.find("# HELP kube_deployment_spec_replicas");
  ASSERT_NE(start, std::string::npos);
  EXPECT_EQ(text.substr(start), expected);
}

}  // namespace
}  // namespace hb::api
