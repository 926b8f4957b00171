// A span of lab time the server was down: no traffic was simulated in it, so no window that
// covers it has data there.
#pragma once

#include <vector>

#include "core/time.h"

namespace hb::core {

struct Downtime {
  TimePoint from;  // the last state the lab kept before it went down
  TimePoint to;    // when it came back
  bool operator==(const Downtime&) const = default;
};

// How much of [from, to] has data: its length less what `downtimes` cover of it.
Duration with_data(TimePoint from, TimePoint to, const std::vector<Downtime>& downtimes);

}  // namespace hb::core
