// The Cluster across a restart of the server: the checkpoint a store keeps, and carrying on from
// one after a downtime.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/cluster.h"

namespace hb::core {
namespace {

std::string seconds_text(Duration span) {
  return fmt::format("{:.1f} s", to_seconds(span));
}

}  // namespace

LabCheckpoint Cluster::checkpoint(const CheckpointSince& since) const {
  LabCheckpoint out;
  out.at = now_;
  out.data_since = data_since_;
  out.downtimes = downtimes_;
  for (std::size_t s = 0; s < services_.size(); ++s) {
    const ServiceState& state = services_[s];
    ServiceCheckpoint service{.name = spec_.services[s].name,
                              .desired = state.desired,
                              .release = state.version,
                              .revision = state.rollout.revision,
                              .previous = state.rollout.previous};
    for (const Version& version : state.versions) {
      service.releases.push_back(
          {version.name, version.latency_median_ms, version.latency_sigma, version.error_rate});
    }
    service.rollout = {state.rollout.state, state.rollout.reason, state.rollout.message,
                       state.rollout.started_at, state.rollout.updated_ready};
    for (const std::size_t index : state.pods) {
      const Pod& pod = pods_[index];
      if (!pod.terminating) service.pods.push_back({pod.number, pod.version});
    }
    std::sort(service.pods.begin(), service.pods.end(),
              [](const PodSlot& a, const PodSlot& b) { return a.number < b.number; });
    out.services.push_back(std::move(service));
  }
  for (const Pod& pod : pods_) {
    const bool plain = pod.restarts == 0 && pod.crashes == 0 && !pod.base_fault.active() &&
                       pod.timed_faults.empty();
    if (pod.removed || pod.terminating || plain) continue;
    out.pods.push_back({pod.id, pod.restarts, pod.base_fault, pod.timed_faults, pod.crashes});
  }
  out.partitions = partition_reports();
  // Inactive alerts that never changed are as a fresh lab has them: not kept.
  for (const AlertStatus& alert : alerts_.alerts()) {
    if (!alert.firing && alert.since <= data_since_) continue;
    out.alerts.push_back({alert.slo, alert.sli, std::string(alert.rule->name), alert.firing,
                          alert.since, alert.resolving_since});
  }
  for (const LabEvent& event : events_.events()) {
    if (event.id > since.event_count) out.events.push_back(event);
  }
  out.event_count = events_.count();
  const auto& samples = history_.samples();
  const auto new_samples = static_cast<std::size_t>(
      std::min<std::uint64_t>(history_.count() - since.history_count, samples.size()));
  out.history.assign(samples.end() - static_cast<std::ptrdiff_t>(new_samples), samples.end());
  out.history_count = history_.count();
  out.slos.push_back({"lab", lab_slo_.buckets(since.at)});
  for (std::size_t s = 0; s < service_slos_.size(); ++s) {
    out.slos.push_back({spec_.services[s].name, service_slos_[s].buckets(since.at)});
  }
  return out;
}

const ServiceCheckpoint* Cluster::find_kept(const LabCheckpoint& saved, std::string_view name) {
  const auto it = std::find_if(saved.services.begin(), saved.services.end(),
                               [&](const ServiceCheckpoint& kept) { return kept.name == name; });
  return it == saved.services.end() ? nullptr : &*it;
}

std::vector<LabEvent> Cluster::ends_in_downtime(const LabCheckpoint& saved) const {
  std::vector<LabEvent> ends;
  for (const PodCheckpoint& kept : saved.pods) {
    const auto pod = std::find_if(pods_.begin(), pods_.end(),
                                  [&](const Pod& p) { return !p.removed && p.id == kept.id; });
    if (pod == pods_.end()) continue;
    for (const TimedFault& timed : kept.timed_faults) {
      if (timed.until > now_) continue;
      ends.push_back({.at = std::max(timed.until, saved.at),
                      .kind = EventKind::kFaultExpired,
                      .target = kept.id,
                      .service = spec_.services[pod->service].name,
                      .message = fmt::format("fault on {} ended with its duration while the "
                                             "server was down: {}",
                                             kept.id, describe(timed.sets))});
    }
  }
  for (const PartitionReport& kept : saved.partitions) {
    if (!kept.until || *kept.until > now_) continue;
    const std::string name = kept.from + " -> " + kept.to;
    ends.push_back({.at = std::max(*kept.until, saved.at),
                    .kind = EventKind::kPartition,
                    .target = name,
                    .service = kept.from,
                    .message = fmt::format(
                        "partition {} healed with its duration while the server was down", name)});
  }
  std::stable_sort(ends.begin(), ends.end(),
                   [](const LabEvent& a, const LabEvent& b) { return a.at < b.at; });
  return ends;
}

void Cluster::resume(const LabCheckpoint& saved) {
  data_since_ = std::min(saved.data_since, now_);
  // Downtimes no window reaches any more are dropped, so that a server restarted often does not
  // make every evaluation longer.
  const Duration reach = std::max<Duration>(spec_.slo.window, std::chrono::hours(72));
  for (const Downtime& down : saved.downtimes) {
    if (down.to > now_ - reach) downtimes_.push_back(down);
  }
  if (now_ > saved.at) downtimes_.push_back({saved.at, now_});

  // The log carries on: what was kept, then what ended while the server was down.
  const std::deque<LabEvent> since_start = events_.events();
  events_.restore(saved.events, saved.event_count);
  for (LabEvent& end : ends_in_downtime(saved)) events_.add(std::move(end));
  for (const LabEvent& event : since_start) events_.add(event);
  std::deque<HistorySample> history;
  for (const HistorySample& sample : saved.history) {
    if (sample.services.size() == services_.size()) history.push_back(sample);
  }
  history_.restore(std::move(history), saved.history_count);

  for (const ServiceCheckpoint& kept : saved.services) {
    const auto s = find_service(kept.name);
    if (!s || kept.releases.empty() || kept.release >= kept.releases.size()) continue;
    ServiceState& state = services_[*s];
    // The lab's own release is the configuration's; those rolled out since are the saved ones.
    state.versions.resize(1);
    for (std::size_t r = 1; r < kept.releases.size(); ++r) {
      const ReleaseCheckpoint& release = kept.releases[r];
      state.versions.push_back(
          {release.name, release.latency_median_ms, release.latency_sigma, release.error_rate});
    }
    state.version = kept.release;
    state.rollout.revision = kept.revision;
    state.rollout.previous =
        kept.previous && *kept.previous < state.versions.size() ? kept.previous : std::nullopt;
    // A rollout under way carries on from the pods' own releases; its progress deadline counts
    // from the resumption, the downtime left out.
    state.rollout.state = kept.rollout.state;
    state.rollout.reason = kept.rollout.reason;
    state.rollout.message = kept.rollout.message;
    state.rollout.started_at = kept.rollout.started_at;
    state.rollout.updated_ready = kept.rollout.updated_ready;
    state.rollout.last_progress_at = now_;
    for (const std::size_t index : state.pods) {
      Pod& pod = pods_[index];
      pod.version = state.version;
      for (const PodSlot& slot : kept.pods) {
        if (slot.number == pod.number && slot.release < state.versions.size()) {
          pod.version = slot.release;
        }
      }
    }
  }

  for (const PodCheckpoint& kept : saved.pods) {
    Pod* pod = find(kept.id);
    if (pod == nullptr) continue;
    pod->restarts = kept.restarts;
    pod->crashes = kept.crashes;  // a crash loop's back-off goes on where it was
    pod->base_fault = kept.base_fault;
    for (const TimedFault& timed : kept.timed_faults) {
      if (timed.until > now_) pod->timed_faults.push_back(timed);
    }
    enforce_faults(*pod);
    // A pod killed before the downtime left its service's endpoints then.
    if (pod->fault.kill) pod->in_endpoints = false;
    settle(index_of(*pod));
  }
  for (const PartitionReport& kept : saved.partitions) {
    const auto from = find_service(kept.from);
    const auto to = find_service(kept.to);
    if (!from || !to || (kept.until && *kept.until <= now_)) continue;
    const auto& dependencies = services_[*from].dependencies;
    if (std::find(dependencies.begin(), dependencies.end(), *to) == dependencies.end()) continue;
    partitions_.push_back({*from, *to, kept.since, kept.until});
  }
  partitions_armed_ = TimePoint::max();
  arm_partitions();

  std::vector<AlertStatus> alerts;
  for (const AlertCheckpoint& kept : saved.alerts) {
    const BurnAlertRule* rule = burn_rule_named(kept.rule);
    const bool known = kept.slo == "lab" || find_service(kept.slo);
    if (rule == nullptr || !known || (kept.sli != "availability" && kept.sli != "latency")) {
      continue;
    }
    alerts.push_back({.slo = kept.slo,
                      .sli = kept.sli,
                      .rule = rule,
                      .threshold = burn_threshold(*rule, spec_.slo.window),
                      .firing = kept.firing,
                      .since = kept.since,
                      .resolving_since = kept.resolving_since});
  }
  alerts_.restore(alerts);
  const auto buckets_of = [&](std::string_view slo) {
    const auto it = std::find_if(saved.slos.begin(), saved.slos.end(),
                                 [&](const SloCheckpoint& kept) { return kept.slo == slo; });
    return it == saved.slos.end() ? std::vector<BucketCounts>{} : it->buckets;
  };
  lab_slo_.restore(buckets_of("lab"), data_since_, downtimes_);
  for (std::size_t s = 0; s < service_slos_.size(); ++s) {
    service_slos_[s].restore(buckets_of(spec_.services[s].name), data_since_, downtimes_);
  }

  // The statuses as they are now are where the next changes are measured from.
  pod_statuses_.clear();
  service_statuses_.clear();
  observe_statuses();
  evaluate_slos();
  events_.add({.at = now_,
               .kind = EventKind::kLab,
               .target = "lab",
               .message = fmt::format("lab resumed: the server was down for {}, with no traffic; "
                                      "still in force: {}",
                                      seconds_text(now_ - saved.at), still_in_force())});
}

std::string Cluster::still_in_force() const {
  std::vector<std::string> parts;
  for (const Pod& pod : pods_) {
    if (pod.removed || !pod.fault.active()) continue;
    parts.push_back(fmt::format("{} ({})", pod.id, describe(pod.fault)));
  }
  for (const Partition& partition : partitions_) {
    parts.push_back("partition " + partition_name(partition));
  }
  for (std::size_t s = 0; s < services_.size(); ++s) {
    const ServiceState& state = services_[s];
    if (state.version != 0) {
      parts.push_back(fmt::format("{} at release {}", spec_.services[s].name,
                                  state.versions[state.version].name));
    }
    if (state.desired != spec_.services[s].replicas) {
      parts.push_back(
          fmt::format("{} scaled to {} replicas", spec_.services[s].name, state.desired));
    }
  }
  return parts.empty() ? "no fault, partition, release or scaling"
                       : fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace hb::core
