#include "core/request_metrics.h"

#include <algorithm>
#include <cassert>

#include "core/log_histogram.h"

namespace hb::core {

DurationHistogram::DurationHistogram(double threshold_s)
    : bounds(kDurationBuckets.begin(), kDurationBuckets.end()) {
  if (std::find(bounds.begin(), bounds.end(), threshold_s) == bounds.end()) {
    bounds.insert(std::upper_bound(bounds.begin(), bounds.end(), threshold_s), threshold_s);
  }
  buckets.assign(bounds.size() + 1, 0);
  by_log_bucket_ = std::make_shared<const BucketsByLogBucket>(bounds);
}

BucketsByLogBucket::BucketsByLogBucket(const std::vector<double>& bounds) {
  assert(!bounds.empty() && bounds.size() < kSplit);
  std::vector<int> bound_buckets;  // each bound's own LogHistogram bucket, ascending
  for (const double bound : bounds) bound_buckets.push_back(LogHistogram::index_of(bound));
  first_ = bound_buckets.front() - 1;
  last_ = bound_buckets.back() + 1;
  std::size_t below = 0;  // bounds whose bucket is below the current one
  for (int bucket = first_; bucket <= last_; ++bucket) {
    while (below < bound_buckets.size() && bound_buckets[below] < bucket) ++below;
    const bool holds_a_bound = below < bound_buckets.size() && bound_buckets[below] == bucket;
    entries_.push_back(holds_a_bound ? kSplit : static_cast<std::uint8_t>(below));
  }
}

namespace {

bool key_less(const RequestCounts::value_type& entry, const RequestKey& key) {
  return entry.first < key;
}

}  // namespace

std::uint64_t& RequestCounts::find_or_insert(const RequestKey& key) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key, key_less);
  if (it == entries_.end() || it->first != key) it = entries_.insert(it, {key, 0});
  if (key.pod) {
    if (*key.pod >= last_of_pod_.size()) last_of_pod_.resize(*key.pod + 1, kNoEntry);
    last_of_pod_[*key.pod] = static_cast<std::uint32_t>(it - entries_.begin());
  }
  return it->second;
}

std::size_t RequestCounts::count(const RequestKey& key) const {
  const auto it = std::lower_bound(entries_.begin(), entries_.end(), key, key_less);
  return it != entries_.end() && it->first == key ? 1 : 0;
}

std::uint64_t DurationHistogram::cumulative(std::size_t i) const {
  std::uint64_t total = 0;
  for (std::size_t k = 0; k <= i && k < buckets.size(); ++k) total += buckets[k];
  return total;
}

}  // namespace hb::core
