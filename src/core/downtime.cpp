#include "core/downtime.h"

#include <algorithm>

namespace hb::core {

Duration with_data(TimePoint from, TimePoint to, const std::vector<Downtime>& downtimes) {
  if (to <= from) return Duration::zero();
  Duration data = to - from;
  for (const Downtime& down : downtimes) {
    const TimePoint start = std::max(from, down.from);
    const TimePoint end = std::min(to, down.to);
    if (end > start) data -= end - start;
  }
  return std::max(Duration::zero(), data);
}

}  // namespace hb::core
