// A dependency cut: every call from one service to another fails at once, as if the network
// between them were gone, until it is healed or its duration ends.
#pragma once

#include <optional>
#include <string>

#include "core/time.h"

namespace hb::core {

struct PartitionReport {
  std::string from;  // the calling service
  std::string to;    // the service it can no longer reach
  TimePoint since;
  std::optional<TimePoint> until;  // when it heals by itself; none when it lasts until healed
};

}  // namespace hb::core
