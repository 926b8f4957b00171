#include "core/cluster.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cassert>

namespace hb::core {
namespace {

// A call to a dead pod or to a service without endpoints fails this fast (connection refused).
constexpr Duration kRefusedLatency = std::chrono::milliseconds(1);
constexpr int kRecentSlots = 8;

// The seed of the generator that picks pods for service-wide faults: derived from the lab's seed
// (splitmix64's finaliser), so picks replay with the seed whatever the traffic drew.
std::uint64_t pick_seed(std::uint64_t seed) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

Cluster::Cluster(LabSpec spec, std::uint64_t seed, TimePoint start)
    : Cluster(std::move(spec), seed, start, nullptr) {}

Cluster::Cluster(LabSpec spec, std::uint64_t seed, TimePoint start, const LabCheckpoint& saved)
    : Cluster(std::move(spec), seed, start, &saved) {}

Cluster::Cluster(LabSpec spec, std::uint64_t seed, TimePoint start, const LabCheckpoint* saved)
    : spec_(std::move(spec)),
      rng_(seed),
      picks_(pick_seed(seed)),
      now_(start),
      lab_slo_("lab", spec_.slo, start),
      real_(is_real(spec_)),
      entry_(spec_.services.size(), true),
      data_since_(start) {
  assert(validate(spec_).ok());
  for (const ServiceSpec& service : spec_.services) {
    for (const std::string& dependency : service.dependencies) {
      for (std::size_t s = 0; s < spec_.services.size(); ++s) {
        if (spec_.services[s].name == dependency) entry_[s] = false;
      }
    }
  }
  const Duration status_window = millis(spec_.status.window_ms);
  for (std::size_t s = 0; s < spec_.services.size(); ++s) {
    const ServiceSpec& service = spec_.services[s];
    const std::int64_t threshold_ms = service_slo(spec_, s).latency_threshold_ms;
    ServiceState state{.latency_threshold_ms = threshold_ms,
                       .recent = RecentWindow(status_window, kRecentSlots, start,
                                              static_cast<double>(threshold_ms))};
    // A resumed lab's Deployments have the replicas they had, and its pods their numbers.
    const ServiceCheckpoint* kept = saved ? find_kept(*saved, service.name) : nullptr;
    const int replicas = kept ? kept->desired : service.replicas;
    std::vector<bool> live(static_cast<std::size_t>(replicas), true);  // by number - 1
    if (kept && !kept->pods.empty()) {
      live.assign(static_cast<std::size_t>(std::max_element(kept->pods.begin(), kept->pods.end(),
                                                            [](const auto& a, const auto& b) {
                                                              return a.number < b.number;
                                                            })
                                               ->number),
                  false);
      for (const PodSlot& slot : kept->pods) live[static_cast<std::size_t>(slot.number - 1)] = true;
    }
    state.desired = replicas;
    state.versions.push_back(
        {service.workload.version, service.latency_median_ms, service.latency_sigma, 0.0});
    state.rollout.started_at = state.rollout.last_progress_at = start;
    if (service.workload.autoscale) {
      state.autoscaler = Autoscaler{.spec = *service.workload.autoscale, .last_sync_at = start};
      // As the HPA controller records the replicas it finds: no scale-down in its first 300 s.
      state.autoscaler->recommendations.emplace_back(start, replicas);
    }
    for (int n = 1; n <= static_cast<int>(live.size()); ++n) {
      state.slots.push_back(pods_.size());
      Pod& pod = pods_.emplace_back(service.name + "-pod-" + std::to_string(n), s, spec_, start);
      pod.index = pods_.size() - 1;
      pod.number = n;
      if (!live[static_cast<std::size_t>(n - 1)]) {  // a free number: its slot waits for reuse
        pod.removed = true;
        pod.in_endpoints = false;
        pod.phase = PodPhase::kTerminated;
        continue;
      }
      state.pods.push_back(pod.index);
      pod.workers =
          WorkerPool(service.workload.concurrency.value_or(0), service.workload.queue_length);
      // The lab's first pods run from its start, so their probes begin then.
      pod.started = !service.workload.probes.startup;
      pod.in_endpoints = pod.started && !service.workload.probes.readiness;
    }
    services_.push_back(std::move(state));
  }
  for (std::size_t s = 0; s < spec_.services.size(); ++s) {
    for (const std::string& dependency : spec_.services[s].dependencies) {
      const auto it =
          std::find_if(spec_.services.begin(), spec_.services.end(),
                       [&](const ServiceSpec& other) { return other.name == dependency; });
      services_[s].dependencies.push_back(static_cast<std::size_t>(it - spec_.services.begin()));
    }
    if (const TimePoint first = next_arrival_after(s, start); first != TimePoint::max()) {
      queue_.push(first, DueKind::kArrival, s, s);
    }
  }
  armed_.assign(pods_.size(), TimePoint::max());
  metrics_.lab_durations = DurationHistogram(to_seconds(millis(spec_.slo.latency_threshold_ms)));
  for (std::size_t s = 0; s < spec_.services.size(); ++s) {
    const SloSpec slo = service_slo(spec_, s);
    metrics_.durations.emplace_back(to_seconds(millis(slo.latency_threshold_ms)));
    service_slos_.emplace_back(spec_.services[s].name, slo, start);
  }
  queue_.push(TimePoint{(start.time_since_epoch() / History::kStep + 1) * History::kStep},
              DueKind::kSample, 0, 0);
  queue_.push(TimePoint{(start.time_since_epoch() / kStatusStep + 1) * kStatusStep},
              DueKind::kEvaluate, 0, 0);
  queue_.push(TimePoint{(start.time_since_epoch() / kControlStep + 1) * kControlStep},
              DueKind::kControl, 0, 0);
  for (Pod& pod : pods_) {
    // A real endpoint's readiness probe is the proxy's health check, outside the core.
    if (!pod.removed && probes_of(pod).any() && !real_) {
      pod.phase_since = start;
      arm_probes(pod);
      arm(pod.index);
    }
  }
  observe_statuses();  // the statuses every change is measured from
  evaluate_slos();
  if (saved) resume(*saved);
}

TimePoint Cluster::next_arrival_after(std::size_t service, TimePoint at) {
  const double rate = spec_.services[service].rate_rps;
  if (rate <= 0.0) return TimePoint::max();
  const double gap_s = rng_.exponential(1.0 / rate);
  // A gap past the end of representable time (a rate of 1e-300 per second) means no request
  // ever arrives, exactly; it is not clamped to the latest time.
  if (!(gap_s < to_seconds(TimePoint::max() - at))) return TimePoint::max();
  return at + std::max(Duration{1}, from_seconds(gap_s));
}

void Cluster::advance_to(TimePoint now) {
  for (EventQueue::Entry entry{}; queue_.pop_due(now, entry);) {
    now_ = std::max(now_, entry.at);
    fire(entry);
  }
  now_ = std::max(now_, now);
}

void Cluster::fire(const EventQueue::Entry& entry) {
  switch (entry.kind()) {
    case DueKind::kLifecycle:
      if (entry.payload == pods_.size()) {
        if (entry.at != partitions_armed_) return;  // superseded by an earlier timer
        partitions_armed_ = TimePoint::max();
        expire_partitions();
        arm_partitions();
      } else {
        if (entry.at != armed_[entry.payload]) return;  // superseded
        armed_[entry.payload] = TimePoint::max();
        settle(entry.payload);
      }
      return;
    case DueKind::kCompletion: {
      group_at_ = TimePoint::min();  // due now: nothing joins it any more
      // record() queues nothing: anything it queued at this instant would otherwise have come
      // out between two of the group's completions.
      [[maybe_unused]] const std::size_t queued = queue_.size();
      // Nor does it schedule a completion, so `completion` stays where it is.
      for (auto slot = static_cast<std::uint32_t>(entry.payload); slot != Completion::kNone;) {
        Completion& completion = completions_[slot];
        record(entry.at, completion);
        const std::uint32_t next = completion.next;
        completion.next = free_completion_;  // free again
        free_completion_ = slot;
        slot = next;
      }
      assert(queue_.size() == queued);
      return;
    }
    case DueKind::kSample:
      take_sample();
      queue_.push(entry.at + History::kStep, DueKind::kSample, 0, 0);
      return;
    case DueKind::kArrival:
      arrive(entry.payload, entry.at);
      return;
    case DueKind::kEvaluate:
      evaluate();
      queue_.push(entry.at + kStatusStep, DueKind::kEvaluate, 0, 0);
      return;
    case DueKind::kControl:
      control();
      queue_.push(entry.at + kControlStep, DueKind::kControl, 0, 0);
      return;
  }
}

std::optional<TimePoint> Cluster::next_due(const Pod& pod) const {
  std::optional<TimePoint> next;
  const auto consider = [&next](TimePoint at) {
    if (!next || at < *next) next = at;
  };
  if (pod.removed) return next;
  for (const TimedFault& fault : pod.timed_faults) consider(fault.until);
  if (pod.phase == PodPhase::kStarting) consider(pod.phase_since + millis(spec_.pods.startup_ms));
  if (pod.phase == PodPhase::kTerminated && pod.in_endpoints && !checked_endpoint(pod)) {
    consider(pod.phase_since + millis(spec_.pods.readiness_delay_ms));
  }
  if (pod.restart_at && !pod.fault.kill) consider(*pod.restart_at);
  for (const Pod::Probe& probe : pod.probes) {
    if (probe.result_at) consider(*probe.result_at);
    if (probe.next_at) consider(*probe.next_at);
  }
  if (pod.terminating) consider(pod.terminate_by);
  return next;
}

std::optional<TimePoint> Cluster::next_lifecycle_instant() const {
  std::optional<TimePoint> next;
  const auto consider = [&next](std::optional<TimePoint> at) {
    if (at && (!next || *at < *next)) next = at;
  };
  for (const Pod& pod : pods_) consider(next_due(pod));
  for (const Partition& partition : partitions_) consider(partition.until);
  return next;
}

void Cluster::settle(std::size_t index) {
  Pod& pod = pods_[index];
  if (pod.removed) return;
  expire_faults(pod);
  // A change may make another due at the same instant (a crash loop's immediate first restart).
  while (settle_once(pod)) {
  }
  arm(index);
  // A pod's change moves a rollout on (a new pod ready); a steady Deployment's count changes
  // only by scale(), the autoscaler or a removal, which reconcile themselves.
  if (services_[pod.service].rollout.state != RolloutState::kComplete) reconcile(pod.service);
}

void Cluster::arm(std::size_t index) {
  const std::optional<TimePoint> due = next_due(pods_[index]);
  if (!due || *due >= armed_[index]) return;  // the queued timer comes first, or nothing is due
  armed_[index] = *due;
  queue_.push(*due, DueKind::kLifecycle, index, index);
}

void Cluster::arm_partitions() {
  for (const Partition& partition : partitions_) {
    if (!partition.until || *partition.until >= partitions_armed_) continue;
    partitions_armed_ = *partition.until;
    queue_.push(partitions_armed_, DueKind::kLifecycle, pods_.size(), pods_.size());
  }
}

void Cluster::arrive(std::size_t service, TimePoint at) {
  const Outcome outcome = serve(service, at);
  if (const TimePoint next = next_arrival_after(service, at); next != TimePoint::max()) {
    queue_.push(next, DueKind::kArrival, service, service);
  }
  const Duration client_timeout = millis(spec_.client_timeout_ms);
  if (outcome.latency <= client_timeout) {
    // The client has its answer with the service's: the service's completion, the last one
    // scheduled, records it too, right after its own, as a completion of its own would be.
    Completion& served = completions_[group_tail_];
    assert(served.service == service && served.latency == outcome.latency);
    served.answers_client = true;
    return;
  }
  Completion& gave_up = schedule(at + client_timeout);
  gave_up.latency = client_timeout;
  gave_up.service = static_cast<std::uint32_t>(service);
  gave_up.code = 504;
  gave_up.from_client = true;
}

Pod* Cluster::pick_pod(std::size_t service) {
  ServiceState& state = services_[service];
  for (std::size_t tried = 0; tried < state.pods.size(); ++tried) {
    Pod& pod = pods_[state.pods[state.next_pod]];
    // The cursor stays below the count (remove_pod() sees to it): no division needed.
    if (++state.next_pod == state.pods.size()) state.next_pod = 0;
    if (pod.in_endpoints) return &pod;
  }
  return nullptr;
}

Cluster::Outcome Cluster::serve(std::size_t service, TimePoint at) {
  Pod* const picked = pick_pod(service);
  if (picked == nullptr) {  // no endpoints: refused
    schedule(at + kRefusedLatency) = {
        .latency = kRefusedLatency, .service = static_cast<std::uint32_t>(service), .code = 503};
    return {kRefusedLatency, 503};
  }
  Pod& pod = *picked;
  const Completion refused{.latency = kRefusedLatency,
                           .service = static_cast<std::uint32_t>(service),
                           .pod = static_cast<std::uint32_t>(pod.index),
                           .pod_generation = pod.generation,
                           .code = 503};
  if (pod.phase != PodPhase::kRunning) {  // dead, but still in the endpoints
    schedule(at + kRefusedLatency) = refused;
    return {kRefusedLatency, 503};
  }
  TimePoint start = at;
  if (pod.workers.limited()) {
    const auto starts = pod.workers.start_of(at);
    if (!starts) {  // every worker busy and the queue full: refused at once
      schedule(at + kRefusedLatency) = refused;
      return {kRefusedLatency, 503};
    }
    start = *starts;
  }
  const ServiceSpec& spec = spec_.services[service];
  const OwnWork own = own_work(pod);
  Duration elapsed = own.elapsed;
  int code = 200;
  if (own.error) {
    code = 500;
  } else {
    const Duration timeout = millis(spec.timeout_ms);
    for (const std::size_t dependency : services_[service].dependencies) {
      const Outcome downstream = partitioned(service, dependency)
                                     ? Outcome{kRefusedLatency, 503}  // never reaches it
                                     : serve(dependency, start + elapsed);
      if (downstream.latency > timeout) {
        elapsed += timeout;
        code = 504;
        break;
      }
      elapsed += downstream.latency;
      if (downstream.code >= 500) {
        code = 502;
        break;
      }
    }
  }
  if (pod.workers.limited()) {
    pod.workers.take(at, start, start + elapsed);
    if (auto& hpa = services_[service].autoscaler) hpa->busy.emplace_back(start, start + elapsed);
  }
  const Duration latency = (start - at) + elapsed;  // time in the queue counts
  const InFlightSet::Slot request = pod.in_flight.add(at);
  Completion& served = schedule(at + latency);
  served.latency = latency;
  served.service = static_cast<std::uint32_t>(service);
  served.pod = static_cast<std::uint32_t>(pod.index);
  served.pod_generation = pod.generation;
  served.request = request;
  served.code = static_cast<std::int16_t>(code);
  return {latency, code};
}

Cluster::OwnWork Cluster::own_work(const Pod& pod) {
  const Version& version = services_[pod.service].versions[pod.version];
  Duration injected = millis(pod.fault.delay_ms);
  if (pod.fault.jitter_ms > 0) {  // uniform in [delay - jitter, delay + jitter], never below 0
    injected +=
        from_seconds((rng_.uniform() * 2.0 - 1.0) * to_seconds(millis(pod.fault.jitter_ms)));
    injected = std::max(injected, Duration::zero());
  }
  const Duration elapsed =
      from_seconds(rng_.lognormal(version.latency_median_ms, version.latency_sigma) / 1000.0) +
      injected;
  bool error = rng_.bernoulli(pod.fault.error_rate);
  // A release's own failures: drawn only for a release that has them, so that a lab without
  // one replays as before.
  if (!error && version.error_rate > 0.0) error = rng_.bernoulli(version.error_rate);
  return {elapsed, error};
}

inline Cluster::Completion& Cluster::schedule(TimePoint at) {
  assert(completions_.size() < Completion::kNone);
  auto slot = static_cast<std::uint32_t>(completions_.size());
  if (free_completion_ == Completion::kNone) {
    completions_.emplace_back();
  } else {
    slot = free_completion_;
    free_completion_ = completions_[slot].next;
    completions_[slot] = Completion{};
  }
  if (group_at_ == at) {
    completions_[group_tail_].next = slot;
  } else {
    queue_.push(at, DueKind::kCompletion, completions_scheduled_, slot);
  }
  ++completions_scheduled_;
  group_tail_ = slot;
  group_at_ = at;
  return completions_[slot];
}

inline void Cluster::record(TimePoint at, const Completion& c) {
  const Measured measured(at, c.code, c.latency);
  if (c.from_client) return measure_client(measured);
  std::optional<std::size_t> pod_index;
  if (c.pod != Completion::kNone) pod_index = c.pod;
  // Requests in flight from an earlier process do not count in the new one's figures.
  const bool current = pod_index && pods_[c.pod].generation == c.pod_generation;
  measure_served(c.service, pod_index, current, measured);
  if (c.answers_client) measure_client(measured);
  if (!current) return;
  Pod& pod = pods_[c.pod];
  if (c.request != Completion::kNotHanded) pod.in_flight.answer(c.request);
  // A pod scaled away is gone once its last request is answered.
  if (pod.terminating && pod.in_flight.count() == 0) remove_pod(pod);
}

Pod* Cluster::find(std::string_view pod_id) {
  const auto it = std::find_if(pods_.begin(), pods_.end(),
                               [&](const Pod& pod) { return !pod.removed && pod.id == pod_id; });
  return it == pods_.end() ? nullptr : &*it;
}

void Cluster::start_pod(Pod& pod, TimePoint now) {
  pod.phase = PodPhase::kStarting;
  pod.phase_since = now;
  pod.in_endpoints = false;
  ++pod.generation;
  pod.recent.reset(now);
  pod.in_flight.clear();
  pod.last_latency.reset();
  pod.workers.clear();
  pod.container_reason = "ContainerCreating";
  pod.restart_at.reset();
  stop_probes(pod);
}

void Cluster::kill_pod(Pod& pod, TimePoint now) {
  pod.last_heartbeat = heartbeat_at(pod, now, spec_);
  pod.phase = PodPhase::kTerminated;
  pod.phase_since = now;
  ++pod.generation;
  pod.in_flight.clear();  // what the dead process was serving no longer counts for the pod
  pod.workers.clear();
  pod.container_reason = "Error";
  pod.restart_at.reset();
  stop_probes(pod);
}

Result<const Pod*> Cluster::restart(std::string_view pod_id, TimePoint now) {
  advance_to(now);
  if (real_) return not_for_real("restart");
  Pod* pod = find(pod_id);
  if (pod == nullptr) return not_found("Pod not found");
  pod->fault = pod->base_fault = FaultSpec{};
  pod->timed_faults.clear();
  ++pod->restarts;
  pod->last_restart_at = now_;
  pod->crashes = 0;  // a restart by hand starts afresh, as deleting the pod would
  start_pod(*pod, now_);
  settle(index_of(*pod));
  events_.add({.at = now_,
               .kind = EventKind::kRestart,
               .target = pod->id,
               .service = spec_.services[pod->service].name,
               .message = fmt::format("{} restarted (restart {}); its faults are cleared", pod->id,
                                      pod->restarts)});
  observe_statuses();
  return pod;
}

}  // namespace hb::core
