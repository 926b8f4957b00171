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
  }
  return "unknown";
}

std::string_view to_string(EventLevel level) {
  return level == EventLevel::kWarning ? "warning" : "info";
}

void EventLog::add(LabEvent event) {
  event.id = ++count_;
  events_.push_back(std::move(event));
  while (events_.size() > capacity_) events_.pop_front();
}

}  // namespace hb::core
