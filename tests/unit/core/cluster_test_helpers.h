// What the cluster tests share: lab times in seconds, and a pod or service of a report by name.
#pragma once

#include <stdexcept>
#include <string>

#include "core/lab_report.h"
#include "core/time.h"

namespace hb::core {

inline TimePoint at_s(double s) {
  return TimePoint{from_seconds(s)};
}

// By value: callers often pass a report that is a temporary.
inline PodReport pod_of(const LabReport& report, const std::string& id) {
  for (const auto& p : report.pods) {
    if (p.id == id) return p;
  }
  throw std::out_of_range(id);
}

inline ServiceReport service_of(const LabReport& report, const std::string& name) {
  for (const auto& s : report.services) {
    if (s.name == name) return s;
  }
  throw std::out_of_range(name);
}

}  // namespace hb::core
