// The kubelet's part of the Cluster: container crashes and the crash-loop back-off, and the
// startup, readiness and liveness probes, with Kubernetes' rules and default numbers
// (docs/kubernetes.md says where each comes from).
#include <fmt/format.h>

#include <algorithm>

#include "core/cluster.h"

namespace hb::core {
namespace {

// The kubelet's back-off between restarts of a crashed container: none after the first crash,
// then 10 s doubling to a cap of 300 s; a container that ran 10 minutes starts over.
constexpr Duration kBackOffInitial = std::chrono::seconds(10);
constexpr Duration kBackOffCap = std::chrono::seconds(300);
constexpr Duration kBackOffReset = std::chrono::minutes(10);

Duration back_off(int crashes_before) {
  if (crashes_before == 0) return Duration::zero();
  Duration wait = kBackOffInitial;
  for (int i = 1; i < crashes_before && wait < kBackOffCap; ++i) wait *= 2;
  return std::min(wait, kBackOffCap);
}

constexpr ProbeKind kKinds[] = {ProbeKind::kStartup, ProbeKind::kReadiness, ProbeKind::kLiveness};

std::size_t slot(ProbeKind kind) {
  return static_cast<std::size_t>(kind);
}

}  // namespace

bool Cluster::settle_once(Pod& pod) {
  if (pod.terminating && (pod.terminate_by <= now_ || pod.in_flight.count() == 0)) {
    remove_pod(pod);
    return false;
  }
  if (pod.phase == PodPhase::kStarting && pod.phase_since + millis(spec_.pods.startup_ms) <= now_) {
    container_started(pod);
    return true;
  }
  // A killed real endpoint with a health check leaves the endpoints when the check says so.
  if (pod.phase == PodPhase::kTerminated && pod.in_endpoints && !checked_endpoint(pod) &&
      pod.phase_since + millis(spec_.pods.readiness_delay_ms) <= now_) {
    pod.in_endpoints = false;  // the endpoints controller finally notices
    return true;
  }
  if (pod.phase == PodPhase::kTerminated && pod.restart_at && *pod.restart_at <= now_ &&
      !pod.fault.kill && !pod.terminating) {
    start_container(pod);
    return true;
  }
  for (const ProbeKind kind : kKinds) {
    Pod::Probe& probe = pod.probes[slot(kind)];
    if (probe.result_at && *probe.result_at <= now_) {
      probe_result(pod, kind);
      return true;
    }
    if (probe.next_at && *probe.next_at <= now_ && !probe.result_at) {
      run_probe(pod, kind);
      return true;
    }
  }
  return false;
}

void Cluster::log_container(const Pod& pod, EventLevel level, std::string reason,
                            std::string message) {
  events_.add({.at = now_,
               .kind = EventKind::kContainer,
               .level = level,
               .target = pod.id,
               .service = spec_.services[pod.service].name,
               .message = std::move(message),
               .reason = std::move(reason)});
}

void Cluster::crash(Pod& pod, std::string_view why) {
  if (pod.phase == PodPhase::kRunning && now_ - pod.phase_since >= kBackOffReset) pod.crashes = 0;
  kill_pod(pod, now_);
  const Duration wait = back_off(pod.crashes);
  ++pod.crashes;
  pod.restart_at = now_ + wait;
  if (wait == Duration::zero()) return;  // the first restart: at once, with no back-off to log
  pod.container_reason = "CrashLoopBackOff";
  log_container(pod, EventLevel::kWarning, "BackOff",
                fmt::format("Back-off restarting failed container {} in pod {} ({}); next start "
                            "in {:.0f} s",
                            spec_.services[pod.service].name, pod.id, why, to_seconds(wait)));
}

void Cluster::start_container(Pod& pod) {
  ++pod.restarts;
  pod.last_restart_at = now_;
  start_pod(pod, now_);
  log_container(pod, EventLevel::kInfo, "Started",
                fmt::format("Started container {} in pod {} (restart {})",
                            spec_.services[pod.service].name, pod.id, pod.restarts));
}

void Cluster::container_started(Pod& pod) {
  pod.ever_ran = true;         // its phase is Running from now on, crash or not
  if (pod.fault.crash_loop) {  // the process exits as soon as it starts
    pod.phase = PodPhase::kRunning;
    pod.phase_since = now_;
    crash(pod, "crash_loop: it exited as it started");
    return;
  }
  pod.phase = PodPhase::kRunning;
  pod.phase_since = now_;
  pod.last_heartbeat = now_;
  pod.ever_ran = true;
  pod.container_reason.clear();
  arm_probes(pod);
}

void Cluster::arm_probes(Pod& pod) {
  const ProbesSpec& probes = probes_of(pod);
  pod.started = !probes.startup;
  pod.in_endpoints = pod.started && !probes.readiness;  // no readiness probe: ready while running
  for (const ProbeKind kind : kKinds) {
    Pod::Probe& probe = pod.probes[slot(kind)];
    probe = Pod::Probe{};
    const auto& spec = probes.of(kind);
    const bool runs_now = kind == ProbeKind::kStartup || pod.started;
    if (spec && runs_now) probe.next_at = pod.phase_since + from_seconds(spec->initial_delay_s);
  }
}

void Cluster::stop_probes(Pod& pod) {
  for (Pod::Probe& probe : pod.probes) probe = Pod::Probe{};
}

void Cluster::run_probe(Pod& pod, ProbeKind kind) {
  const ProbeSpec& spec = *probes_of(pod).of(kind);
  Pod::Probe& probe = pod.probes[slot(kind)];
  probe.next_at = now_ + from_seconds(spec.period_s);
  const Duration timeout = from_seconds(spec.timeout_s);
  // A request to this pod alone: its own work, injected delay and errors, and a worker.
  TimePoint start = now_;
  if (pod.workers.limited()) {
    const auto starts = pod.workers.start_of(now_);
    if (!starts) {  // refused: every worker busy and the queue full
      probe.result_at = now_ + std::chrono::milliseconds(1);
      probe.result_ok = false;
      return;
    }
    start = *starts;
  }
  const OwnWork own = own_work(pod);
  if (pod.workers.limited()) pod.workers.take(now_, start, start + own.elapsed);
  const Duration took = (start - now_) + own.elapsed;
  probe.result_ok = !own.error && took <= timeout;
  probe.result_at = now_ + std::min(took, timeout);
}

void Cluster::kill_for_probe(Pod& pod, ProbeKind kind, const std::string& failure) {
  std::string probe(to_string(kind));
  probe[0] = static_cast<char>(probe[0] - 'A' + 'a');
  log_container(pod, EventLevel::kWarning, "Unhealthy", failure);
  log_container(pod, EventLevel::kInfo, "Killing",
                fmt::format("Container {} failed {} probe, will be restarted",
                            spec_.services[pod.service].name, probe));
  crash(pod, fmt::format("failed its {} probe", probe));
}

void Cluster::probe_result(Pod& pod, ProbeKind kind) {
  const ProbeSpec& spec = *probes_of(pod).of(kind);
  Pod::Probe& probe = pod.probes[slot(kind)];
  probe.result_at.reset();
  if (probe.result_ok) {
    ++probe.successes;
    probe.failures = 0;
  } else {
    ++probe.failures;
    probe.successes = 0;
  }
  const std::string what =
      fmt::format("{} probe failed: {} consecutive failures", to_string(kind), probe.failures);
  switch (kind) {
    case ProbeKind::kStartup:
      if (probe.result_ok) {
        probe.next_at.reset();  // a startup probe runs until it first succeeds
        pod.started = true;
        const ProbesSpec& probes = probes_of(pod);
        pod.in_endpoints = !probes.readiness;
        for (const ProbeKind other : {ProbeKind::kReadiness, ProbeKind::kLiveness}) {
          if (const auto& other_spec = probes.of(other)) {
            pod.probes[slot(other)].next_at =
                std::max(now_, pod.phase_since + from_seconds(other_spec->initial_delay_s));
          }
        }
      } else if (probe.failures >= spec.failure_threshold) {
        kill_for_probe(pod, kind, what);
      }
      return;
    case ProbeKind::kReadiness:
      if (probe.result_ok && probe.successes >= spec.success_threshold && !pod.in_endpoints) {
        pod.in_endpoints = true;
      } else if (!probe.result_ok && probe.failures >= spec.failure_threshold && pod.in_endpoints) {
        pod.in_endpoints = false;
        log_container(pod, EventLevel::kWarning, "Unhealthy", what);
      }
      return;
    case ProbeKind::kLiveness:
      if (!probe.result_ok && probe.failures >= spec.failure_threshold) {
        kill_for_probe(pod, kind, what);
      }
      return;
  }
}

}  // namespace hb::core
