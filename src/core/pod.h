// A pod of a simulated service: its lifecycle (Kubernetes-like phases, readiness, heartbeats),
// its injected faults and the requests it served recently.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/fault.h"
#include "core/lab_spec.h"
#include "core/recent_window.h"
#include "core/time.h"

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
  TimePoint phase_since;  // when the current phase began
  bool ready = true;      // in the service's endpoints, so it receives traffic
  TimePoint last_heartbeat;
  int restarts = 0;
  FaultSpec fault;
  std::vector<FaultRevert> reverts;  // the timed ends of its faults, soonest first
  // Bumped whenever the process is replaced, so requests still in flight from an earlier
  // process do not count in the new one's recent figures.
  int generation = 0;
  RecentWindow recent;
};

struct PodHealth {
  PodStatus status;
  std::string reason;  // why, in a few words, for people
};

// Down when killed, starting or silent past the heartbeat timeout; Degraded when the recent p95
// is over the latency threshold or the recent error ratio over the status threshold.
PodHealth assess(const Pod& pod, const WindowSummary& recent, TimePoint now, const LabSpec& spec);

}  // namespace hb::core
