#include "experiment/figures.h"

#include <string>

namespace hb::experiment {
namespace {

using T = FigureType;

const std::vector<std::string_view> kStatuses = {"Healthy", "Degraded", "Down"};

// Names and types as GET /pods, /services, /slo and /alerts serve them (docs/api.md).
const std::vector<FigureInfo> kLab = {{"status", T::kText, kStatuses}};

const std::vector<FigureInfo> kPod = {
    {"status", T::kText, kStatuses},
    {"reason", T::kText, {}},
    {"phase", T::kText, {"Running", "Starting", "Terminated"}},
    {"ready", T::kBool, {}},
    {"in_endpoints", T::kBool, {}},
    {"restarts", T::kNumber, {}},
    {"last_heartbeat", T::kNumber, {}},
    {"latency_ms", T::kNumber, {}},
    {"latency_p50_ms", T::kNumber, {}},
    {"latency_p95_ms", T::kNumber, {}},
    {"latency_p99_ms", T::kNumber, {}},
    {"error_ratio", T::kNumber, {}},
    {"request_rate", T::kNumber, {}},
    {"error_rate", T::kNumber, {}},
    {"delay_ms", T::kNumber, {}},
    {"jitter_ms", T::kNumber, {}},
    {"killed", T::kBool, {}},
    {"fault_ends_at", T::kNumber, {}},
    {"requests_in_flight", T::kNumber, {}},
    {"oldest_in_flight_ms", T::kNumber, {}},
    // The Kubernetes view.
    {"crash_loop", T::kBool, {}},
    {"pod_phase", T::kText, {"Pending", "Running", "Succeeded", "Failed", "Unknown"}},
    {"container_state", T::kText, {"waiting", "running", "terminated"}},
    {"container_reason", T::kText, {}},
    {"kubectl_status", T::kText, {}},
    {"age_seconds", T::kNumber, {}},
    {"version", T::kText, {}},
    {"busy_workers", T::kNumber, {}},
    {"queued", T::kNumber, {}},
    {"utilization", T::kNumber, {}},
    {"back_off_until", T::kNumber, {}},
    {"last_restart_at", T::kNumber, {}},
    {"terminating", T::kBool, {}},
};

const std::vector<FigureInfo> kService = {
    {"status", T::kText, kStatuses},
    {"pods_ready", T::kNumber, {}},
    {"pods_total", T::kNumber, {}},
    {"restarts", T::kNumber, {}},
    {"request_rate", T::kNumber, {}},
    {"error_ratio", T::kNumber, {}},
    {"latency_p50_ms", T::kNumber, {}},
    {"latency_p95_ms", T::kNumber, {}},
    {"latency_p99_ms", T::kNumber, {}},
    {"reason", T::kText, {}},
    {"requests_in_flight", T::kNumber, {}},
    {"oldest_in_flight_ms", T::kNumber, {}},
    // Its Deployment, rollout and autoscaler.
    {"replicas_desired", T::kNumber, {}},
    {"replicas_current", T::kNumber, {}},
    {"replicas_ready", T::kNumber, {}},
    {"replicas_available", T::kNumber, {}},
    {"replicas_updated", T::kNumber, {}},
    {"version", T::kText, {}},
    {"utilization", T::kNumber, {}},
    {"rollout.status", T::kText, {"complete", "progressing", "failed"}},
    {"rollout.reason", T::kText, {}},
    {"rollout.revision", T::kNumber, {}},
    {"rollout.updated_replicas", T::kNumber, {}},
    {"autoscaler.desired_replicas", T::kNumber, {}},
    {"autoscaler.current_utilization", T::kNumber, {}},
};

const std::vector<FigureInfo> kSlo = {
    // The SLIs themselves: `availability.sli` and `latency.sli` of the SLO's entry.
    {"availability", T::kNumber, {}},
    {"latency", T::kNumber, {}},
    {"latency_p50_ms", T::kNumber, {}},
    {"latency_p95_ms", T::kNumber, {}},
    {"latency_p99_ms", T::kNumber, {}},
    {"indicator", T::kText, {"normal", "medium", "high"}},
    {"target", T::kNumber, {}, false, true},
    {"budget_remaining", T::kNumber, {}, false, true},
    {"budget_consumed", T::kNumber, {}, false, true},
    {"budget_exhausted_in_seconds", T::kNumber, {}, false, true},
    {"burn_rate", T::kNumber, {}, true, true},
    {"error_ratio", T::kNumber, {}, true, true},
    {"requests", T::kNumber, {}, true, true},
    {"bad_requests", T::kNumber, {}, true, true},
};

const std::vector<FigureInfo> kAlert = {
    {"firing", T::kBool, {}},          // whether any alert of the selection fires
    {"firing_count", T::kNumber, {}},  // how many of them fire
};

}  // namespace

const std::vector<FigureInfo>& figures(ProbeSource source) {
  switch (source) {
    case ProbeSource::kLab:
      return kLab;
    case ProbeSource::kPod:
      return kPod;
    case ProbeSource::kService:
      return kService;
    case ProbeSource::kSlo:
      return kSlo;
    case ProbeSource::kAlert:
      return kAlert;
  }
  return kLab;
}

const FigureInfo* find_figure(ProbeSource source, std::string_view name) {
  for (const FigureInfo& figure : figures(source)) {
    if (figure.name == name) return &figure;
  }
  return nullptr;
}

std::string figure_names(ProbeSource source) {
  std::string names;
  for (const FigureInfo& figure : figures(source)) {
    if (!names.empty()) names += ", ";
    names += figure.name;
  }
  return names;
}

}  // namespace hb::experiment
