#include "api/kube_metrics.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "api/prometheus_writer.h"
#include "core/kube_view.h"

namespace hb::api {
namespace {

using core::ContainerState;
using core::KubePhase;
using core::PodReport;
using core::ServiceReport;

constexpr std::string_view kNamespace = "default";

// Each pod's labels, rendered once for all its series: namespace, pod and uid.
std::vector<LabelText> pod_labels(const core::LabReport& report) {
  std::vector<LabelText> labels;
  labels.reserve(report.pods.size());
  for (const auto& pod : report.pods) {
    labels.push_back({{"namespace", kNamespace}, {"pod", pod.id}, {"uid", pod.uid}});
  }
  return labels;
}

// The same and the pod's one container, named after its service (the Deployment's pod template).
std::vector<LabelText> container_labels(const core::LabReport& report,
                                        std::vector<LabelText> pod_labels) {
  for (std::size_t p = 0; p < report.pods.size(); ++p) {
    pod_labels[p].add("container", report.pods[p].service);
  }
  return pod_labels;
}

double flag(bool on) {
  return on ? 1.0 : 0.0;
}

void write_pod_status(PrometheusWriter& w, const core::LabReport& report,
                      const std::vector<LabelText>& labels) {
  w.family("kube_pod_status_phase", "gauge", "The pods current phase.");
  for (std::size_t p = 0; p < report.pods.size(); ++p) {
    for (const auto phase : {KubePhase::kPending, KubePhase::kSucceeded, KubePhase::kFailed,
                             KubePhase::kUnknown, KubePhase::kRunning}) {
      w.sample("kube_pod_status_phase", labels[p], {"phase", core::to_string(phase)},
               flag(report.pods[p].kube_phase == phase));
    }
  }
  // The lab always knows whether a pod is ready, so "unknown" is always 0.
  w.family("kube_pod_status_ready", "gauge",
           "Describes whether the pod is ready to serve requests.");
  for (std::size_t p = 0; p < report.pods.size(); ++p) {
    const bool ready = report.pods[p].ready;
    for (const auto& [condition, value] :
         {std::pair{"true", ready}, std::pair{"false", !ready}, std::pair{"unknown", false}}) {
      w.sample("kube_pod_status_ready", labels[p], {"condition", condition}, flag(value));
    }
  }
}

// Each container's labels and its pod's report.
struct Containers {
  const core::LabReport& report;
  std::vector<LabelText> labels;
};

// A family with one sample per container; `value` gives it.
template <typename Value>
void per_container(PrometheusWriter& w, const Containers& containers, std::string_view name,
                   std::string_view type, std::string_view help, Value value) {
  w.family(name, type, help);
  const auto& pods = containers.report.pods;
  for (std::size_t p = 0; p < pods.size(); ++p) {
    w.sample(name, containers.labels[p], value(pods[p]));
  }
}

// A family with a sample only for containers in `state` that have a reason, labelled with it.
void per_container_reason(PrometheusWriter& w, const Containers& containers, std::string_view name,
                          std::string_view help, ContainerState state) {
  w.family(name, "gauge", help);
  const auto& pods = containers.report.pods;
  for (std::size_t p = 0; p < pods.size(); ++p) {
    const PodReport& pod = pods[p];
    if (pod.container_state != state || pod.container_reason.empty()) continue;
    w.sample(name, containers.labels[p], {"reason", pod.container_reason}, 1.0);
  }
}

void write_containers(PrometheusWriter& w, const Containers& containers) {
  per_container(w, containers, "kube_pod_container_status_restarts_total", "counter",
                "The number of container restarts per container.",
                [](const PodReport& p) { return static_cast<std::uint64_t>(p.restarts); });
  per_container(w, containers, "kube_pod_container_status_ready", "gauge",
                "Describes whether the containers readiness check succeeded.",
                [](const PodReport& p) { return flag(p.ready); });
  per_container(
      w, containers, "kube_pod_container_status_running", "gauge",
      "Describes whether the container is currently in running state.",
      [](const PodReport& p) { return flag(p.container_state == ContainerState::kRunning); });
  per_container(
      w, containers, "kube_pod_container_status_waiting", "gauge",
      "Describes whether the container is currently in waiting state.",
      [](const PodReport& p) { return flag(p.container_state == ContainerState::kWaiting); });
  per_container_reason(w, containers, "kube_pod_container_status_waiting_reason",
                       "Describes the reason the container is currently in waiting state.",
                       ContainerState::kWaiting);
  per_container(
      w, containers, "kube_pod_container_status_terminated", "gauge",
      "Describes whether the container is currently in terminated state.",
      [](const PodReport& p) { return flag(p.container_state == ContainerState::kTerminated); });
  per_container_reason(w, containers, "kube_pod_container_status_terminated_reason",
                       "Describes the reason the container is currently in terminated state.",
                       ContainerState::kTerminated);
}

void write_deployments(PrometheusWriter& w, const core::LabReport& report) {
  using Value = int (*)(const ServiceReport&);
  const auto gauge = [&](std::string_view name, std::string_view help, Value value) {
    w.family(name, "gauge", help);
    for (const auto& service : report.services) {
      w.sample(name, {{"namespace", kNamespace}, {"deployment", service.name}},
               static_cast<double>(value(service)));
    }
  };
  gauge("kube_deployment_spec_replicas", "Number of desired pods for a deployment.",
        [](const ServiceReport& s) { return s.replicas_desired; });
  gauge("kube_deployment_status_replicas", "The number of replicas per deployment.",
        [](const ServiceReport& s) { return s.replicas_current; });
  gauge("kube_deployment_status_replicas_available",
        "The number of available replicas per deployment.",
        [](const ServiceReport& s) { return s.replicas_available; });
  gauge("kube_deployment_status_replicas_unavailable",
        "The number of unavailable replicas per deployment.", [](const ServiceReport& s) {
          return std::max(0, s.replicas_desired - s.replicas_available);
        });
  gauge("kube_deployment_status_replicas_updated", "The number of updated replicas per deployment.",
        [](const ServiceReport& s) { return s.replicas_updated; });
  gauge("kube_deployment_status_replicas_ready", "The number of ready replicas per deployment.",
        [](const ServiceReport& s) { return s.replicas_ready; });
}

void write_autoscalers(PrometheusWriter& w, const core::LabReport& report) {
  using Value = double (*)(const core::AutoscalerReport&);
  const auto gauge = [&](std::string_view name, std::string_view help, Value value) {
    w.family(name, "gauge", help);
    for (const auto& service : report.services) {
      if (!service.autoscaler) continue;
      w.sample(name, {{"namespace", kNamespace}, {"horizontalpodautoscaler", service.name}},
               value(*service.autoscaler));
    }
  };
  gauge("kube_horizontalpodautoscaler_spec_min_replicas",
        "Lower limit for the number of pods that can be set by the autoscaler, default 1.",
        [](const core::AutoscalerReport& a) { return static_cast<double>(a.min_replicas); });
  gauge("kube_horizontalpodautoscaler_spec_max_replicas",
        "Upper limit for the number of pods that can be set by the autoscaler; cannot be "
        "smaller than MinReplicas.",
        [](const core::AutoscalerReport& a) { return static_cast<double>(a.max_replicas); });
  // As averageUtilization: a percentage (80, not 0.8), rounded off float noise (70, not
  // 70.00000000000001).
  w.family("kube_horizontalpodautoscaler_spec_target_metric", "gauge",
           "The metric specifications used by this autoscaler when calculating the desired "
           "replica count.");
  for (const auto& service : report.services) {
    if (!service.autoscaler) continue;
    w.sample("kube_horizontalpodautoscaler_spec_target_metric",
             {{"namespace", kNamespace},
              {"horizontalpodautoscaler", service.name},
              {"metric_name", "utilization"},
              {"metric_target_type", "utilization"}},
             std::round(service.autoscaler->target_utilization * 1e4) / 1e2);
  }
  gauge("kube_horizontalpodautoscaler_status_current_replicas",
        "Current number of replicas of pods managed by this autoscaler.",
        [](const core::AutoscalerReport& a) { return static_cast<double>(a.current_replicas); });
  gauge("kube_horizontalpodautoscaler_status_desired_replicas",
        "Desired number of replicas of pods managed by this autoscaler.",
        [](const core::AutoscalerReport& a) { return static_cast<double>(a.desired_replicas); });
}

}  // namespace

void write_kube_state_metrics(PrometheusWriter& w, const core::LabReport& report) {
  std::vector<LabelText> labels = pod_labels(report);
  write_pod_status(w, report, labels);
  write_containers(w, Containers{report, container_labels(report, std::move(labels))});
  write_deployments(w, report);
  write_autoscalers(w, report);
}

}  // namespace hb::api
