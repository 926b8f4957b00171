// The simulated cluster: services with replicated pods, client traffic routed over the ready
// pods, downstream calls along the dependency graph, faults, restarts and the pod lifecycle.
// It advances only when told to, to a time the caller gives: the same code runs in real time
// and in virtual time. Everything that happens is an event in one queue: arrivals (one pending
// per service), completions, lifecycle changes (one pending per pod), history samples and the
// evaluation of statuses every kStatusStep of lab time, of SLOs and alerts every kSloStep. An event
// costs O(log n) whatever the lab's size; a run depends on the seed and the commands, not on how
// often the caller advances it.
#pragma once

#include <cstdint>
#include <deque>
#include <string_view>
#include <vector>

#include "core/alerts.h"
#include "core/checkpoint.h"
#include "core/event_queue.h"
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
#include "core/stable_slots.h"

namespace hb::core {

class Cluster {
 public:
  // How often pod and service statuses are evaluated, in lab time: a request in flight turns
  // its pod Degraded once it is older than the latency threshold, whenever that is.
  static constexpr Duration kStatusStep = std::chrono::milliseconds(100);
  // How often SLOs and alerts are evaluated: the resolution of their counts, whose finest
  // windows move a 1 s bucket at a time (RollingCounts). One status step in ten, the same
  // instant: the whole seconds of lab time.
  static constexpr Duration kSloStep = std::chrono::seconds(1);
  // How often the controllers look: rollout deadlines every step, the autoscaler's sync
  // every kAutoscalerSync (the HorizontalPodAutoscaler's default 15 s).
  static constexpr Duration kControlStep = std::chrono::seconds(1);
  static constexpr Duration kAutoscalerSync = std::chrono::seconds(15);

  // `spec` must have passed validate().
  Cluster(LabSpec spec, std::uint64_t seed, TimePoint start);
  // Carries on from `saved`, a checkpoint of a lab of the same services, at `start` (after
  // saved.at): the server was down in between, a Downtime with no traffic (cluster_resume.cpp).
  // Each service gets its replicas, releases and revision back; its pods, created afresh at
  // `start` and running from then as a new lab's, get their restart counts and faults back. The
  // timed faults and partitions whose end fell in the downtime end there, at their own instant
  // (an event each), the others carry on to their end. The events, the history, the alert states
  // and the SLO counts continue; an event says the lab resumed and what is still in force. What
  // names no service or pod of `spec` any more is dropped.
  Cluster(LabSpec spec, std::uint64_t seed, TimePoint start, const LabCheckpoint& saved);

  // Runs every arrival, completion and lifecycle change up to and including `now`.
  void advance_to(TimePoint now);
  TimePoint now() const { return now_; }
  // When the next pod or partition changes by itself (a timed fault ends, a start-up ends, a
  // dead pod leaves the endpoints, a partition heals); none when nothing is pending. The lab
  // runner publishes a snapshot at that instant.
  std::optional<TimePoint> next_lifecycle_instant() const;

  // Every command advances to `now` first, then acts; nothing changes when it answers an error.
  // A pod comes back as it is after the change.

  // What a fault command did to one pod: `changed` is false when its faults, in force and timed,
  // were already as the command sets them (then no event is logged).
  struct FaultChange {
    const Pod* pod;
    bool changed;
  };
  // Sets `patch` on one pod; with a duration, the fields it sets end by themselves.
  Result<FaultChange> apply_fault(std::string_view pod_id, const FaultPatch& patch, TimePoint now);
  // Sets `patch` on the pods of `service` that `selector` picks, at random from a generator of
  // their own seeded from the lab's seed; answers them in the lab's order.
  Result<std::vector<FaultChange>> apply_service_fault(std::string_view service,
                                                       const PodSelector& selector,
                                                       const FaultPatch& patch, TimePoint now);
  // Clears one pod's faults, timed ones included. A killed pod is started again; unlike
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

