// The Cluster's fault commands: faults on a pod or across a service, timed faults, dependency
// cuts, clearing and reset. The traffic and lifecycle live in cluster.cpp.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>

#include "core/cluster.h"

namespace hb::core {
namespace {

std::vector<std::string_view> names_of(const std::vector<ServiceSpec>& services,
                                       const std::vector<std::size_t>& indices) {
  std::vector<std::string_view> names;
  for (const std::size_t index : indices) names.push_back(services[index].name);
  return names;
}

}  // namespace

std::optional<std::size_t> Cluster::find_service(std::string_view name) const {
  for (std::size_t s = 0; s < spec_.services.size(); ++s) {
    if (spec_.services[s].name == name) return s;
  }
  return std::nullopt;
}

Result<std::size_t> Cluster::service_field(std::string_view field, std::string_view name) const {
  if (const auto index = find_service(name)) return *index;
  std::vector<std::string_view> all;
  for (const ServiceSpec& service : spec_.services) all.push_back(service.name);
  return invalid(std::string(field), fmt::format("no service is named '{}'; the services are {}",
                                                 name, fmt::join(all, ", ")));
}

Error Cluster::not_for_real(std::string_view call) const {
  return conflict(fmt::format(
      "{} is for simulated labs; this lab's pods are real endpoints, whose processes, replicas "
      "and releases are not healthboard's: faults (delay_ms, jitter_ms, error_rate, kill, "
      "duration_s) and /reset act on them",
      call));
}

Status Cluster::validate_for_lab(const FaultPatch& patch) const {
  if (auto status = validate(patch); !status) return status;
  if (real_ && (patch.crash || patch.crash_loop)) {
    return invalid(patch.crash ? "crash" : "crash_loop",
                   "is for simulated pods; a real endpoint's container is its own (kill makes it "
                   "refuse connections)");
  }
  return Done{};
}

Result<Cluster::FaultChange> Cluster::apply_fault(std::string_view pod_id, const FaultPatch& patch,
                                                  TimePoint now) {
  advance_to(now);
  if (auto status = validate_for_lab(patch); !status) return status.error();
  Pod* pod = find(pod_id);
  if (pod == nullptr) return not_found("Pod not found");
  const bool changed = set_fault(*pod, patch);
  settle(index_of(*pod));
  observe_statuses();
  return FaultChange{pod, changed};
}

Result<std::vector<Cluster::FaultChange>> Cluster::apply_service_fault(std::string_view service,
                                                                       const PodSelector& selector,
                                                                       const FaultPatch& patch,
                                                                       TimePoint now) {
  advance_to(now);
  if (auto status = validate_for_lab(patch); !status) return status.error();
  if (patch.empty()) {
    return invalid("body",
                   "sets no fault; give at least one of delay_ms, jitter_ms, error_rate, "
                   "kill, crash_loop or crash");
  }
  const auto index = find_service(service);
  if (!index) return not_found("Service not found");
  std::vector<std::size_t> candidates = services_[*index].pods;
  const auto count = pods_to_pick(selector, candidates.size(), service);
  if (!count) return count.error();
  // A partial Fisher-Yates shuffle: the first `count` candidates become a uniform random pick.
  for (std::size_t i = 0; i < count.value(); ++i) {
    const std::size_t left = candidates.size() - i;
    const auto j =
        i +
        std::min(left - 1, static_cast<std::size_t>(picks_.uniform() * static_cast<double>(left)));
    std::swap(candidates[i], candidates[j]);
  }
  candidates.resize(count.value());
  std::sort(candidates.begin(), candidates.end());
  std::vector<FaultChange> hit;
  for (const std::size_t pod : candidates) {
    const bool changed = set_fault(pods_[pod], patch);
    settle(pod);
    hit.push_back({&pods_[pod], changed});
  }
  observe_statuses();
  return hit;
}

Result<const Pod*> Cluster::clear_faults(std::string_view pod_id, TimePoint now) {
  advance_to(now);
  Pod* pod = find(pod_id);
  if (pod == nullptr) return not_found("Pod not found");
  if (pod->fault.active() || !pod->timed_faults.empty()) {
    const std::string before = describe(pod->fault);
    pod->base_fault = FaultSpec{};
    pod->timed_faults.clear();
    enforce_faults(*pod);
    events_.add({.at = now_,
                 .kind = EventKind::kFaultCleared,
                 .target = pod->id,
                 .service = spec_.services[pod->service].name,
                 .message = fmt::format("faults on {} cleared (were {})", pod->id, before)});
  }
  settle(index_of(*pod));
  observe_statuses();
  return pod;
}

Result<PartitionReport> Cluster::partition(std::string_view from, std::string_view to,
                                           std::optional<double> duration_s, TimePoint now) {
  advance_to(now);
  if (real_) return not_for_real("a partition");
  const auto caller = service_field("from", from);
  if (!caller) return caller.error();
  const auto callee = service_field("to", to);
  if (!callee) return callee.error();
  const auto& dependencies = services_[caller.value()].dependencies;
  if (std::find(dependencies.begin(), dependencies.end(), callee.value()) == dependencies.end()) {
    return invalid("to",
                   dependencies.empty()
                       ? fmt::format("{} calls no other service, so there is nothing to cut", from)
                       : fmt::format("{} does not call {}; it calls {}", from, to,
                                     fmt::join(names_of(spec_.services, dependencies), ", ")));
  }
  if (duration_s) {
    if (auto status = validate_duration(*duration_s); !status) return status.error();
  }
  Partition cut{caller.value(), callee.value(), now_, std::nullopt};
  if (duration_s) cut.until = now_ + from_seconds(*duration_s);
  partitions_armed_ = TimePoint::max();  // a replaced end may come later: arm afresh
  const auto same = [&](const Partition& p) { return p.from == cut.from && p.to == cut.to; };
  if (const auto it = std::find_if(partitions_.begin(), partitions_.end(), same);
      it != partitions_.end()) {
    cut.since = it->since;  // cut already; only its end changes
    *it = cut;
  } else {
    partitions_.push_back(cut);
  }
  arm_partitions();
  events_.add({.at = now_,
               .kind = EventKind::kPartition,
               .level = EventLevel::kWarning,
               .target = partition_name(cut),
               .service = std::string(from),
               .message = fmt::format("partition {}: calls fail{}", partition_name(cut),
                                      duration_s ? fmt::format(" for {} s", *duration_s) : "")});
  observe_statuses();
  return PartitionReport{std::string(from), std::string(to), cut.since, cut.until};
}

Status Cluster::heal(std::string_view from, std::string_view to, TimePoint now) {
  advance_to(now);
  if (real_) return not_for_real("healing a partition");
  const auto it = std::find_if(partitions_.begin(), partitions_.end(), [&](const Partition& p) {
    return spec_.services[p.from].name == from && spec_.services[p.to].name == to;
  });
  if (it == partitions_.end()) return not_found("Partition not found");
  events_.add({.at = now_,
               .kind = EventKind::kPartition,
               .target = partition_name(*it),
               .service = std::string(from),
               .message = fmt::format("partition {} healed", partition_name(*it))});
  partitions_.erase(it);
  observe_statuses();
  return Done{};
}

Cluster::ResetSummary Cluster::reset(TimePoint now) {
  advance_to(now);
  ResetSummary summary;
  for (Pod& pod : pods_) {
    if (!pod.fault.active() && pod.timed_faults.empty()) continue;
    summary.pods.push_back(pod.id);
    pod.base_fault = FaultSpec{};
    pod.timed_faults.clear();
    enforce_faults(pod);
  }
  std::vector<std::string> healed;
  for (const Partition& partition : partitions_) healed.push_back(partition_name(partition));
  summary.partitions = partitions_.size();
  partitions_.clear();
  if (!summary.pods.empty() || summary.partitions > 0) {
    events_.add(
        {.at = now_,
         .kind = EventKind::kFaultCleared,
         .target = "lab",
         .service = "",
         .message = fmt::format(
             "reset: faults cleared on {}; partitions healed: {}",
             summary.pods.empty() ? "no pod" : fmt::format("{}", fmt::join(summary.pods, ", ")),
             healed.empty() ? "none" : fmt::format("{}", fmt::join(healed, ", ")))});
  }
  for (std::size_t pod = 0; pod < pods_.size(); ++pod) settle(pod);
  observe_statuses();
  return summary;
}

bool Cluster::set_fault(Pod& pod, const FaultPatch& patch) {
  const FaultSpec base_before = pod.base_fault;
  const std::vector<TimedFault> timed_before = pod.timed_faults;
  FaultPatch sets = patch;
  sets.duration_s.reset();
  sets.crash.reset();  // one-shot: acted on below, never kept
  if (patch.duration_s) {
    // A timed setting that shows nothing, now or when it ends, is not kept: each field it sets
    // already has that value in force and for good.
    const bool invisible =
        apply(pod.fault, sets) == pod.fault && apply(pod.base_fault, sets) == pod.base_fault;
    if (!invisible) pod.timed_faults.push_back({now_ + from_seconds(*patch.duration_s), sets});
  } else {
    pod.base_fault = apply(pod.base_fault, sets);
    for (TimedFault& timed : pod.timed_faults) timed.sets = without(timed.sets, sets);
    std::erase_if(pod.timed_faults, [](const TimedFault& timed) { return timed.sets.empty(); });
  }
  const bool crashes = patch.crash && pod.phase != PodPhase::kTerminated;
  if (pod.base_fault == base_before && pod.timed_faults == timed_before && !crashes) return false;
  enforce_faults(pod);
  if (crashes && pod.phase != PodPhase::kTerminated) crash(pod, "crash fault");
  events_.add({.at = now_,
               .kind = EventKind::kFault,
               .target = pod.id,
               .service = spec_.services[pod.service].name,
               .message = fmt::format("fault on {}: {}", pod.id, describe(patch))});
  return true;
}

void Cluster::enforce_faults(Pod& pod) {
  const bool was_killed = pod.fault.kill;
  const bool was_looping = pod.fault.crash_loop;
  pod.fault = in_force(pod.base_fault, pod.timed_faults);
  if (!was_killed && pod.fault.kill) kill_pod(pod, now_);
  if (was_killed && !pod.fault.kill) {
    if (real_) {
      reopen_endpoint(pod);  // it takes connections again; its health check decides readiness
    } else {
      start_pod(pod, now_);  // the process is started again
    }
  }
  // A crash loop begins with a crash; once cleared, the next start simply stays up.
  if (!was_looping && pod.fault.crash_loop && pod.phase != PodPhase::kTerminated) {
    crash(pod, "crash_loop");
  }
}

void Cluster::reopen_endpoint(Pod& pod) {
  // Without a health check it is ready as soon as it takes connections, as a pod without a
  // readiness probe is once running; with one, the check decides.
  if (!probes_of(pod).readiness) pod.in_endpoints = true;
  pod.phase = PodPhase::kRunning;
  pod.phase_since = pod.last_heartbeat = now_;
  ++pod.generation;
  pod.in_flight.clear();  // what it was handed while killed was answered 503 by the proxy
  pod.recent.reset(now_);
  pod.last_latency.reset();
  pod.container_reason.clear();
}

void Cluster::expire_faults(Pod& pod) {
  while (true) {  // one at a time, soonest first, with an event each
    const auto soonest = std::min_element(
        pod.timed_faults.begin(), pod.timed_faults.end(),
        [](const TimedFault& a, const TimedFault& b) { return a.until < b.until; });
    if (soonest == pod.timed_faults.end() || soonest->until > now_) break;
    const FaultPatch ended = soonest->sets;
    const FaultSpec before = pod.fault;
    pod.timed_faults.erase(soonest);
    enforce_faults(pod);
    const FaultPatch changed = difference(before, pod.fault);
    events_.add(
        {.at = now_,
         .kind = EventKind::kFaultExpired,
         .target = pod.id,
         .service = spec_.services[pod.service].name,
         .message = fmt::format(
             "fault on {} ended with its duration: {} (in force now: {})", pod.id, describe(ended),
             changed.empty() ? "unchanged, a newer setting holds" : describe(changed))});
  }
}

void Cluster::expire_partitions() {
  std::erase_if(partitions_, [&](const Partition& partition) {
    if (!partition.until || *partition.until > now_) return false;
    events_.add({.at = now_,
                 .kind = EventKind::kPartition,
                 .target = partition_name(partition),
                 .service = spec_.services[partition.from].name,
                 .message = fmt::format("partition {} healed with its duration",
                                        partition_name(partition))});
    return true;
  });
}

bool Cluster::partitioned(std::size_t from, std::size_t to) const {
  return std::any_of(partitions_.begin(), partitions_.end(), [&](const Partition& partition) {
    return partition.from == from && partition.to == to;
  });
}

std::string Cluster::partition_name(const Partition& partition) const {
  return spec_.services[partition.from].name + " -> " + spec_.services[partition.to].name;
}

std::vector<PartitionReport> Cluster::partition_reports() const {
  std::vector<PartitionReport> reports;
  for (const Partition& partition : partitions_) {
    reports.push_back({spec_.services[partition.from].name, spec_.services[partition.to].name,
                       partition.since, partition.until});
  }
  return reports;
}

}  // namespace hb::core
