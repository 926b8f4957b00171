#include "core/pod.h"

#include <fmt/format.h>

namespace hb::core {

std::string_view to_string(PodPhase phase) {
  switch (phase) {
    case PodPhase::kStarting:
      return "Starting";
    case PodPhase::kRunning:
      return "Running";
    case PodPhase::kTerminated:
      return "Terminated";
  }
  return "Unknown";
}

std::string_view to_string(PodStatus status) {
  switch (status) {
    case PodStatus::kHealthy:
      return "Healthy";
    case PodStatus::kDegraded:
      return "Degraded";
    case PodStatus::kDown:
      return "Down";
  }
  return "Unknown";
}

Pod::Pod(std::string pod_id, std::size_t service_index, const LabSpec& spec, TimePoint now)
    : id(std::move(pod_id)),
      service(service_index),
      phase_since(now),
      last_heartbeat(now),
      recent(millis(spec.status.window_ms), 8, now) {}

PodHealth assess(const Pod& pod, const WindowSummary& recent, TimePoint now, const LabSpec& spec) {
  if (pod.phase == PodPhase::kTerminated) return {PodStatus::kDown, "killed"};
  if (pod.phase == PodPhase::kStarting) return {PodStatus::kDown, "starting"};
  const double silent_s = to_seconds(now - pod.last_heartbeat);
  if (silent_s > static_cast<double>(spec.pods.heartbeat_timeout_ms) / 1000.0) {
    return {PodStatus::kDown, fmt::format("no heartbeat for {:.1f} s", silent_s)};
  }
  const double threshold_ms = static_cast<double>(spec.slo.latency_threshold_ms);
  if (recent.p95_s && *recent.p95_s * 1000.0 > threshold_ms) {
    return {PodStatus::kDegraded, fmt::format("p95 {:.0f} ms is over the {:.0f} ms target",
                                              *recent.p95_s * 1000.0, threshold_ms)};
  }
  if (recent.error_ratio && *recent.error_ratio > spec.status.degraded_error_ratio) {
    return {PodStatus::kDegraded,
            fmt::format("error ratio {:.3f} is over {:.3f}", *recent.error_ratio,
                        spec.status.degraded_error_ratio)};
  }
  if (recent.requests == 0) return {PodStatus::kHealthy, "no recent requests"};
  return {PodStatus::kHealthy, "within targets"};
}

}  // namespace hb::core