  // The Deployment of each service (cluster_deployments.cpp).
  struct ScaleChange {
    int previous;
    int replicas;
    bool changed;
  };
  // Sets the service's desired replicas; refused while an autoscaler owns it.
  Result<ScaleChange> scale(std::string_view service, int replicas, TimePoint now);
  // A release: a name and what differs from the service's spec (its latency and error rate).
  struct Release {
    std::string version;
    std::optional<double> latency_median_ms;
    std::optional<double> latency_sigma;
    std::optional<double> error_rate;
  };
  // Starts a rolling update of the service to `release`.
  Result<RolloutReport> rollout(std::string_view service, const Release& release, TimePoint now);
  // Rolls back to the version before the current one.
  Result<RolloutReport> undo(std::string_view service, TimePoint now);

  // The seam between what produces request outcomes and what measures them. The simulated
  // traffic's completions are measured inside; another producer, the proxy in front of a real
  // lab's endpoints (src/proxy, wired by src/real), hands each request it routes to an endpoint
  // to observe_start(), each request it answered to observe() and each health-check verdict to
  // set_endpoint_ready(). Both feed the same figures, statuses, SLOs, alerts, events, history
  // and metrics (cluster_measure.cpp).
  //
  // A request a real endpoint was handed and has not answered: it holds a slot among its pod's
  // requests in flight, so that a hanging endpoint shows before its requests end, as a
  // simulated pod's does.
  struct ObservedStart {
    std::size_t pod;  // an index into pods()
    int generation;   // the pod's process when it was handed the request
    InFlightSet::Slot slot;
  };
  struct ObservedRequest {
    std::size_t service;                  // an index into spec().services
    std::optional<std::size_t> endpoint;  // its place in the service's endpoints; none: no pod
    TimePoint end;                        // when its answer was written
    Duration latency;
    int code;
    std::optional<ObservedStart> started;  // what observe_start() answered for it, if it was
  };
  // The request is handed to the endpoint at `at` (advancing to it, never back): in flight on
  // its pod from `at` until observe() gets its answer with the ObservedStart answered here. A
  // real lab's only.
  ObservedStart observe_start(std::size_t service, std::size_t endpoint, TimePoint at);
  // Advances to the request's end (to now() for one that ended before it) and measures it, for
  // its service and pod and, for an entry service (one no other depends on), for the lab: the
  // lab's SLO counts each request once, where it enters, as for simulated traffic. A real lab's
  // only.
  void observe(const ObservedRequest& request);
  // An endpoint's readiness as its health check (the readiness probe) found it at `at`: it
  // enters or leaves the service's endpoints, with an event. A real lab's only.
  void set_endpoint_ready(std::size_t service, std::size_t endpoint, bool ready, TimePoint at);
  // True for a lab of real services (spec().services[i].real).
  bool real() const { return real_; }

  // Everything the outside shows, as of now().
  LabReport report() const;
  // What a store keeps of the lab as of now(); with `since`, the events, history samples and
  // SLO buckets are only those that came after it (the rest as always in full).
  LabCheckpoint checkpoint(const CheckpointSince& since = {}) const;
  // The spans the server was down since the lab's data began, oldest first.
  const std::vector<Downtime>& downtimes() const { return downtimes_; }

  const LabSpec& spec() const { return spec_; }
  // Every pod slot, removed ones included (Pod::removed); a slot's index never changes.
  const StableSlots<Pod>& pods() const { return pods_; }
  const RequestMetrics& metrics() const { return metrics_; }
  // Faults, restarts, status changes and alerts, as they happened.
  const EventLog& events() const { return events_; }
  // One sample a second of every service's figures, taken at whole seconds of lab time.
  const History& history() const { return history_; }

