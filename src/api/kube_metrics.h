// The lab in kube-state-metrics' (v2) terms: pod phases and readiness, container states and
// restarts, Deployments and HorizontalPodAutoscalers, with its metric names, types, help texts
// and labels, all in namespace "default". A Grafana dashboard or alert written for
// kube-state-metrics works on /metrics unchanged.
#pragma once

#include "core/lab_report.h"

namespace hb::api {

class PrometheusWriter;

// The kube_* families: kube_pod_*, kube_pod_container_*, kube_deployment_*,
// kube_horizontalpodautoscaler_* (only for services that have an autoscaler).
void write_kube_state_metrics(PrometheusWriter& w, const core::LabReport& report);

}  // namespace hb::api
