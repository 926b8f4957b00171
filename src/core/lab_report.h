// What the cluster shows at one instant: plain values, copied out so readers never touch the
// live state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/alerts.h"
#include "core/downtime.h"
#include "core/events.h"
#include "core/fault.h"
#include "core/history.h"
#include "core/kube_view.h"
#include "core/partition.h"
#include "core/pod.h"
#include "core/recent_window.h"
#include "core/request_metrics.h"
#include "core/slo.h"
#include "core/time.h"

namespace hb::core {

struct PodReport {
  std::string id;
  std::string service;
  PodPhase phase = PodPhase::kRunning;
  bool ready = false;         // Running and in its service's endpoints: one definition everywhere
  bool in_endpoints = false;  // receives traffic; a killed pod stays in them for a while
  PodStatus status = PodStatus::kHealthy;
  std::string reason;
  TimePoint last_heartbeat;
  int restarts = 0;
  FaultSpec fault;
  std::vector<FaultEnd> fault_ends;  // when its timed faults end, soonest first
  WindowSummary recent;
  InFlight in_flight;
  std::optional<Duration> last_latency;  // of the last request its current process completed

  // The Kubernetes view beside the original's phase and status.
  KubePhase kube_phase = KubePhase::kRunning;
  ContainerState container_state = ContainerState::kRunning;
  // Why it is waiting or terminated (ContainerCreating, CrashLoopBackOff, Error, Killed);
  // empty while running.
  std::string container_reason;
  // kubectl get pods' STATUS column: the container reason when there is one, Terminating while
  // it is being removed, else the phase.
  std::string kubectl_status;
  // Stays while the pod exists; a pod removed by scaling and created again gets a new one, as a
  // new Pod object would (the container name is the service's).
  std::string uid;
  TimePoint created_at;
  std::string version;
  std::optional<int> concurrency;            // none: no limit
  int busy_workers = 0;                      // requests it is serving now (queued ones not counted)
  int queued = 0;                            // requests waiting for a worker
  std::optional<double> utilization;         // busy_workers / concurrency; none without a limit
  std::optional<TimePoint> back_off_until;   // when the kubelet starts it again
  std::optional<TimePoint> last_restart_at;  // when its current container was started by a restart
  bool terminating = false;                  // scaled away, finishing within its grace period
  std::string endpoint;  // a real lab's: the upstream address it stands for; empty when simulated
};

struct ServiceReport {
  std::string name;
  PodStatus status = PodStatus::kHealthy;
  std::string reason;  // why, in a few words, for people
  int pods_ready = 0;
  int pods_total = 0;
  int restarts = 0;  // of all its pods
  WindowSummary recent;
  InFlight in_flight;  // over all its pods
  std::vector<std::string> dependencies;

  // Its Deployment: replicas wanted, present (not terminating), ready, available (ready),
  // updated (of the rollout's version).
  int replicas_desired = 0;
  int replicas_current = 0;
  int replicas_ready = 0;
  int replicas_available = 0;
  int replicas_updated = 0;
  std::string version;
  std::optional<int> concurrency;     // per pod; none: no limit
  int queue_length = 0;               // per pod, when concurrency is set
  std::optional<double> utilization;  // busy workers / total workers of its running pods
  RolloutReport rollout;
  std::optional<AutoscalerReport> autoscaler;
  std::string listen;  // a real lab's: where healthboard takes its requests; empty when simulated
};

struct LabReport {
  TimePoint at;
  PodStatus status = PodStatus::kHealthy;  // the lab's: Healthy when every service is, Down
                                           // when every service is, Degraded otherwise
  std::vector<PodReport> pods;
  std::vector<ServiceReport> services;
  std::vector<SloReport> slos;  // the lab's first, then one per service in order
  std::vector<AlertStatus> alerts;
  std::vector<AlertChange> alert_changes;   // the latest, newest first
  std::uint64_t alert_change_count = 0;     // every change since start
  std::vector<LabEvent> events;             // the latest, newest first
  std::uint64_t event_count = 0;            // every event since start
  std::optional<HistorySample> sample;      // the newest history sample, once there is one
  std::vector<PartitionReport> partitions;  // the dependency cuts in force
  std::vector<Downtime> downtimes;          // when the server was down since the lab's data began
  TimePoint data_since;                     // when the lab's data began (its first start)
  RequestMetrics metrics;

  const SloReport& lab_slo() const { return slos.front(); }
};

}  // namespace hb::core
