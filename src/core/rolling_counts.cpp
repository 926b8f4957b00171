#include "core/rolling_counts.h"

#include <algorithm>

namespace hb::core {

RollingCounts::Ring::Ring(Duration bucket_width, Duration horizon_wanted)
    // One bucket more than the horizon needs, so the partly filled current bucket never evicts
    // the oldest one a full-horizon window still covers.
    : width(bucket_width),
      buckets(
          static_cast<std::size_t>((horizon_wanted + bucket_width - Duration{1}) / bucket_width) +
          1) {}

void RollingCounts::Ring::add(TimePoint at, const Counts& counts) {
  const std::int64_t index = at.time_since_epoch() / width;
  Bucket& bucket =
      buckets[static_cast<std::size_t>(index % static_cast<std::int64_t>(buckets.size()))];
  if (bucket.index != index) bucket = Bucket{index, {}};
  bucket.counts += counts;
}

Counts RollingCounts::Ring::over(TimePoint now, Duration window) const {
  const auto size = static_cast<std::int64_t>(buckets.size());
  const std::int64_t current = now.time_since_epoch() / width;
  const std::int64_t span = std::clamp<std::int64_t>(window / width, 1, size);
  Counts sum;
  for (std::int64_t index = std::max<std::int64_t>(0, current - span + 1); index <= current;
       ++index) {
    const Bucket& bucket = buckets[static_cast<std::size_t>(index % size)];
    if (bucket.index == index) sum += bucket.counts;
  }
  return sum;
}

RollingCounts::RollingCounts(Duration horizon)
    : rings_{Ring(std::chrono::seconds(1), std::chrono::hours(1)),
             Ring(std::chrono::minutes(1), std::chrono::hours(72)),
             Ring(std::chrono::minutes(5), std::max<Duration>(horizon, std::chrono::hours(72)))} {}

void RollingCounts::add(TimePoint at, const Counts& counts) {
  for (Ring& ring : rings_) ring.add(at, counts);
}

Counts RollingCounts::over(TimePoint now, Duration window) const {
  for (const Ring& ring : rings_) {
    if (window <= ring.horizon()) return ring.over(now, window);
  }
  return rings_.back().over(now, window);
}

std::size_t RollingCounts::memory_bytes() const {
  std::size_t bytes = 0;
  for (const Ring& ring : rings_) bytes += ring.buckets.size() * sizeof(Bucket);
  return bytes;
}

}  // namespace hb::core
