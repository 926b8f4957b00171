// A pod of a simulated service: its lifecycle (Kubernetes-like phases, readiness, heartbeats),
// its injected faults and the requests it served recently.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fault.h"
#include "core/in_flight.h"
#include "core/lab_spec.h"
#include "core/recent_window.h"
#include "core/time.h"
#include "core/worker_pool.h"

namespace hb::core {

enum class PodPhase { kStarting, kRunning, kTerminated };
// The original dashboard's three states.
enum class PodStatus { kHealthy, kDegraded, kDown };

std::string_view to_string(PodPhase phase);
std::string_view to_string(PodStatus status);

struct Pod {
  Pod(std::string pod_id, std::size_t service_index, const LabSpec& spec, TimePoint now);

  std::string id;
  std::size_t service;  // index into LabSpec::services
  PodPhase phase = PodPhase::kRunning;
  TimePoint phase_since;     // when the current phase began
  bool in_endpoints = true;  // in the service's endpoints, so it receives traffic
  TimePoint last_heartbeat;  // while Running, see heartbeat_at(); kept as it was when it stopped
  int restarts = 0;
  FaultSpec fault;                       // in force: in_force(base_fault, timed_faults)
  FaultSpec base_fault;                  // set without a duration
  std::vector<TimedFault> timed_faults;  // set for a duration, oldest setting first
  // Bumped whenever the process is replaced, so requests still in flight from an earlier
  // process do not count in the new one's recent figures.
  int generation = 0;
  RecentWindow recent;
  // The requests of the current process not answered yet. Status sees from it what is stuck.
  InFlightSet in_flight;
  // The latency of the last request the current process completed, if any.
  std::optional<Duration> last_latency;

  // Its place: pods_[index] in the cluster, number n of its service (`<service>-pod-<n>`).
  std::size_t index = 0;
  int number = 1;
  int incarnation = 1;  // the pod objects that held this name so far (a new uid each)
  TimePoint created_at;
  bool ever_ran = true;     // false until a pod created by scaling first runs: Pending before
  std::size_t version = 0;  // its release, an index into the service's versions
  WorkerPool workers;       // when its service limits concurrency

  // The kubelet's view of its container (docs/kubernetes.md).
  std::string container_reason;         // why it waits or terminated; empty while it runs
  std::optional<TimePoint> restart_at;  // when the kubelet starts the container again
  int crashes = 0;                      // crashes in the current back-off sequence
  std::optional<TimePoint> last_restart_at;
  struct Probe {
    std::optional<TimePoint> next_at;    // its next run; none while it does not run
    std::optional<TimePoint> result_at;  // a run's result lands then
    bool result_ok = false;
    int successes = 0;  // consecutive
    int failures = 0;   // consecutive
  };
  Probe probes[3];      // by ProbeKind
  bool started = true;  // the startup probe has succeeded (true without one)

  // Scaled away or replaced: out of the endpoints, finishing its requests until terminate_by.
  bool terminating = false;
  TimePoint terminate_by;
  bool removed = false;  // gone: its slot waits to be reused by a pod of the same name
};

// The pod's last heartbeat as of `now`: one every heartbeat interval while it runs, none since
// its process stopped.
TimePoint heartbeat_at(const Pod& pod, TimePoint now, const LabSpec& spec);

// The requests a pod has in flight at one instant: handed to it and not answered.
struct InFlight {
  std::uint64_t count = 0;
  std::optional<Duration> oldest_age;  // of the oldest that has started; none when none has
};
// Inline: the status step asks it of every pod, and a call returned the optional through memory
// (its flag stored as a byte, read back as a word), which stalled.
inline InFlight in_flight_at(const Pod& pod, TimePoint now) {
  InFlight figures;
  figures.count = pod.in_flight.count();
  const auto earliest = pod.in_flight.earliest_start();
  if (earliest && *earliest <= now) figures.oldest_age = now - *earliest;
  return figures;
}

struct PodHealth {
  PodStatus status;
  std::string reason;  // why, in a few words, for people
};

// Why figures of a pod or a service make it Degraded, or none when they do not: a request in
// flight for longer than the latency threshold (stuck requests show before they complete), a
// recent p95 over the threshold, or a recent error ratio over the status threshold.
std::optional<std::string> degraded_reason(const WindowSummary& recent, const InFlight& in_flight,
                                           std::int64_t latency_threshold_ms,
                                           double degraded_error_ratio);

// Down when killed, starting or silent past the heartbeat timeout; Degraded for the reasons
// above, with its service's own latency threshold.
PodHealth assess(const Pod& pod, const WindowSummary& recent, const InFlight& in_flight,
                 TimePoint now, const LabSpec& spec);

// The same verdicts as degraded_reason() and assess(), without the words or the percentiles:
// from counts alone, for the statuses the lab checks every evaluation step. A pod's recent
// window must compare with its service's latency threshold (see Pod's constructor).
bool is_degraded(const WindowCounts& recent, const InFlight& in_flight,
                 std::int64_t latency_threshold_ms, double degraded_error_ratio);
PodStatus status_of(const Pod& pod, const InFlight& in_flight, TimePoint now, const LabSpec& spec,
                    std::int64_t latency_threshold_ms);

}  // namespace hb::core