 private:
  // A release of a service: what its pods' own work takes and how often it fails.
  struct Version {
    std::string name;
    double latency_median_ms;
    double latency_sigma;
    double error_rate;
  };
  struct Rollout {
    int revision = 1;
    RolloutState state = RolloutState::kComplete;
    std::string reason = "NewReplicaSetAvailable";
    std::string message;
    std::optional<std::size_t> previous;  // the version undo goes back to
    TimePoint started_at;
    TimePoint last_progress_at;
    int updated_ready = 0;  // at the last progress
  };
  struct Autoscaler {
    AutoscaleSpec spec;
    TimePoint last_sync_at;  // its last sync, or the lab's start
    // When its pods' workers were held since the last sync, (start, end) per request: the
    // utilisation is their overlap with the sync's window, so a long request counts in each
    // window it spans and not all in the one it began in.
    std::vector<std::pair<TimePoint, TimePoint>> busy;
    std::optional<double> utilization;
    std::optional<TimePoint> last_scale_at;
    std::deque<std::pair<TimePoint, int>> recommendations;  // the last 300 s, for scale-down
  };
  struct ServiceState {
    std::vector<std::size_t> pods;  // its pods, terminating ones included, by number
    std::vector<std::size_t> dependencies;
    std::size_t next_pod = 0;           // round-robin cursor
    std::int64_t latency_threshold_ms;  // its SLO's, which its status and its pods' compare with
    RecentWindow recent;
    std::vector<std::size_t> slots;  // by number - 1: the pod slot that held that name
    int desired = 0;                 // its Deployment's replicas
    std::vector<Version> versions;   // [0] the lab's, then each release rolled out
    std::size_t version = 0;         // the release its pods should run
    Rollout rollout;
    std::optional<Autoscaler> autoscaler;
  };
  // What a caller sees of one call.
  struct Outcome {
    Duration latency;
    int code;
  };
  // A request's end, recorded when its time comes, not when it starts.
  // 32 bytes, so that the thousands pending stay in cache: the queue's entry holds when it is
  // due. Completions due at one instant and scheduled one after another share a queue entry, as
  // a group linked by `next`: nothing else can come out of the queue between them (the same
  // time and kind, consecutive orders), and a chain's calls end when its first service answers
  // (unless a caller times out first), so one client request to the default lab's ui-proxy
  // usually queues one entry for its three calls, and its client's answer rides on the called
  // service's completion (answers_client). record() must queue nothing for this to hold.
  struct Completion {
    static constexpr std::uint32_t kNone = ~std::uint32_t{0};
    static constexpr InFlightSet::Slot kNotHanded = ~InFlightSet::Slot{0};
    Duration latency;
    std::uint32_t service;
    std::uint32_t pod = kNone;  // kNone: no pod was handed it (no endpoints), or the client's
    int pod_generation = 0;
    // Its slot among the pod's requests in flight; kNotHanded for a call a pod refused (dead,
    // still in the endpoints) or a service refused for want of endpoints.
    InFlightSet::Slot request = kNotHanded;
    std::uint32_t next = kNone;  // the next of its group, a slot in completions_
    std::int16_t code;
    // The lab's client's view of a request it sent (the lab SLO counts): a completion of its own
    // when the client gave up first, else the answer of the service it called.
    bool from_client = false;
    bool answers_client = false;
  };
  static_assert(sizeof(Completion) == 32);

  struct Partition {
    std::size_t from;  // indices into services_
    std::size_t to;
    TimePoint since;
    std::optional<TimePoint> until;
  };

  Cluster(LabSpec spec, std::uint64_t seed, TimePoint start, const LabCheckpoint* saved);
  // The service of that name in `saved`, or null.
  static const ServiceCheckpoint* find_kept(const LabCheckpoint& saved, std::string_view name);
  // The second half of resuming from `saved` (see the public constructor).
  void resume(const LabCheckpoint& saved);
  // The events of the downtime: timed faults and partitions whose end fell in it, in time order.
  std::vector<LabEvent> ends_in_downtime(const LabCheckpoint& saved) const;
  std::string still_in_force() const;
  // The refusal of a call that a real lab's endpoints cannot take (restart, scale, ...).
  Error not_for_real(std::string_view call) const;
  // validate(patch), and in a real lab the refusal of crash and crash_loop.
  Status validate_for_lab(const FaultPatch& patch) const;
  // A killed real endpoint's kill is over: it takes connections again (cluster_faults.cpp).
  void reopen_endpoint(Pod& pod);
  // A real endpoint whose readiness the proxy's health check decides (set_endpoint_ready); a
  // killed real endpoint without one leaves the endpoints after the readiness delay, as a
  // simulated pod does.
  bool checked_endpoint(const Pod& pod) const {
    return real_ && probes_of(pod).readiness.has_value();
  }
  // A request as the figures take it: its latency in seconds and its LogHistogram bucket are
  // worked out once for all the figures it counts in (a client's and its service's).
  struct Measured {
    Measured(TimePoint end, int status, Duration took)
        : at(end),
          code(status),
          latency(took),
          latency_s(to_seconds(took)),
          bucket(LogHistogram::index_of(latency_s)) {}
    TimePoint at;
    int code;
    Duration latency;
    double latency_s;
    int bucket;
  };
  // Measures one request of the lab's client (its SLO and metrics), and one that a service
  // answered, by `pod` when one took it (the service's and the pod's figures, its SLO and
  // metrics); a request of an earlier process of the pod (`current` false) counts in the
  // metrics but not in the pod's figures (cluster_measure.cpp).
  void measure_client(const Measured& request);
  void measure_served(std::size_t service, std::optional<std::size_t> pod, bool current,
                      const Measured& request);

