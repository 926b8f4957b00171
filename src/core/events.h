// What happened in the lab, for people: faults applied, restarts, status changes and alerts,
// each with a time and a one-line message. A bounded log: the oldest entries drop out first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace hb::core {

// kFault: a fault set on a pod; kFaultExpired: a fault that ended by itself when its duration
// passed; kFaultCleared: faults cleared by request (one pod, or the whole lab); kPartition: a
// dependency cut made, healed or expired.
enum class EventKind {
  kFault,
  kFaultExpired,
  kFaultCleared,
  kPartition,
  kRestart,
  kPodStatus,
  kServiceStatus,
  kAlert,
  kContainer,   // the kubelet: a container started, crashed, backed off, failed a probe
  kDeployment,  // scaling, rollouts, undo
  kAutoscaler,  // the HorizontalPodAutoscaler's decisions
  kLab          // the lab itself: resumed after the server was down (last: event_kind_named)
};
// kWarning: something got worse (a pod or service went Down, an alert started firing).
enum class EventLevel { kInfo, kWarning };

std::string_view to_string(EventKind kind);
std::string_view to_string(EventLevel level);
// The kind or level a to_string() names; none for any other text.
std::optional<EventKind> event_kind_named(std::string_view name);
std::optional<EventLevel> event_level_named(std::string_view name);

struct LabEvent {
  std::uint64_t id = 0;  // 1, 2, 3 ... in the order they happened
  TimePoint at;
  EventKind kind = EventKind::kFault;
  EventLevel level = EventLevel::kInfo;
  std::string target;   // a pod id, a service name, or the SLO an alert belongs to
  std::string service;  // the service concerned; empty for the lab as a whole
  std::string message;
  // Kubernetes' reason for the event (Scheduled, Started, Killing, BackOff, Unhealthy,
  // ScalingReplicaSet, SuccessfulRescale, ...); empty for the lab's own kinds, whose reason is
  // derived from the kind (see reason_of()).
  std::string reason;
};
// The event's reason: its own, or one derived from its kind for the lab's own events
// (FaultInjected, FaultExpired, FaultCleared, Partition, Restarted, StatusChanged, Alert).
std::string_view reason_of(const LabEvent& event);
// Kubernetes' event type: Warning for the lab's warnings, Normal otherwise.
std::string_view type_of(const LabEvent& event);

class EventLog {
 public:
  static constexpr std::size_t kDefaultCapacity = 2000;

  explicit EventLog(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  // Logs `event` with the next id (its own id is ignored).
  void add(LabEvent event);
  // Replaces the log with events kept from an earlier run (oldest first, ids as they were) and
  // the count it had reached: the next add() continues from there.
  void restore(std::deque<LabEvent> events, std::uint64_t count);

  // Oldest first.
  const std::deque<LabEvent>& events() const { return events_; }
  // Events added so far, including those that dropped out; also the id of the newest.
  std::uint64_t count() const { return count_; }

 private:
  std::size_t capacity_;
  std::deque<LabEvent> events_;
  std::uint64_t count_ = 0;
};

}  // namespace hb::core
