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
#include "core/partition.h"
#include "core/pod.h"
#include "core/pod_selector.h"
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
  std::optional<TimePoint> next_lifecycle_instant() const { return next_lifecycle_change(); }

  // Every command advances to `now` first, then acts; nothing changes when it answers an error.
  // A pod comes back as it is after the change.

  // Sets `patch` on one pod; with a duration, the fields it sets revert by themselves.
  Result<const Pod*> apply_fault(std::string_view pod_id, const FaultPatch& patch, TimePoint now);
  // Sets `patch` on the pods of `service` that `selector` picks, at random from the seeded
  // generator; answers them in the lab's order.
  Result<std::vector<const Pod*>> apply_service_fault(std::string_view service,
                                                      const PodSelector& selector,
                                                      const FaultPatch& patch, TimePoint now);
  // Clears one pod's faults, pending reverts included. A killed pod is started again; unlike
  // restart() it does not count as a restart.
  Result<const Pod*> clear_faults(std::string_view pod_id, TimePoint now);
  // Cuts the calls from `from` to `to`, one of its dependencies, for `duration_s` seconds or
  // until healed. Cutting a cut pair again replaces its duration.
  Result<PartitionReport> partition(std::string_view from, std::string_view to,
                                    std::optional<double> duration_s, TimePoint now);
  Status heal(std::string_view from, std::string_view to, TimePoint now);
  // Clears every pod's faults and heals every partition.
  struct ResetSummary {
    std::vector<std::string> pods;  // the pods that had faults
    std::size_t partitions = 0;     // partitions healed
  };
  ResetSummary reset(TimePoint now);
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

  struct Partition {
    std::size_t from;  // indices into services_
    std::size_t to;
    TimePoint since;
    std::optional<TimePoint> until;
  };

  Pod* find(std::string_view pod_id);
  std::optional<std::size_t> find_service(std::string_view name) const;
  // The error naming `field` when `name` is not a service of the lab.
  Result<std::size_t> service_field(std::string_view field, std::string_view name) const;
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
  // Applies `patch` to the pod: pending reverts of the fields it sets are dropped, and with a
  // duration a revert of them is scheduled. Logs it.
  void set_fault(Pod& pod, const FaultPatch& patch);
  // Replaces the pod's faults, killing or starting its process when `kill` changes.
  void change_fault(Pod& pod, const FaultSpec& fault);
  // Ends the faults and partitions whose time has come, with an event each.
  void expire(TimePoint now);
  bool partitioned(std::size_t from, std::size_t to) const;
  std::vector<PartitionReport> partition_reports() const;
  std::string partition_name(const Partition& partition) const;
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
  std::vector<Partition> partitions_;
};

}  // namespace hb::core
