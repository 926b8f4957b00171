// How a service runs as a Kubernetes workload: its pods' capacity, their probes, how its
// Deployment rolls out and scales, and the autoscaler that may own its replicas. Every default
// is Kubernetes' own (docs/kubernetes.md), and every part is off unless configured, so a lab
// that names none of it behaves as the original did.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/field_rules.h"
#include "core/result.h"

namespace hb::core {

// One probe, with Kubernetes' field defaults (Configure Liveness, Readiness and Startup Probes).
struct ProbeSpec {
  double initial_delay_s = 0.0;
  double period_s = 10.0;
  double timeout_s = 1.0;
  int success_threshold = 1;  // must be 1 for liveness and startup probes
  int failure_threshold = 3;
  bool operator==(const ProbeSpec&) const = default;
};

enum class ProbeKind { kStartup, kReadiness, kLiveness };
inline constexpr int kProbeKinds = 3;
std::string_view to_string(ProbeKind kind);  // "Startup", "Readiness", "Liveness"

struct ProbesSpec {
  std::optional<ProbeSpec> startup;
  std::optional<ProbeSpec> readiness;
  std::optional<ProbeSpec> liveness;
  const std::optional<ProbeSpec>& of(ProbeKind kind) const;
  bool any() const { return startup || readiness || liveness; }
};

// An IntOrString of a rolling update: a number of pods, or a percentage of the replicas.
struct IntOrPercent {
  int value = 25;
  bool percent = true;
  bool operator==(const IntOrPercent&) const = default;
};

// A Deployment's RollingUpdate strategy and its progress deadline.
struct RolloutSpec {
  IntOrPercent max_surge;        // 25 %, rounded up
  IntOrPercent max_unavailable;  // 25 %, rounded down
  double progress_deadline_s = 600.0;
};
// The surge and unavailability allowed for `replicas`, as the Deployment controller rounds them:
// surge up, unavailable down, and unavailable 1 when both would be 0.
struct RolloutBudget {
  int surge;
  int unavailable;
};
RolloutBudget rollout_budget(const RolloutSpec& spec, int replicas);

// A HorizontalPodAutoscaler on the pods' utilisation (busy workers / concurrency).
struct AutoscaleSpec {
  int min_replicas = 1;
  int max_replicas = 10;
  double target_utilization = 0.8;
};

// The workload parts of a service.
struct WorkloadSpec {
  std::optional<int> concurrency;  // requests a pod serves at once; none: no limit
  int queue_length = 100;          // requests a pod holds waiting for a worker, when limited
  ProbesSpec probes;
  double termination_grace_period_s = 30.0;
  RolloutSpec rollout;
  std::optional<AutoscaleSpec> autoscale;
  std::string version = "v1";  // the name of the release the lab starts with
};

inline constexpr int kMaxConcurrency = static_cast<int>(rules::kConcurrency.max);
inline constexpr int kMaxQueueLength = static_cast<int>(rules::kQueueLength.max);

// Checks every rule of `workload`, naming fields under `at` (e.g. "services[0]"); `replicas`
// is the service's, which an autoscaler's bounds must hold.
Status validate(const WorkloadSpec& workload, int replicas, const std::string& at);
// A probe's fields; `at` names it (e.g. "services[0].probes.liveness").
Status validate(const ProbeSpec& probe, ProbeKind kind, const std::string& at);
// A version name: 1 to 40 letters, digits, '.', '_' or '-'.
Status validate_version_name(const std::string& name, const std::string& field);

}  // namespace hb::core
