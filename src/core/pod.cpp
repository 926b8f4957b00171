#include "core/pod.h"

#include <fmt/format.h>

#include <cmath>

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
      recent(millis(spec.status.window_ms), 8, now,
             static_cast<double>(service_slo(spec, service_index).latency_threshold_ms)),
      created_at(now) {}

TimePoint heartbeat_at(const Pod& pod, TimePoint now, const LabSpec& spec) {
  if (pod.phase != PodPhase::kRunning) return pod.last_heartbeat;
  const Duration interval = millis(spec.pods.heartbeat_interval_ms);
  return pod.phase_since + ((now - pod.phase_since) / interval) * interval;
}

std::optional<std::string> degraded_reason(const WindowSummary& recent, const InFlight& in_flight,
                                           std::int64_t latency_threshold_ms,
                                           double degraded_error_ratio) {
  const double threshold_ms = static_cast<double>(latency_threshold_ms);
  if (in_flight.oldest_age && to_millis(*in_flight.oldest_age) > threshold_ms) {
    return fmt::format("a request in flight for {:.1f} s, over the {:.0f} ms target",
                       to_seconds(*in_flight.oldest_age), threshold_ms);
  }
  if (recent.p95_s && *recent.p95_s * 1000.0 > threshold_ms) {
    return fmt::format("p95 {:.0f} ms is over the {:.0f} ms target", *recent.p95_s * 1000.0,
                       threshold_ms);
  }
  if (recent.error_ratio && *recent.error_ratio > degraded_error_ratio) {
    return fmt::format("error ratio {:.3f} is over {:.3f}", *recent.error_ratio,
                       degraded_error_ratio);
  }
  return std::nullopt;
}

bool is_degraded(const WindowCounts& recent, const InFlight& in_flight,
                 std::int64_t latency_threshold_ms, double degraded_error_ratio) {
  const double threshold_ms = static_cast<double>(latency_threshold_ms);
  if (in_flight.oldest_age && to_millis(*in_flight.oldest_age) > threshold_ms) return true;
  if (recent.p95_over_limit()) return true;
  return recent.requests > 0 &&
         static_cast<double>(recent.errors) / static_cast<double>(recent.requests) >
             degraded_error_ratio;
}

PodStatus status_of(const Pod& pod, const InFlight& in_flight, TimePoint now, const LabSpec& spec,
                    std::int64_t latency_threshold_ms) {
  if (pod.phase != PodPhase::kRunning || !pod.in_endpoints) return PodStatus::kDown;
  const double silent_s = to_seconds(now - heartbeat_at(pod, now, spec));
  if (silent_s > static_cast<double>(spec.pods.heartbeat_timeout_ms) / 1000.0) {
    return PodStatus::kDown;
  }
  return is_degraded(pod.recent.counts(now), in_flight, latency_threshold_ms,
                     spec.status.degraded_error_ratio)
             ? PodStatus::kDegraded
             : PodStatus::kHealthy;
}

PodHealth assess(const Pod& pod, const WindowSummary& recent, const InFlight& in_flight,
                 TimePoint now, const LabSpec& spec) {
  if (pod.phase == PodPhase::kTerminated) {
    if (pod.removed || pod.terminating) return {PodStatus::kDown, "terminated"};
    if (pod.restart_at && !pod.fault.kill) {
      return {PodStatus::kDown, pod.container_reason == "CrashLoopBackOff"
                                    ? fmt::format("crashed; back-off, restarting in {:.0f} s",
                                                  std::ceil(to_seconds(*pod.restart_at - now)))
                                    : std::string("crashed; restarting")};
    }
    return {PodStatus::kDown, "killed"};
  }
  if (pod.phase == PodPhase::kStarting) return {PodStatus::kDown, "starting"};
  if (!pod.in_endpoints) {
    return {PodStatus::kDown, pod.terminating ? "terminating: out of the endpoints"
                              : !pod.started  ? "starting: startup probe not passed yet"
                                             : "not ready: out of the endpoints (readiness probe)"};
  }
  const double silent_s = to_seconds(now - heartbeat_at(pod, now, spec));
  if (silent_s > static_cast<double>(spec.pods.heartbeat_timeout_ms) / 1000.0) {
    return {PodStatus::kDown, fmt::format("no heartbeat for {:.1f} s", silent_s)};
  }
  const SloSpec slo = service_slo(spec, pod.service);
  if (auto reason = degraded_reason(recent, in_flight, slo.latency_threshold_ms,
                                    spec.status.degraded_error_ratio)) {
    return {PodStatus::kDegraded, std::move(*reason)};
  }
  if (recent.requests == 0) {
    return {PodStatus::kHealthy, in_flight.count > 0 ? "requests in flight, none completed recently"
                                                     : "no recent requests"};
  }
  return {PodStatus::kHealthy, "within targets"};
}

}  // namespace hb::core
