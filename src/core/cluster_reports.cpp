// The Cluster's reports: what the outside shows of pods, services, their Deployments and the
// lab, built only when asked for.
#include <fmt/format.h>

#include <algorithm>

#include "core/cluster.h"

namespace hb::core {
namespace {

// How many of the latest alert changes, and of the latest events, a report carries.
constexpr std::size_t kAlertChangesShown = 100;
constexpr std::size_t kEventsShown = 50;
constexpr std::size_t kNotShown = ~std::size_t{0};

// The uid of the `incarnation`th pod object named `id`: stable, and new when the name is reused
// (a UUID's shape, from a 64-bit FNV-1a hash of the two).
std::string uid_of(const std::string& id, int incarnation) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const auto mix = [&h](std::uint8_t byte) {
    h ^= byte;
    h *= 0x100000001b3ULL;
  };
  for (const char c : id) mix(static_cast<std::uint8_t>(c));
  for (int shift = 0; shift < 32; shift += 8) mix(static_cast<std::uint8_t>(incarnation >> shift));
  const std::uint64_t g = h * 0x9e3779b97f4a7c15ULL;
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", h >> 32, (h >> 16) & 0xffff, h & 0xffff,
                     g >> 48, g & 0xffffffffffffULL);
}

KubePhase kube_phase_of(const Pod& pod) {
  if (!pod.ever_ran) return KubePhase::kPending;
  return KubePhase::kRunning;
}

ContainerState container_state_of(const Pod& pod) {
  switch (pod.phase) {
    case PodPhase::kStarting:
      return ContainerState::kWaiting;
    case PodPhase::kRunning:
      return ContainerState::kRunning;
    case PodPhase::kTerminated:
      break;
  }
  return pod.restart_at && pod.container_reason == "CrashLoopBackOff" ? ContainerState::kWaiting
                                                                      : ContainerState::kTerminated;
}

}  // namespace

std::vector<std::size_t> Cluster::report_order() const {
  std::vector<std::size_t> order;
  order.reserve(pods_.size());
  for (const ServiceState& service : services_) {
    order.insert(order.end(), service.pods.begin(), service.pods.end());
  }
  return order;
}

std::vector<PodReport> Cluster::pod_reports() const {
  std::vector<PodReport> reports;
  reports.reserve(pods_.size());
  for (const std::size_t index : report_order()) {
    const Pod& pod = pods_[index];
    const ServiceSpec& service = spec_.services[pod.service];
    const WindowSummary recent = pod.recent.summarize(now_);
    const InFlight in_flight = in_flight_at(pod, now_);
    PodHealth health = assess(pod, recent, in_flight, now_, spec_);
    PodReport report{.id = pod.id,
                     .service = service.name,
                     .phase = pod.phase,
                     .ready = pod.phase == PodPhase::kRunning && pod.in_endpoints,
                     .in_endpoints = pod.in_endpoints,
                     .status = health.status,
                     .reason = std::move(health.reason),
                     .last_heartbeat = heartbeat_at(pod, now_, spec_),
                     .restarts = pod.restarts,
                     .fault = pod.fault,
                     .fault_ends = fault_ends(pod.base_fault, pod.timed_faults),
                     .recent = recent,
                     .in_flight = in_flight,
                     .last_latency = pod.last_latency};
    report.kube_phase = kube_phase_of(pod);
    report.container_state = container_state_of(pod);
    report.container_reason =
        report.container_state == ContainerState::kRunning ? "" : pod.container_reason;
    report.terminating = pod.terminating;
    report.kubectl_status = pod.terminating ? "Terminating"
                            : !report.container_reason.empty()
                                ? report.container_reason
                                : std::string(to_string(report.kube_phase));
    report.uid = uid_of(pod.id, pod.incarnation);
    report.created_at = pod.created_at;
    report.version = services_[pod.service].versions[pod.version].name;
    if (pod.workers.limited()) {
      report.concurrency = pod.workers.workers();
      report.busy_workers = pod.workers.busy_at(now_);
      report.queued = static_cast<int>(pod.workers.queued_at(now_));
      report.utilization = static_cast<double>(report.busy_workers) / pod.workers.workers();
    }
    if (pod.restart_at && !pod.fault.kill) report.back_off_until = pod.restart_at;
    report.last_restart_at = pod.last_restart_at;
    if (service.real) report.endpoint = service.real->endpoints.at(pod.number - 1);
    reports.push_back(std::move(report));
  }
  return reports;
}

RolloutReport Cluster::rollout_report(std::size_t s) const {
  const ServiceState& state = services_[s];
  RolloutReport report;
  report.revision = state.rollout.revision;
  report.state = state.rollout.state;
  report.reason = state.rollout.reason;
  report.message = state.rollout.message;
  report.version = state.versions[state.version].name;
  if (state.rollout.previous)
    report.previous_version = state.versions[*state.rollout.previous].name;
  report.started_at = state.rollout.started_at;
  report.desired = state.desired;
  for (const std::size_t index : state.pods) {
    const Pod& pod = pods_[index];
    if (!pod.terminating && pod.version == state.version) ++report.updated;
  }
  return report;
}

