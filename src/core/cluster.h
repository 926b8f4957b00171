// The simulated cluster: services with replicated pods, client traffic routed over the ready
// pods, downstream calls along the dependency graph, faults, restarts and the pod lifecycle.
// It advances only when told to, to a time the caller gives: the same code runs in real time
// and in virtual time.
#pragma once

#include <cstdint>
#include <queue>
#include <string_view>
#include <vector>

#include "core/alerts.h"
#include "core/events.h"
#include "core/history.h"
#include "core/lab_report.h"
#include "core/lab_spec.h"
#include "core/pod.h"
#include "core/random.h"
#include "core/request_metrics.h"
#include "core/result.h"
#include "core/slo.h"

namespace hb::core {

class Cluster {
 public:
  // `spec` must have passed validate().
  Cluster(LabSpec spec, std::uint64_t seed, TimePoint start);

  // Runs every arrival, completion and lifecycle change up to and including `now`.
  void advance_to(TimePoint now);
  TimePoint now() const { return now_; }

  // Both advance to `now` first, then act. The pod comes back as it is after the change.
  Result<const Pod*> apply_fault(std::string_view pod_id, const FaultPatch& patch, TimePoint now);
  Result<const Pod*> restart(std::string_view pod_id, TimePoint now);

  // Everything the outside shows, as of now().
  LabReport report() const;

  const LabSpec& spec() const { return spec_; }
  const std::vector<Pod>& pods() const { return pods_; }
  const RequestMetrics& metrics() const { return metrics_; }
  // Faults, restarts, status changes and alerts, as they happened.
  const EventLog& events() const { return events_; }
  // One sample a second of every service's figures, taken at whole seconds of lab time.
  const History& history() const { return history_; }

 private:
  struct ServiceState {
    std::vector<std::size_t> pods;  // indices into pods_
    std::vector<std::size_t> dependencies;
    std::size_t next_pod = 0;  // round-robin cursor
    TimePoint next_arrival;
    RecentWindow recent;
  };
  // What a caller sees of one call.
  struct Outcome {
    Duration latency;
    int code;
  };
  // A request's end, recorded when its time comes, not when it starts.
  struct Completion {
    TimePoint at;
    std::size_t service;
    std::optional<std::size_t> pod;
    int pod_generation;
    int code;
    Duration latency;
    bool from_client;  // the lab's client's view of a request it sent (the lab SLO counts these)
    bool operator>(const Completion& other) const { return at > other.at; }
  };

  Pod* find(std::string_view pod_id);
  std::optional<TimePoint> next_lifecycle_change() const;
  void run_lifecycle(TimePoint now);
  void arrive(std::size_t service, TimePoint at);
  Outcome serve(std::size_t service, TimePoint at);
  std::optional<std::size_t> pick_pod(std::size_t service);
  void schedule(Completion completion);
  void record(const Completion& completion);
  void update_heartbeats(TimePoint now);
  void evaluate_slos();
  std::vector<PodReport> pod_reports() const;
  std::vector<ServiceReport> service_reports(const std::vector<PodReport>& pods) const;
  // Logs the status changes since the last look; answers the reports it looked at.
  std::pair<std::vector<PodReport>, std::vector<ServiceReport>> observe_statuses();
  void take_sample();
  void log_fault(const Pod& pod, const FaultPatch& patch);
  void start_pod(Pod& pod, TimePoint now);
  void kill_pod(Pod& pod, TimePoint now);
  Duration next_gap(std::size_t service);

  LabSpec spec_;
  Rng rng_;
  TimePoint now_;
  std::vector<Pod> pods_;
  std::vector<ServiceState> services_;
  std::priority_queue<Completion, std::vector<Completion>, std::greater<>> completions_;
  RequestMetrics metrics_;
  SloTracker lab_slo_;
  std::vector<SloTracker> service_slos_;
  std::vector<SloReport> slo_reports_;  // as of the end of the last advance
  AlertBook alerts_;
  EventLog events_;
  History history_;
  TimePoint next_sample_;
  std::vector<PodStatus> pod_statuses_;      // as last observed
  std::vector<PodStatus> service_statuses_;  // as last observed
};

}  // namespace hb::core
