// What a lab keeps across a restart of the server: the state commands and controllers set
// (replicas, releases, faults with their timed ends, partitions, restart counts, alert states),
// what it logged (events, the history) and the SLO counts. Plain values, keyed by names rather
// than indices, so that a store can keep them as rows and a lab of the same services can carry
// on from them. Pods' in-flight requests and recent figures are not kept: the time the server is
// down has no traffic, so a resumed lab's pods start afresh.
#pragma once

#include <cstdint>
#include <deque>
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
#include "core/rolling_counts.h"
#include "core/time.h"

namespace hb::core {

struct ReleaseCheckpoint {
  std::string name;
  double latency_median_ms = 0.0;
  double latency_sigma = 0.0;
  double error_rate = 0.0;
  bool operator==(const ReleaseCheckpoint&) const = default;
};

// One of a service's pods that is not leaving: its number (`<service>-pod-<n>`) and release.
struct PodSlot {
  int number = 1;
  std::size_t release = 0;
  bool operator==(const PodSlot&) const = default;
};

// A rolling update under way (or failed) when the checkpoint was taken.
struct RolloutCheckpoint {
  RolloutState state = RolloutState::kComplete;
  std::string reason;
  std::string message;
  TimePoint started_at;
  int updated_ready = 0;
  bool operator==(const RolloutCheckpoint&) const = default;
};

struct ServiceCheckpoint {
  std::string name;
  int desired = 0;                          // its Deployment's replicas
  std::vector<ReleaseCheckpoint> releases;  // [0] the lab's, then each one rolled out
  std::size_t release = 0;                  // the one its pods should run
  int revision = 1;
  std::optional<std::size_t> previous;  // the release undo goes back to
  RolloutCheckpoint rollout;
  // Its pods that are not terminating, by number. A pod still terminating at the checkpoint has
  // finished by the time the lab resumes.
  std::vector<PodSlot> pods;
  bool operator==(const ServiceCheckpoint&) const = default;
};

// Only pods with something to keep: a restart, a fault or a crash loop's back-off.
struct PodCheckpoint {
  std::string id;
  int restarts = 0;
  FaultSpec base_fault;
  std::vector<TimedFault> timed_faults;
  int crashes = 0;  // crashes in the current back-off sequence
  bool operator==(const PodCheckpoint&) const = default;
};

struct AlertCheckpoint {
  std::string slo;
  std::string sli;
  std::string rule;
  bool firing = false;
  TimePoint since;
  std::optional<TimePoint> resolving_since;
  bool operator==(const AlertCheckpoint&) const = default;
};

struct SloCheckpoint {
  std::string slo;  // "lab" or the service
  std::vector<BucketCounts> buckets;
  bool operator==(const SloCheckpoint&) const = default;
};

struct LabCheckpoint {
  TimePoint at;          // the lab's time when it was taken
  TimePoint data_since;  // when the lab's data began (its first start)
  std::vector<Downtime> downtimes;
  std::vector<ServiceCheckpoint> services;
  std::vector<PodCheckpoint> pods;
  std::vector<PartitionReport> partitions;
  std::vector<AlertCheckpoint> alerts;
  // The log and the history: all of them, or only what came after a CheckpointSince.
  std::deque<LabEvent> events;
  std::uint64_t event_count = 0;  // every event logged so far
  std::deque<HistorySample> history;
  std::uint64_t history_count = 0;
  std::vector<SloCheckpoint> slos;  // the lab's first, then each service's
};

// What an earlier checkpoint already holds, so that the next one carries only what is new.
struct CheckpointSince {
  std::uint64_t event_count = 0;
  std::uint64_t history_count = 0;
  std::optional<TimePoint> at;  // SLO buckets of intervals ending after it
};

}  // namespace hb::core
