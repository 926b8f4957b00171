#include "core/rolling_counts.h"

#include <algorithm>

namespace hb::core {
namespace {

std::size_t buckets_for(Duration horizon, Duration width) {
  // One more than the horizon needs, so the partly filled current bucket never evicts the
  // oldest one a full-horizon window still covers.
  return static_cast<std::size_t>((horizon + width - Duration{1}) / width) + 1;
}

}  // namespace

RollingCounts::RollingCounts(Duration horizon)
    : fine_{kFineBucket,
            std::vector<Bucket>(buckets_for(std::min(horizon, kFineHorizon), kFineBucket))},
      coarse_{kCoarseBucket, std::vector<Bucket>(buckets_for(horizon, kCoarseBucket))} {}

void RollingCounts::Ring::add(TimePoint at, const Counts& counts) {
  const std::int64_t index = at.time_since_epoch() / width;
  Bucket& bucket =
      buckets[static_cast<std::size_t>(index % static_cast<std::int64_t>(buckets.size()))];
  if (bucket.index != index) bucket = Bucket{index, {}};
  bucket.counts += counts;
}

Counts RollingCounts::Ring::over(TimePoint now, Duration window) const {
  const std::int64_t current = now.time_since_epoch() / width;
  const std::int64_t span = std::max<std::int64_t>(1, window / width);
  const std::int64_t oldest =
      std::max(current - span + 1, current - static_cast<std::int64_t>(buckets.size()) + 1);
  Counts sum;
  for (const Bucket& bucket : buckets) {
    if (bucket.index >= oldest && bucket.index <= current) sum += bucket.counts;
  }
  return sum;
}

void RollingCounts::add(TimePoint at, const Counts& counts) {
  fine_.add(at, counts);
  coarse_.add(at, counts);
}

Counts RollingCounts::over(TimePoint now, Duration window) const {
  const bool fine_enough =
      window <= fine_.width * static_cast<std::int64_t>(fine_.buckets.size() - 1);
  return fine_enough ? fine_.over(now, window) : coarse_.over(now, window);
}

std::size_t RollingCounts::memory_bytes() const {
  return (fine_.buckets.size() + coarse_.buckets.size()) * sizeof(Bucket);
}

}  // namespace hb::core
