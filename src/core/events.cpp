#include "core/events.h"

namespace hb::core {

std::string_view to_string(EventKind kind) {
  switch (kind) {
    case EventKind::kFault:
      return "fault";
    case EventKind::kFaultExpired:
      return "fault_expired";
    case EventKind::kFaultCleared:
      return "fault_cleared";
    case EventKind::kPartition:
      return "partition";
    case EventKind::kRestart:
      return "restart";
    case EventKind::kPodStatus:
      return "pod_status";
    case EventKind::kServiceStatus:
      return "service_status";
    case EventKind::kAlert:
      return "alert";
    case EventKind::kContainer:
      return "container";
    case EventKind::kDeployment:
      return "deployment";
    case EventKind::kAutoscaler:
      return "autoscaler";
    case EventKind::kLab:
      return "lab";
  }
  return "unknown";
}

std::string_view reason_of(const LabEvent& event) {
  if (!event.reason.empty()) return event.reason;
  switch (event.kind) {
    case EventKind::kFault:
      return "FaultInjected";
    case EventKind::kFaultExpired:
      return "FaultExpired";
    case EventKind::kFaultCleared:
      return "FaultCleared";
    case EventKind::kPartition:
      return "Partition";
    case EventKind::kRestart:
      return "Restarted";
    case EventKind::kPodStatus:
    case EventKind::kServiceStatus:
      return "StatusChanged";
    case EventKind::kAlert:
      return "Alert";
    case EventKind::kLab:
      return "Resumed";
    case EventKind::kContainer:
    case EventKind::kDeployment:
    case EventKind::kAutoscaler:
      break;
  }
  return "Unknown";
}

std::string_view type_of(const LabEvent& event) {
  return event.level == EventLevel::kWarning ? "Warning" : "Normal";
}

std::string_view to_string(EventLevel level) {
  return level == EventLevel::kWarning ? "warning" : "info";
}

std::optional<EventKind> event_kind_named(std::string_view name) {
  for (int k = 0; k <= static_cast<int>(EventKind::kLab); ++k) {
    const auto kind = static_cast<EventKind>(k);
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

std::optional<EventLevel> event_level_named(std::string_view name) {
  for (const EventLevel level : {EventLevel::kInfo, EventLevel::kWarning}) {
    if (to_string(level) == name) return level;
  }
  return std::nullopt;
}

void EventLog::restore(std::deque<LabEvent> events, std::uint64_t count) {
  events_ = std::move(events);
  count_ = count;
  while (events_.size() > capacity_) events_.pop_front();
}

void EventLog::add(LabEvent event) {
  event.id = ++count_;
  events_.push_back(std::move(event));
  while (events_.size() > capacity_) events_.pop_front();
}

}  // namespace hb::core
