// An immutable picture of the lab after one tick or command. Readers share it through a
// shared_ptr<const Snapshot> and never touch the live cluster.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "core/events.h"
#include "core/history.h"
#include "core/lab_report.h"

namespace hb::lab {

struct Snapshot {
  core::LabReport report;
  double start_unix = 0.0;  // wall-clock time of the lab's TimePoint zero, unix seconds
  // Names this run of the server: a client that sees it change knows the server restarted and
  // that what it kept (events, figures) came from another instance.
  std::string instance;
  std::uint64_t version = 0;  // bumped by every publication
  // Shared between snapshots while they do not change; never null.
  std::shared_ptr<const std::deque<core::LabEvent>> events;  // every kept event, oldest first
  std::shared_ptr<const core::History> history;

  double unix_seconds(core::TimePoint at) const {
    return start_unix + core::to_seconds(at.time_since_epoch());
  }
  double timestamp() const { return unix_seconds(report.at); }
};

}  // namespace hb::lab
