// What a lab is made of: services, their traffic and latency, pod lifecycle timings, status
// thresholds and SLO targets. Plain values; the config file loader fills them, validate() checks
// every rule and names the field that breaks it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/real_service.h"
#include "core/result.h"
#include "core/time.h"
#include "core/workload_spec.h"

namespace hb::core {

// Per-service SLO targets; what is left out comes from the lab's `slo`.
struct SloOverrides {
  std::optional<double> availability_target;
  std::optional<std::int64_t> latency_threshold_ms;
  std::optional<double> latency_target;
};

struct ServiceSpec {
  std::string name;
  int replicas = 3;
  double rate_rps = 60.0;                 // traffic entering the lab at this service, requests/s
  double latency_median_ms = 50.0;        // the service's own work, log-normal
  double latency_sigma = 0.25;            // shape of the log-normal
  std::int64_t timeout_ms = 3000;         // how long it waits for each downstream call
  std::vector<std::string> dependencies;  // called in order on every request
  SloOverrides slo;
  WorkloadSpec workload;  // capacity, probes, rollouts and autoscaling: off unless configured
  // Set for a real service: its traffic is forwarded to its endpoints, not simulated; its
  // replicas are its endpoints and its rate_rps is 0.
  std::optional<RealServiceSpec> real;
};

struct PodLifecycleSpec {
  std::int64_t startup_ms = 1000;          // restart to ready
  std::int64_t readiness_delay_ms = 3000;  // a dead pod stays in the endpoints this long
  std::int64_t heartbeat_interval_ms = 1000;
  std::int64_t heartbeat_timeout_ms = 5000;  // older heartbeat: Down
};

struct StatusSpec {
  std::int64_t window_ms = 2000;       // the recent window pod and service figures cover
  double degraded_error_ratio = 0.05;  // recent error ratio above this: Degraded
};

struct SloSpec {
  double availability_target = 0.995;
  std::int64_t latency_threshold_ms = 200;  // "p95 under 200 ms" is
  double latency_target = 0.95;             // "95 % of requests within 200 ms"
  Duration window = std::chrono::hours(24 * 30);
};

struct LabSpec {
  std::vector<ServiceSpec> services;
  std::int64_t client_timeout_ms = 5000;  // how long the lab's clients wait for an answer
  PodLifecycleSpec pods;
  StatusSpec status;
  SloSpec slo;
};

// The SLO of service `index`: its overrides over the lab's targets, the lab's window.
SloSpec service_slo(const LabSpec& spec, std::size_t index);

// A lab is all real or all simulated; true when its services are real.
bool is_real(const LabSpec& spec);

// The default lab: ui-proxy -> planner-sim -> sensor-sim, three pods each.
LabSpec default_lab_spec();

// Checks every rule; the first broken one comes back with its field path, e.g.
// "services[1].replicas: must be an integer from 1 to 1000".
Status validate(const LabSpec& spec);

// Limits that validate() enforces, shared with the docs and the config loader.
inline constexpr int kMaxReplicas = static_cast<int>(rules::kReplicas.max);
inline constexpr std::size_t kMaxServices = 1000;
inline constexpr std::int64_t kMaxPods = 100000;  // over all services
inline constexpr double kMaxRateRps = 10000.0;

}  // namespace hb::core
