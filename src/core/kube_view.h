// The Kubernetes view of the lab: pod phases and container states as the kubelet reports them,
// a Deployment's rollout and a HorizontalPodAutoscaler's status. Names and values follow
// Kubernetes' own (docs/kubernetes.md says where each comes from).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace hb::core {

// A pod's phase as the API server reports it (PodStatus.phase).
enum class KubePhase { kPending, kRunning, kSucceeded, kFailed, kUnknown };
// A container's state (ContainerStatus.state): exactly one of waiting, running, terminated.
enum class ContainerState { kWaiting, kRunning, kTerminated };

std::string_view to_string(KubePhase phase);
std::string_view to_string(ContainerState state);

// A Deployment's rollout: the Progressing condition's reason and what it is rolling to.
enum class RolloutState { kComplete, kProgressing, kFailed };
std::string_view to_string(RolloutState state);
// The state to_string() names; none for any other text.
std::optional<RolloutState> rollout_state_named(std::string_view name);

struct RolloutReport {
  int revision = 1;  // 1 for the version the lab started with, +1 per rollout or undo
  RolloutState state = RolloutState::kComplete;
  // The Progressing condition's reason: NewReplicaSetAvailable, ReplicaSetUpdated,
  // ProgressDeadlineExceeded.
  std::string reason = "NewReplicaSetAvailable";
  std::string message;
  std::string version;                          // the version rolled to
  std::optional<std::string> previous_version;  // what undo goes back to
  TimePoint started_at;
  int updated = 0;  // pods of `version` (its updated replicas)
  int desired = 0;
};

struct AutoscalerReport {
  int min_replicas = 1;
  int max_replicas = 1;
  double target_utilization = 0.8;  // busy workers / concurrency, 0..1
  int current_replicas = 0;
  int desired_replicas = 0;
  std::optional<double> current_utilization;  // as of its last sync; none before the first
  std::optional<TimePoint> last_scale_at;
};

}  // namespace hb::core
