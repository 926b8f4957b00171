// An immutable picture of the lab after one tick or command. Readers share it through a
// shared_ptr<const Snapshot> and never touch the live cluster.
#pragma once

#include <cstdint>

#include "core/lab_report.h"

namespace hb::lab {

struct Snapshot {
  core::LabReport report;
  double start_unix = 0.0;    // wall-clock time of the lab's TimePoint zero, unix seconds
  std::uint64_t version = 0;  // bumped by every publication

  double unix_seconds(core::TimePoint at) const {
    return start_unix + core::to_seconds(at.time_since_epoch());
  }
  double timestamp() const { return unix_seconds(report.at); }
};

}  // namespace hb::lab
