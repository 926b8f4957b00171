// The measuring side of the Cluster: request outcomes into figures, SLOs and metrics; statuses,
// alerts, events and history samples from them. It does not know which producer made an
// outcome: the simulated traffic (record(), cluster.cpp) or the proxy in front of a real lab's
// endpoints (observe() and set_endpoint_ready() below, fed by src/real/real_traffic.cpp).
#include <fmt/format.h>

#include <algorithm>
#include <cassert>

#include "core/cluster.h"

namespace hb::core {
namespace {

std::string describe(const AlertStatus& alert) {
  const auto burn = [](const std::optional<double>& b) {
    return b ? fmt::format("{:.2f}", *b) : std::string("none");
  };
  return fmt::format(
      "alert {} {} ({}) on {} {}: burn rate {} over {}, {} over {}, threshold {:.3g}",
      alert.rule->name, alert.firing ? "firing" : "resolved", alert.rule->severity, alert.slo,
      alert.sli, burn(alert.long_burn_rate), window_name(alert.rule->long_window),
      burn(alert.short_burn_rate), window_name(alert.rule->short_window), alert.threshold);
}

}  // namespace

void Cluster::measure_client(const Measured& request) {
  ++metrics_.lab_requests[request.code];
  metrics_.lab_durations.observe(request.latency_s, request.bucket);
  lab_slo_.record(request.at, request.code >= 500, request.latency, request.bucket);
}

void Cluster::measure_served(std::size_t service, std::optional<std::size_t> pod, bool current,
                             const Measured& request) {
  const bool error = request.code >= 500;
  // The key's pod set by its parts: an optional copied whole was loaded as 16 bytes just stored
  // as a word and a byte, a load the processor cannot forward from the stores (perf put 5 % of
  // the default chain's samples on it).
  RequestKey key{.service = service, .code = request.code};
  if (pod) key.pod = *pod;
  ++metrics_.served[key];
  metrics_.durations[service].observe(request.latency_s, request.bucket);
  service_slos_[service].record(request.at, error, request.latency, request.bucket);
  services_[service].recent.record(request.at, request.latency_s, error, request.bucket);
  if (!current) return;
  Pod& figures = pods_[*pod];
  figures.recent.record(request.at, request.latency_s, error, request.bucket);
  figures.last_latency = request.latency;
}

Cluster::ObservedStart Cluster::observe_start(std::size_t service, std::size_t endpoint,
                                              TimePoint at) {
  assert(real_);
  advance_to(at);
  Pod& pod = pods_[services_.at(service).slots.at(endpoint)];
  return {pod.index, pod.generation, pod.in_flight.add(at)};
}

void Cluster::observe(const ObservedRequest& request) {
  assert(real_ && request.service < services_.size());
  advance_to(request.end);  // one that ended before now() is measured now
  std::optional<std::size_t> pod;
  if (request.endpoint) pod = services_[request.service].slots.at(*request.endpoint);
  // A request the pod's earlier process was handed (a kill since) left with that process.
  if (const auto& started = request.started;
      started && pods_.at(started->pod).generation == started->generation) {
    pods_[started->pod].in_flight.answer(started->slot);
  }
  const Measured measured(now_, request.code, request.latency);
  measure_served(request.service, pod, pod.has_value(), measured);
  if (entry_[request.service]) measure_client(measured);
}

void Cluster::set_endpoint_ready(std::size_t service, std::size_t endpoint, bool ready,
                                 TimePoint at) {
  assert(real_);
  advance_to(at);
  Pod& pod = pods_[services_.at(service).slots.at(endpoint)];
  const std::optional<ProbeSpec>& probe = probes_of(pod).readiness;
  if (!probe || pod.in_endpoints == ready) return;  // only a health check changes it
  pod.in_endpoints = ready;
  log_container(
      pod, ready ? EventLevel::kInfo : EventLevel::kWarning, ready ? "Ready" : "Unhealthy",
      ready ? fmt::format("Readiness probe of {} ({} GET {}) passed {} time(s) in a row: back in "
                          "the endpoints",
                          pod.id, spec_.services[service].real->endpoints[endpoint],
                          spec_.services[service].real->health_path, probe->success_threshold)
            : fmt::format("Readiness probe of {} ({} GET {}) failed {} times in a row: out of "
                          "the endpoints",
                          pod.id, spec_.services[service].real->endpoints[endpoint],
                          spec_.services[service].real->health_path, probe->failure_threshold));
  observe_statuses();
}

void Cluster::evaluate() {
  observe_statuses();
  if (now_.time_since_epoch() % kSloStep == Duration::zero()) evaluate_slos();
}

void Cluster::evaluate_slos() {
  slo_reports_.resize(service_slos_.size() + 1);  // each report's storage is reused
  lab_slo_.burn_report(now_, slo_reports_[0]);
  for (std::size_t s = 0; s < service_slos_.size(); ++s) {
    service_slos_[s].burn_report(now_, slo_reports_[s + 1]);
  }
  const std::uint64_t changes_before = alerts_.change_count();
  for (const SloReport& report : slo_reports_) alerts_.evaluate(report, now_);
  const auto fresh = static_cast<std::size_t>(alerts_.change_count() - changes_before);
  for (std::size_t i = std::min(fresh, alerts_.changes().size()); i-- > 0;) {  // oldest first
    const AlertStatus& alert = alerts_.changes()[i].alert;
    events_.add({.at = now_,
                 .kind = EventKind::kAlert,
                 .level = alert.firing ? EventLevel::kWarning : EventLevel::kInfo,
                 .target = alert.slo,
                 .service = alert.slo == "lab" ? "" : alert.slo,
                 .message = describe(alert)});
  }
}

void Cluster::observe_statuses() {
  const bool first = pod_statuses_.empty();
  pod_statuses_.resize(pods_.size(), PodStatus::kHealthy);
  service_statuses_.resize(services_.size(), PodStatus::kHealthy);
  // Pods first, every pod's change before any service's, as a reader of the log expects.
  struct Tally {
    int pods = 0;
    int ready = 0;
    int unhealthy = 0;
    InFlight in_flight;
  };
  std::vector<Tally> tallies(services_.size());
  for (std::size_t s = 0; s < services_.size(); ++s) {
    Tally& tally = tallies[s];
    for (const std::size_t index : services_[s].pods) {
      const Pod& pod = pods_[index];
      const InFlight in_flight = in_flight_at(pod, now_);
      const PodStatus status =
          status_of(pod, in_flight, now_, spec_, services_[s].latency_threshold_ms);
      if (!first && status != pod_statuses_[index]) log_pod_status(pod, status, in_flight);
      pod_statuses_[index] = status;
      if (pod.terminating) continue;  // leaving: its Deployment no longer counts it
      ++tally.pods;
      if (pod.phase == PodPhase::kRunning && pod.in_endpoints) ++tally.ready;
      if (status != PodStatus::kHealthy) ++tally.unhealthy;
      tally.in_flight.count += in_flight.count;
      if (in_flight.oldest_age) {
        tally.in_flight.oldest_age =
            std::max(tally.in_flight.oldest_age.value_or(Duration::zero()), *in_flight.oldest_age);
      }
    }
  }
  for (std::size_t s = 0; s < services_.size(); ++s) {
    const Tally& tally = tallies[s];
    const PodStatus status =
        tally.ready == 0      ? PodStatus::kDown
        : tally.unhealthy > 0 ? PodStatus::kDegraded
        : is_degraded(services_[s].recent.counts(now_), tally.in_flight,
                      services_[s].latency_threshold_ms, spec_.status.degraded_error_ratio)
            ? PodStatus::kDegraded
            : PodStatus::kHealthy;
    if (!first && status != service_statuses_[s]) {
      const std::string& name = spec_.services[s].name;
      events_.add({.at = now_,
                   .kind = EventKind::kServiceStatus,
                   .level = status == PodStatus::kDown ? EventLevel::kWarning : EventLevel::kInfo,
                   .target = name,
                   .service = name,
                   .message = fmt::format("{}: {} -> {} ({} of {} pods ready)", name,
                                          to_string(service_statuses_[s]), to_string(status),
                                          tally.ready, tally.pods)});
    }
    service_statuses_[s] = status;
  }
}

void Cluster::log_pod_status(const Pod& pod, PodStatus status, const InFlight& in_flight) {
  // The words are worked out only for a change; they give the same verdict as status_of().
  const PodHealth health = assess(pod, pod.recent.summarize(now_), in_flight, now_, spec_);
  assert(health.status == status);
  const std::size_t index = index_of(pod);
  events_.add({.at = now_,
               .kind = EventKind::kPodStatus,
               .level = status == PodStatus::kDown ? EventLevel::kWarning : EventLevel::kInfo,
               .target = pod.id,
               .service = spec_.services[pod.service].name,
               .message = fmt::format("{}: {} -> {}{}", pod.id, to_string(pod_statuses_[index]),
                                      to_string(status),
                                      health.reason.empty() ? "" : " (" + health.reason + ")")});
}

void Cluster::take_sample() {
  observe_statuses();
  HistorySample sample{now_, {}};
  for (std::size_t s = 0; s < services_.size(); ++s) {
    const WindowSummary recent = services_[s].recent.summarize(now_);
    ServiceSample figures{
        recent.p50_s, recent.p95_s, recent.p99_s, recent.error_ratio, recent.request_rate, 0, 0, 0};
    for (const std::size_t index : services_[s].pods) {
      const Pod& pod = pods_[index];
      if (pod.terminating) continue;
      ++figures.pods_total;
      if (pod.phase == PodPhase::kRunning && pod.in_endpoints) ++figures.pods_ready;
      if (pod_statuses_[index] == PodStatus::kHealthy) ++figures.pods_healthy;
    }
    sample.services.push_back(figures);
  }
  history_.add(std::move(sample));
}

}  // namespace hb::core
