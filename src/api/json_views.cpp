#include "api/json_views.h"

#include <cmath>

namespace hb::api {
namespace {

// Milliseconds to the microsecond, or null when there is no data.
nlohmann::json millis(const std::optional<double>& seconds) {
  if (!seconds) return nullptr;
  return std::round(*seconds * 1e6) / 1e3;
}

nlohmann::json number(const std::optional<double>& value) {
  if (!value) return nullptr;
  return *value;
}

void add_recent(nlohmann::json& out, const core::WindowSummary& recent) {
  out["latency_p50_ms"] = millis(recent.p50_s);
  out["latency_p95_ms"] = millis(recent.p95_s);
  out["latency_p99_ms"] = millis(recent.p99_s);
  out["error_ratio"] = number(recent.error_ratio);
  out["request_rate"] = std::round(recent.request_rate * 1000.0) / 1000.0;
}

}  // namespace

nlohmann::json pod_json(const core::PodReport& pod, const lab::Snapshot& snapshot) {
  nlohmann::json out = {
      {"id", pod.id},
      {"service", pod.service},
      {"status", core::to_string(pod.status)},
      {"last_heartbeat", snapshot.unix_seconds(pod.last_heartbeat)},
      {"restarts", pod.restarts},
      {"latency_ms", millis(pod.recent.p50_s)},
      {"error_rate", pod.fault.error_rate},
      {"delay_ms", pod.fault.delay_ms},
      {"killed", pod.fault.kill},
      {"phase", core::to_string(pod.phase)},
      {"ready", pod.ready},
      {"reason", pod.reason},
  };
  add_recent(out, pod.recent);
  return out;
}

nlohmann::json service_json(const core::ServiceReport& service) {
  nlohmann::json out = {
      {"name", service.name},
      {"status", core::to_string(service.status)},
      {"pods_ready", service.pods_ready},
      {"pods_total", service.pods_total},
      {"dependencies", service.dependencies},
  };
  add_recent(out, service.recent);
  return out;
}

nlohmann::json slo_json(const lab::Snapshot& snapshot) {
  const core::SloSpec& spec = snapshot.report.slo_spec;
  const core::SloReport& slo = snapshot.report.slo;
  const auto window_s = std::chrono::duration_cast<std::chrono::seconds>(spec.window).count();
  nlohmann::json indicator = nullptr;
  if (slo.indicator) indicator = core::to_string(*slo.indicator);
  return {
      // The original four fields.
      {"latency_p95_target_ms", spec.latency_threshold_ms},
      {"availability_target", spec.availability_target},
      {"burn_rate_5m", number(slo.burn_rate_5m)},
      {"budget_remaining", number(slo.budget_remaining)},
      // Measured detail beside them.
      {"indicator", indicator},
      {"scope", "requests sent by the lab's clients, at every service they enter"},
      {"window", window_s % 86400 == 0 ? std::to_string(window_s / 86400) + "d"
                                       : std::to_string(window_s) + "s"},
      {"window_seconds", window_s},
      {"latency_target", spec.latency_target},
      {"error_ratio_5m", number(slo.error_ratio_5m)},
      {"requests_5m", slo.requests_5m},
      {"latency_p95_ms", millis(slo.latency_p95_s)},
      {"latency_sli_5m", number(slo.latency_sli_5m)},
      {"availability", number(slo.availability)},
      {"requests_window", slo.requests_window},
      {"budget_consumed", number(slo.budget_consumed)},
      {"timestamp", snapshot.timestamp()},
  };
}

}  // namespace hb::api