  Pod* find(std::string_view pod_id);
  std::size_t index_of(const Pod& pod) const { return pod.index; }
  std::optional<std::size_t> find_service(std::string_view name) const;
  // The error naming `field` when `name` is not a service of the lab.
  Result<std::size_t> service_field(std::string_view field, std::string_view name) const;
  // The next instant something is due for the pod by itself: a timed fault's end, the end of
  // its start-up, its leaving the endpoints after death.
  std::optional<TimePoint> next_due(const Pod& pod) const;
  // Runs what is due for the pod at now_, then keeps one queued timer at its next due instant.
  void settle(std::size_t pod);
  void arm(std::size_t pod);
  void arm_partitions();
  // Runs one event. Its payload is the service of an arrival, the pod of a lifecycle timer
  // (pods_.size() for the partitions' timer), the first slot in completions_ of a completion
  // group.
  void fire(const EventQueue::Entry& entry);
  void evaluate();
  void arrive(std::size_t service, TimePoint at);
  Outcome serve(std::size_t service, TimePoint at);
  // The next pod of the service's endpoints, round robin; null when it has none. (A pointer,
  // not an optional index: the optional's flag, written as a byte and read back with the index
  // as a word, stalled every call on the store's forwarding: 3.5 % of a virtual month's perf
  // samples.)
  Pod* pick_pod(std::size_t service);
  // Queues a completion due at `at` and answers its slot, every field at its default, for the
  // caller to fill in field by field: a Completion built first and copied in was read back in
  // wider pieces than it was written, before its stores could land, and stalled (perf put 5 %
  // of a virtual month's samples there; the rare refusals still copy one in). `next` must stay
  // kNone. Completions due at one instant, scheduled one after another, share a queue entry: a
  // group, linked through `next`.
  // This and record() are inlined where they are called (both in cluster.cpp): as calls, their
  // register saves and restores were 1 % of the chain's instructions and the chain ran 2 to 3 %
  // slower (docs/benchmarks.md).
  [[gnu::always_inline]] inline Completion& schedule(TimePoint at);
  [[gnu::always_inline]] inline void record(TimePoint at, const Completion& completion);
  void evaluate_slos();
  std::vector<PodReport> pod_reports() const;
  std::vector<ServiceReport> service_reports(const std::vector<PodReport>& pods) const;
  // Logs the status changes since the last look, from counts alone (no report is built).
  void observe_statuses();
  void log_pod_status(const Pod& pod, PodStatus status, const InFlight& in_flight);
  void take_sample();
  // Applies `patch` to the pod: without a duration it replaces the fields it sets for good
  // (earlier timed settings of them are dropped); with one it overlays them until it ends. Logs
  // what changed; answers false, logging nothing, when nothing did.
  bool set_fault(Pod& pod, const FaultPatch& patch);
  // Puts the faults of base_fault and timed_faults in force, killing or starting the process
  // when `kill` changes.
  void enforce_faults(Pod& pod);
  // Ends the pod's timed faults whose time has come, with an event each.
  void expire_faults(Pod& pod);
  // Heals the partitions whose time has come, with an event each.
  void expire_partitions();
  bool partitioned(std::size_t from, std::size_t to) const;
  std::vector<PartitionReport> partition_reports() const;
  std::string partition_name(const Partition& partition) const;
  void start_pod(Pod& pod, TimePoint now);
  void kill_pod(Pod& pod, TimePoint now);
  // What the pod's own work takes for one request (its release and injected delay) and whether
  // it fails there; draws from the traffic's generator.
  struct OwnWork {
    Duration elapsed;
    bool error;
  };
  OwnWork own_work(const Pod& pod);