std::vector<ServiceReport> Cluster::service_reports(const std::vector<PodReport>& pods) const {
  std::vector<ServiceReport> reports;
  std::size_t next = 0;  // pods come service by service (report_order())
  for (std::size_t s = 0; s < services_.size(); ++s) {
    const ServiceState& state = services_[s];
    ServiceReport service;
    service.name = spec_.services[s].name;
    service.recent = state.recent.summarize(now_);
    service.dependencies = spec_.services[s].dependencies;
    std::size_t unhealthy = 0;
    int busy = 0;
    int workers = 0;
    for (std::size_t i = 0; i < state.pods.size(); ++i) {
      const PodReport& pod = pods[next++];
      service.restarts += pod.restarts;
      service.in_flight.count += pod.in_flight.count;
      if (pod.in_flight.oldest_age) {
        service.in_flight.oldest_age = std::max(
            service.in_flight.oldest_age.value_or(Duration::zero()), *pod.in_flight.oldest_age);
      }
      if (pod.terminating) continue;  // leaving: not one of its replicas any more
      ++service.pods_total;
      if (pod.ready) ++service.pods_ready;
      if (pod.status != PodStatus::kHealthy) ++unhealthy;
      if (pod.concurrency && pod.phase == PodPhase::kRunning) {
        busy += pod.busy_workers;
        workers += *pod.concurrency;
      }
      if (pod.version == state.versions[state.version].name) ++service.replicas_updated;
    }
    // Its own figures count too: requests an earlier process of a pod still completes, and
    // requests refused for want of endpoints, show in the service's figures and not in a pod's.
    const auto own = degraded_reason(service.recent, service.in_flight,
                                     service_slo(spec_, s).latency_threshold_ms,
                                     spec_.status.degraded_error_ratio);
    if (service.pods_ready == 0) {
      service.status = PodStatus::kDown;
      service.reason = "no pod is ready";
    } else if (unhealthy > 0) {
      service.status = PodStatus::kDegraded;
      service.reason = fmt::format("{} of {} pods are not Healthy", unhealthy, service.pods_total);
    } else if (own) {
      service.status = PodStatus::kDegraded;
      service.reason = *own;
    } else {
      service.reason = "every pod is Healthy";
    }
    service.replicas_desired = state.desired;
    service.replicas_current = service.pods_total;
    service.replicas_ready = service.pods_ready;
    service.replicas_available = service.pods_ready;
    service.version = state.versions[state.version].name;
    const WorkloadSpec& workload = spec_.services[s].workload;
    service.concurrency = workload.concurrency;
    service.queue_length = workload.concurrency ? workload.queue_length : 0;
    if (workers > 0) service.utilization = static_cast<double>(busy) / workers;
    service.rollout = rollout_report(s);
    if (const auto& real = spec_.services[s].real) service.listen = real->listen;
    if (state.autoscaler) {
      const Autoscaler& hpa = *state.autoscaler;
      service.autoscaler = AutoscalerReport{.min_replicas = hpa.spec.min_replicas,
                                            .max_replicas = hpa.spec.max_replicas,
                                            .target_utilization = hpa.spec.target_utilization,
                                            .current_replicas = service.pods_total,
                                            .desired_replicas = state.desired,
                                            .current_utilization = hpa.utilization,
                                            .last_scale_at = hpa.last_scale_at};
    }
    reports.push_back(std::move(service));
  }
  return reports;
}

LabReport Cluster::report() const {
  LabReport report;
  report.at = now_;
  report.pods = pod_reports();
  report.services = service_reports(report.pods);
  const auto is = [&](PodStatus status) {
    return [status](const ServiceReport& service) { return service.status == status; };
  };
  report.status =
      std::all_of(report.services.begin(), report.services.end(), is(PodStatus::kHealthy))
          ? PodStatus::kHealthy
      : std::all_of(report.services.begin(), report.services.end(), is(PodStatus::kDown))
          ? PodStatus::kDown
          : PodStatus::kDegraded;
  // Burn rates and budgets as of the last evaluation (what the alerts saw); the percentiles of
  // the last 5 minutes as of now, worked out only here.
  report.slos = slo_reports_;
  lab_slo_.add_percentiles(report.slos.front(), now_);
  for (std::size_t s = 0; s < service_slos_.size(); ++s) {
    service_slos_[s].add_percentiles(report.slos[s + 1], now_);
  }
  report.alerts = alerts_.alerts();
  const std::size_t shown = std::min<std::size_t>(alerts_.changes().size(), kAlertChangesShown);
  report.alert_changes.assign(alerts_.changes().begin(),
                              alerts_.changes().begin() + static_cast<std::ptrdiff_t>(shown));
  report.alert_change_count = alerts_.change_count();
  const auto& events = events_.events();
  const std::size_t events_shown = std::min(events.size(), kEventsShown);
  report.events.assign(events.rbegin(),
                       events.rbegin() + static_cast<std::ptrdiff_t>(events_shown));
  report.event_count = events_.count();
  report.downtimes = downtimes_;
  report.data_since = data_since_;
  if (!history_.samples().empty()) report.sample = history_.samples().back();
  report.partitions = partition_reports();
  report.metrics = metrics_;
  // The request counters name pods by their place in the report; a pod that is gone takes its
  // series with it, as a deleted pod's do in Prometheus.
  const std::vector<std::size_t> order = report_order();
  bool identity = order.size() == pods_.size();
  for (std::size_t i = 0; identity && i < order.size(); ++i) identity = order[i] == i;
  if (!identity) {
    std::vector<std::size_t> place(pods_.size(), kNotShown);
    for (std::size_t i = 0; i < order.size(); ++i) place[order[i]] = i;
    std::vector<RequestCounts::value_type> kept;
    for (const auto& [key, count] : metrics_.served) {
      RequestKey moved = key;
      if (key.pod) {
        if (place[*key.pod] == kNotShown) continue;
        moved.pod = place[*key.pod];
      }
      kept.emplace_back(moved, count);
    }
    std::sort(kept.begin(), kept.end());
    report.metrics.served = RequestCounts{};
    for (const auto& [key, count] : kept) report.metrics.served[key] = count;
  }
  return report;
}

}  // namespace hb::core
