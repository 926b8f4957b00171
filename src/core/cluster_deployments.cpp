// The Deployment controller and the HorizontalPodAutoscaler of the Cluster: desired replicas
// kept by a reconcile loop, rolling updates within max_surge and max_unavailable, rollbacks,
// graceful termination, and scaling on utilisation, with Kubernetes' rules and numbers
// (docs/kubernetes.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/cluster.h"

namespace hb::core {
namespace {

constexpr Duration kScaleDownStabilization = std::chrono::seconds(300);
constexpr double kAutoscalerTolerance = 0.1;

}  // namespace

void Cluster::log_deployment(std::size_t service, EventKind kind, EventLevel level,
                             std::string reason, std::string message) {
  const std::string& name = spec_.services[service].name;
  events_.add({.at = now_,
               .kind = kind,
               .level = level,
               .target = name,
               .service = name,
               .message = std::move(message),
               .reason = std::move(reason)});
}

Result<Cluster::ScaleChange> Cluster::scale(std::string_view service, int replicas, TimePoint now) {
  advance_to(now);
  const auto index = find_service(service);
  if (!index) return not_found("Service not found");
  if (real_) return not_for_real("scaling");
  ServiceState& state = services_[*index];
  if (state.autoscaler) {
    return conflict(fmt::format(
        "{} is scaled by its autoscaler (min {}, max {}); change autoscale in the lab's "
        "configuration to scale it by hand",
        service, state.autoscaler->spec.min_replicas, state.autoscaler->spec.max_replicas));
  }
  if (auto status = check(rules::kReplicas, std::int64_t{replicas}); !status) {
    return status.error();
  }
  std::int64_t total = 0;
  for (std::size_t s = 0; s < services_.size(); ++s) {
    total += s == *index ? replicas : services_[s].desired;
  }
  if (total > kMaxPods) {
    return invalid("replicas",
                   fmt::format("would make {} pods in all; a lab has at most {}", total, kMaxPods));
  }
  const int previous = state.desired;
  if (previous == replicas) return ScaleChange{previous, replicas, false};
  state.desired = replicas;
  log_deployment(
      *index, EventKind::kDeployment, EventLevel::kInfo, "ScalingReplicaSet",
      fmt::format("Scaled {} replica set {}-{} from {} to {}", replicas > previous ? "up" : "down",
                  service, state.versions[state.version].name, previous, replicas));
  reconcile(*index);
  observe_statuses();
  return ScaleChange{previous, replicas, true};
}

Result<RolloutReport> Cluster::rollout(std::string_view service, const Release& release,
                                       TimePoint now) {
  advance_to(now);
  const auto index = find_service(service);
  if (!index) return not_found("Service not found");
  if (real_) return not_for_real("a rollout");
  if (auto status = validate_version_name(release.version, "version"); !status) {
    return status.error();
  }
  for (const auto& [rule, value] : {std::pair{&rules::kLatencyMedianMs, release.latency_median_ms},
                                    std::pair{&rules::kLatencySigma, release.latency_sigma},
                                    std::pair{&rules::kErrorRate, release.error_rate}}) {
    if (!value) continue;
    if (auto status = check(*rule, *value); !status) return status.error();
  }
  ServiceState& state = services_[*index];
  const ServiceSpec& spec = spec_.services[*index];
  const Version wanted{release.version, release.latency_median_ms.value_or(spec.latency_median_ms),
                       release.latency_sigma.value_or(spec.latency_sigma),
                       release.error_rate.value_or(0.0)};
  if (state.versions[state.version].name == release.version) {
    return conflict(fmt::format("{} already runs version {}; give the new release another name",
                                service, release.version));
  }
  std::optional<std::size_t> known;
  for (std::size_t v = 0; v < state.versions.size(); ++v) {
    if (state.versions[v].name == release.version) known = v;
  }
  if (known) {
    const Version& v = state.versions[*known];
    if (v.latency_median_ms != wanted.latency_median_ms ||
        v.latency_sigma != wanted.latency_sigma || v.error_rate != wanted.error_rate) {
      return conflict(fmt::format(
          "version {} of {} was released with another profile (latency_median_ms {}, "
          "latency_sigma {}, error_rate {}); give this one another name",
          release.version, service, v.latency_median_ms, v.latency_sigma, v.error_rate));
    }
  } else {
    state.versions.push_back(wanted);
    known = state.versions.size() - 1;
  }
  state.rollout.previous = state.version;
  state.version = *known;
  ++state.rollout.revision;
  state.rollout.state = RolloutState::kProgressing;
  state.rollout.reason = "ReplicaSetUpdated";
  state.rollout.message =
      fmt::format("rolling {} from {} to {}", service, state.versions[*state.rollout.previous].name,
                  release.version);
  state.rollout.started_at = state.rollout.last_progress_at = now_;
  state.rollout.updated_ready = 0;
  log_deployment(*index, EventKind::kDeployment, EventLevel::kInfo, "ScalingReplicaSet",
                 fmt::format("Rolling out {} version {} (revision {}): {}", service,
                             release.version, state.rollout.revision, state.rollout.message));
  reconcile(*index);
  observe_statuses();
  return rollout_report(*index);
}

Result<RolloutReport> Cluster::undo(std::string_view service, TimePoint now) {
  advance_to(now);
  const auto index = find_service(service);
  if (!index) return not_found("Service not found");
  if (real_) return not_for_real("undoing a rollout");
  const ServiceState& state = services_[*index];
  if (!state.rollout.previous) {
    return conflict(fmt::format("{} has no earlier version to go back to", service));
  }
  const Version& previous = state.versions[*state.rollout.previous];
  return rollout(service,
                 Release{previous.name, previous.latency_median_ms, previous.latency_sigma,
                         previous.error_rate},
                 now);
}

int Cluster::lowest_free_number(const ServiceState& state) const {
  for (std::size_t n = 0; n < state.slots.size(); ++n) {
    if (pods_[state.slots[n]].removed) return static_cast<int>(n) + 1;
  }
  return static_cast<int>(state.slots.size()) + 1;
}

std::size_t Cluster::create_pod(std::size_t s, int number) {
  ServiceState& state = services_[s];
  const ServiceSpec& spec = spec_.services[s];
  const std::size_t n = static_cast<std::size_t>(number) - 1;
  Pod fresh(spec.name + "-pod-" + std::to_string(number), s, spec_, now_);
  std::size_t index = pods_.size();
  if (n < state.slots.size()) {  // the name's slot, free since its pod was removed
    index = state.slots[n];
    const Pod& old = pods_[index];
    fresh.generation = old.generation + 1;
    fresh.incarnation = old.incarnation + 1;
    pods_[index] = std::move(fresh);
  } else {
    state.slots.push_back(index);
    pods_.push_back(std::move(fresh));
    armed_.push_back(TimePoint::max());
  }
  Pod& pod = pods_[index];
  pod.index = index;
  pod.number = number;
  pod.version = state.version;
  pod.ever_ran = false;
  pod.workers = WorkerPool(spec.workload.concurrency.value_or(0), spec.workload.queue_length);
  start_pod(pod, now_);
  ++pod.generation;  // start_pod bumped it too; either way above any earlier request's
  const auto place = std::lower_bound(
      state.pods.begin(), state.pods.end(), number,
      [this](std::size_t held, int wanted) { return pods_[held].number < wanted; });
  state.pods.insert(place, index);
  events_.add({.at = now_,
               .kind = EventKind::kContainer,
               .target = pod.id,
               .service = spec.name,
               .message = fmt::format("Successfully assigned default/{} to lab (version {})",
                                      pod.id, state.versions[pod.version].name),
               .reason = "Scheduled"});
  arm(index);
  return index;
}

void Cluster::replace_pod(Pod& pod) {
  ServiceState& state = services_[pod.service];
  const std::string old_version = state.versions[pod.version].name;
  kill_pod(pod, now_);
  pod.in_endpoints = false;
  pod.fault = pod.base_fault = FaultSpec{};
  pod.timed_faults.clear();
  pod.restarts = 0;
  pod.crashes = 0;
  pod.last_restart_at.reset();
  ++pod.incarnation;
  pod.created_at = now_;
  pod.ever_ran = false;
  pod.version = state.version;
  start_pod(pod, now_);
  events_.add({.at = now_,
               .kind = EventKind::kContainer,
               .target = pod.id,
               .service = spec_.services[pod.service].name,
               .message = fmt::format("Replaced {} in place: version {} -> {}", pod.id, old_version,
                                      state.versions[pod.version].name),
               .reason = "Scheduled"});
  arm(pod.index);
}

void Cluster::terminate_pod(Pod& pod) {
  pod.terminating = true;
  pod.in_endpoints = false;  // out of the endpoints at once; it finishes what it has
  pod.terminate_by =
      now_ + from_seconds(spec_.services[pod.service].workload.termination_grace_period_s);
  stop_probes(pod);
  pod.restart_at.reset();
  events_.add({.at = now_,
               .kind = EventKind::kContainer,
               .target = pod.id,
               .service = spec_.services[pod.service].name,
               .message = fmt::format("Stopping container {}", spec_.services[pod.service].name),
               .reason = "Killing"});
  if (pod.in_flight.count() == 0) {
    remove_pod(pod);
  } else {
    arm(pod.index);
  }
}

void Cluster::remove_pod(Pod& pod) {
  ServiceState& state = services_[pod.service];
  pod.removed = true;
  pod.terminating = false;
  pod.phase = PodPhase::kTerminated;
  pod.phase_since = now_;
  pod.in_endpoints = false;
  ++pod.generation;
  pod.in_flight.clear();
  pod.workers.clear();
  pod.restart_at.reset();
  pod.timed_faults.clear();
  pod.fault = pod.base_fault = FaultSpec{};
  stop_probes(pod);
  std::erase(state.pods, pod.index);
  if (state.next_pod >= state.pods.size()) state.next_pod = 0;
}

void Cluster::reconcile(std::size_t s) {
  ServiceState& state = services_[s];
  if (state.rollout.state != RolloutState::kComplete) {
    step_rollout(s);
    return;
  }
  int live = 0;
  for (const std::size_t index : state.pods) live += pods_[index].terminating ? 0 : 1;
  while (live < state.desired) {
    create_pod(s, lowest_free_number(state));
    ++live;
  }
  if (live <= state.desired) return;
  // The highest numbers go first; chosen before any goes, as terminate_pod may erase from
  // state.pods.
  std::vector<std::size_t> leaving;
  for (auto it = state.pods.rbegin(); it != state.pods.rend() && live > state.desired; ++it) {
    if (pods_[*it].terminating) continue;
    leaving.push_back(*it);
    --live;
  }
  for (const std::size_t index : leaving) terminate_pod(pods_[index]);
}

void Cluster::step_rollout(std::size_t s) {
  ServiceState& state = services_[s];
  const int desired = state.desired;
  const RolloutBudget budget = rollout_budget(spec_.services[s].workload.rollout, desired);
  const auto ready = [](const Pod& pod) {
    return pod.phase == PodPhase::kRunning && pod.in_endpoints && !pod.terminating;
  };
  int live = 0, available = 0, old = 0, updated_ready = 0;
  for (const std::size_t index : state.pods) {
    const Pod& pod = pods_[index];
    if (pod.terminating) continue;
    ++live;
    if (ready(pod)) ++available;
    if (pod.version != state.version) {
      ++old;
    } else if (ready(pod)) {
      ++updated_ready;
    }
  }
  if (updated_ready > state.rollout.updated_ready) {
    state.rollout.updated_ready = updated_ready;
    state.rollout.last_progress_at = now_;
  }
  // Surge: new pods beside the old ones, up to desired + max_surge; and as many as desired
  // when it grew during the rollout.
  while (live < desired + (old > 0 ? budget.surge : 0)) {
    create_pod(s, lowest_free_number(state));
    ++live;
  }
  // Old pods are replaced in place, lowest number first, while enough stay available.
  for (const std::size_t index : std::vector<std::size_t>(state.pods)) {
    Pod& pod = pods_[index];
    if (old == 0 || pod.terminating || pod.version == state.version || pod.number > desired) {
      continue;
    }
    if (available - (ready(pod) ? 1 : 0) < desired - budget.unavailable) break;
    if (ready(pod)) --available;
    replace_pod(pod);
    --old;
    state.rollout.last_progress_at = now_;
  }
  // Old pods beyond `desired` (a scale-down during the rollout) simply go.
  for (const std::size_t index : std::vector<std::size_t>(state.pods)) {
    Pod& pod = pods_[index];
    if (!pod.terminating && pod.version != state.version && pod.number > desired) {
      if (available - (ready(pod) ? 1 : 0) < desired - budget.unavailable) break;
      if (ready(pod)) --available;
      terminate_pod(pod);
      --old;
      --live;
    }
  }
  if (old > 0) return;
  // Every pod runs the new release: the surge pods go once the first `desired` are ready.
  int ready_in_place = 0;
  for (const std::size_t index : state.pods) {
    const Pod& pod = pods_[index];
    if (pod.number <= desired && ready(pod)) ++ready_in_place;
  }
  if (ready_in_place < desired) return;
  state.rollout.state = RolloutState::kComplete;
  state.rollout.reason = "NewReplicaSetAvailable";
  state.rollout.message = fmt::format("{} runs version {} on {} of {} pods", spec_.services[s].name,
                                      state.versions[state.version].name, desired, desired);
  log_deployment(
      s, EventKind::kDeployment, EventLevel::kInfo, "NewReplicaSetAvailable",
      fmt::format("Rollout of {} version {} (revision {}) complete", spec_.services[s].name,
                  state.versions[state.version].name, state.rollout.revision));
  reconcile(s);  // the surge pods go
}

void Cluster::control() {
  for (std::size_t s = 0; s < services_.size(); ++s) {
    ServiceState& state = services_[s];
    if (state.rollout.state == RolloutState::kProgressing) {
      reconcile(s);
      const double deadline_s = spec_.services[s].workload.rollout.progress_deadline_s;
      if (state.rollout.state == RolloutState::kProgressing &&
          now_ - state.rollout.last_progress_at > from_seconds(deadline_s)) {
        state.rollout.state = RolloutState::kFailed;
        state.rollout.reason = "ProgressDeadlineExceeded";
        state.rollout.message =
            fmt::format("{} version {} made no progress for {:.0f} s", spec_.services[s].name,
                        state.versions[state.version].name, deadline_s);
        log_deployment(s, EventKind::kDeployment, EventLevel::kWarning, "ProgressDeadlineExceeded",
                       state.rollout.message);
      }
    } else if (state.rollout.state == RolloutState::kFailed) {
      reconcile(s);  // it keeps trying, as the Deployment controller does
    }
    if (state.autoscaler && now_ - state.autoscaler->last_sync_at >= kAutoscalerSync) {
      sync_autoscaler(s);
    }
  }
}

void Cluster::sync_autoscaler(std::size_t s) {
  ServiceState& state = services_[s];
  Autoscaler& hpa = *state.autoscaler;
  const int concurrency = spec_.services[s].workload.concurrency.value_or(1);
  int ready = 0, live = 0;
  for (const std::size_t index : state.pods) {
    const Pod& pod = pods_[index];
    if (pod.terminating) continue;
    ++live;
    if (pod.phase == PodPhase::kRunning && pod.in_endpoints) ++ready;
  }
  // The worker time held within the window since the last sync.
  const TimePoint from = hpa.last_sync_at;
  Duration busy{};
  for (const auto& [start, end] : hpa.busy) {
    const TimePoint a = std::max(start, from), b = std::min(end, now_);
    if (a < b) busy += b - a;
  }
  std::erase_if(hpa.busy, [this](const auto& held) { return held.second <= now_; });
  const Duration window = now_ - from;
  hpa.last_sync_at = now_;
  if (ready == 0 || window <= Duration::zero()) return;  // no metrics: no decision
  const double capacity_s = static_cast<double>(concurrency) * to_seconds(window);
  const double utilization = to_seconds(busy) / (capacity_s * ready);
  hpa.utilization = utilization;
  const int current = state.desired;
  const double ratio = utilization / hpa.spec.target_utilization;
  int recommended = current;
  if (std::abs(ratio - 1.0) > kAutoscalerTolerance) {
    // Scaling up, pods not ready count as using nothing.
    const double used = ratio > 1.0 ? utilization * ready / live : utilization;
    const double scaled_ratio = used / hpa.spec.target_utilization;
    if (std::abs(scaled_ratio - 1.0) > kAutoscalerTolerance) {
      recommended = static_cast<int>(std::ceil(current * scaled_ratio));
    }
  }
  // Scale-down is stabilised: the highest recommendation of the last 300 s wins.
  hpa.recommendations.emplace_back(now_, recommended);
  while (hpa.recommendations.front().first < now_ - kScaleDownStabilization) {
    hpa.recommendations.pop_front();
  }
  int desired = recommended;
  if (recommended < current) {
    for (const auto& [at, r] : hpa.recommendations) desired = std::max(desired, r);
    desired = std::min(desired, current);
  } else {
    desired = std::min(desired, std::max(current + 4, 2 * current));  // at most that per sync
  }
  desired = std::clamp(desired, hpa.spec.min_replicas, hpa.spec.max_replicas);
  if (desired == current) return;
  state.desired = desired;
  hpa.last_scale_at = now_;
  log_deployment(s, EventKind::kAutoscaler, EventLevel::kInfo, "SuccessfulRescale",
                 fmt::format("New size: {}; reason: utilization {:.0f}% {} target {:.0f}%", desired,
                             utilization * 100.0, desired > current ? "above" : "below",
                             hpa.spec.target_utilization * 100.0));
  reconcile(s);
}

}  // namespace hb::core
