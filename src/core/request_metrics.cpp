#include "core/request_metrics.h"

#include <algorithm>

namespace hb::core {

void DurationHistogram::observe(double seconds) {
  const auto bound = std::lower_bound(kDurationBuckets.begin(), kDurationBuckets.end(), seconds);
  ++buckets[static_cast<std::size_t>(bound - kDurationBuckets.begin())];
  sum += seconds;
  ++count;
}

std::uint64_t DurationHistogram::cumulative(std::size_t i) const {
  std::uint64_t total = 0;
  for (std::size_t k = 0; k <= i && k < buckets.size(); ++k) total += buckets[k];
  return total;
}

}  // namespace hb::core
