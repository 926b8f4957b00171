#include "core/kube_view.h"

namespace hb::core {

std::string_view to_string(KubePhase phase) {
  switch (phase) {
    case KubePhase::kPending:
      return "Pending";
    case KubePhase::kRunning:
      return "Running";
    case KubePhase::kSucceeded:
      return "Succeeded";
    case KubePhase::kFailed:
      return "Failed";
    case KubePhase::kUnknown:
      break;
  }
  return "Unknown";
}

std::string_view to_string(ContainerState state) {
  switch (state) {
    case ContainerState::kWaiting:
      return "waiting";
    case ContainerState::kRunning:
      return "running";
    case ContainerState::kTerminated:
      return "terminated";
  }
  return "unknown";
}

std::string_view to_string(RolloutState state) {
  switch (state) {
    case RolloutState::kComplete:
      return "complete";
    case RolloutState::kProgressing:
      return "progressing";
    case RolloutState::kFailed:
      return "failed";
  }
  return "unknown";
}

std::optional<RolloutState> rollout_state_named(std::string_view name) {
  for (const RolloutState state :
       {RolloutState::kComplete, RolloutState::kProgressing, RolloutState::kFailed}) {
    if (to_string(state) == name) return state;
  }
  return std::nullopt;
}

}  // namespace hb::core
