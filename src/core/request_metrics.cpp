#include "core/request_metrics.h"

#include <algorithm>

namespace hb::core {

DurationHistogram::DurationHistogram(double threshold_s)
    : bounds(kDurationBuckets.begin(), kDurationBuckets.end()) {
  if (std::find(bounds.begin(), bounds.end(), threshold_s) == bounds.end()) {
    bounds.insert(std::upper_bound(bounds.begin(), bounds.end(), threshold_s), threshold_s);
  }
  buckets.assign(bounds.size() + 1, 0);
}

void DurationHistogram::observe(double seconds) {
  const auto bound = std::lower_bound(bounds.begin(), bounds.end(), seconds);
  ++buckets[static_cast<std::size_t>(bound - bounds.begin())];
  sum += seconds;
  ++count;
}

std::uint64_t DurationHistogram::cumulative(std::size_t i) const {
  std::uint64_t total = 0;
  for (std::size_t k = 0; k <= i && k < buckets.size(); ++k) total += buckets[k];
  return total;
}

}  // namespace hb::core