  // The kubelet (cluster_kubelet.cpp).
  // Runs what is due for the pod at now_; answers false when nothing was.
  bool settle_once(Pod& pod);
  // The container exits with an error; the kubelet starts it again after the back-off.
  void crash(Pod& pod, std::string_view why);
  // The back-off has passed: a new container instance (a counted restart).
  void start_container(Pod& pod);
  // The container has started: it runs, and its probes begin (or it dies, in a crash loop).
  void container_started(Pod& pod);
  // Schedules the probes of a container that has just started running.
  void arm_probes(Pod& pod);
  void run_probe(Pod& pod, ProbeKind kind);
  void probe_result(Pod& pod, ProbeKind kind);
  // A failed startup or liveness probe: the kubelet kills the container and restarts it.
  void kill_for_probe(Pod& pod, ProbeKind kind, const std::string& failure);
  void stop_probes(Pod& pod);
  const ProbesSpec& probes_of(const Pod& pod) const {
    return spec_.services[pod.service].workload.probes;
  }
  void log_container(const Pod& pod, EventLevel level, std::string reason, std::string message);

  // The Deployment controller and the autoscaler (cluster_deployments.cpp).
  void reconcile(std::size_t service);
  void step_rollout(std::size_t service);
  std::size_t create_pod(std::size_t service, int number);
  // Gives the pod at its slot a fresh container of the service's current release, in place.
  void replace_pod(Pod& pod);
  void terminate_pod(Pod& pod);
  void remove_pod(Pod& pod);
  int lowest_free_number(const ServiceState& state) const;
  void sync_autoscaler(std::size_t service);
  // Every second of lab time: rollout deadlines, and the autoscalers every 15 s.
  void control();
  RolloutReport rollout_report(std::size_t service) const;
  void log_deployment(std::size_t service, EventKind kind, EventLevel level, std::string reason,
                      std::string message);
  std::vector<std::size_t> report_order() const;
  // When the service's next client request arrives after `at`; never when its rate is 0 or so
  // small that the gap passes the end of time.
  TimePoint next_arrival_after(std::size_t service, TimePoint at);

  LabSpec spec_;
  Rng rng_;    // the traffic's draws
  Rng picks_;  // the pods service-wide faults pick: they replay with the seed and the calls alone
  TimePoint now_;
  StableSlots<Pod> pods_;  // references stay valid as pods are added
  std::vector<ServiceState> services_;
  EventQueue queue_;
  std::uint64_t completions_scheduled_ = 0;  // orders completions due at the same instant
  std::vector<Completion> completions_;      // the pending ones, in slots reused once recorded
  // The first free slot of completions_, each free one's `next` the one freed before it.
  std::uint32_t free_completion_ = Completion::kNone;
  // The last completion scheduled, and when it is due while its group is still queued (min()
  // once it has come out): the next one joins the group when it is due then too.
  std::uint32_t group_tail_ = Completion::kNone;
  TimePoint group_at_ = TimePoint::min();
  std::vector<TimePoint> armed_;  // per pod, its queued lifecycle timer; max() when none
  TimePoint partitions_armed_ = TimePoint::max();
  RequestMetrics metrics_;
  SloTracker lab_slo_;
  std::vector<SloTracker> service_slos_;
  std::vector<SloReport> slo_reports_;  // as of the end of the last advance
  AlertBook alerts_;
  EventLog events_;
  History history_;
  std::vector<PodStatus> pod_statuses_;      // as last observed
  std::vector<PodStatus> service_statuses_;  // as last observed
  std::vector<Partition> partitions_;
  bool real_ = false;        // its services are real endpoints behind a proxy, not simulated
  std::vector<bool> entry_;  // per service: no other service depends on it
  TimePoint data_since_;     // the lab's first start, kept across resumptions
  std::vector<Downtime> downtimes_;  // since data_since_
};

}  // namespace hb::core
