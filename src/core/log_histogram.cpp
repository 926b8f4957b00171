#include "core/log_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace hb::core {
namespace {

constexpr double kGamma =
    (1.0 + LogHistogram::kRelativeAccuracy) / (1.0 - LogHistogram::kRelativeAccuracy);
// Worked out on first use, not at program start, so that a caller during another file's
// static initialisation (and the table built then) cannot see them unset.
double log_gamma() {
  static const double value = std::log(kGamma);
  return value;
}
int min_index() {
  static const int value =
      static_cast<int>(std::ceil(std::log(LogHistogram::kMinValue) / log_gamma()));
  return value;
}

// The definition of a value's bucket, for a positive value.
int bucket_by_logarithm(double value) {
  return static_cast<int>(std::ceil(std::log(value) / log_gamma()));
}

}  // namespace

LogHistogram::BucketTable::BucketTable() {
  first_bucket_ = bucket_by_logarithm(std::ldexp(1.0, kFirstExponent));
  const int last_bucket = bucket_by_logarithm(kEnd) + 1;
  for (int bucket = first_bucket_; bucket <= last_bucket; ++bucket) {
    first_values_.push_back(first_value_of(bucket));
  }
  const auto cells = static_cast<std::uint64_t>(kEndExponent - kFirstExponent) << kCellBits;
  for (std::uint64_t cell = 0; cell < cells; ++cell) {
    const double first = std::bit_cast<double>((cell + kFirstCell) << (52 - kCellBits));
    cell_buckets_.push_back(bucket_by_logarithm(first));
  }
}

double LogHistogram::BucketTable::first_value_of(int bucket) {
  double value = std::pow(kGamma, bucket - 1);
  while (bucket_by_logarithm(value) >= bucket) value = std::nextafter(value, 0.0);
  while (bucket_by_logarithm(value) < bucket) value = std::nextafter(value, kEnd * 2);
  return value;
}

int LogHistogram::index_outside_table(double value) {
  if (!(value > kMinValue)) return min_index() - 1;  // the bucket of tiny values; also NaN
  return bucket_by_logarithm(value);
}

int LogHistogram::index_by_logarithm(double value) {
  if (!(value > kMinValue)) return min_index() - 1;
  return bucket_by_logarithm(value);
}

double LogHistogram::value_of(int index) {
  if (index < min_index()) return kMinValue;
  // The point of (gamma^(i-1), gamma^i] whose relative distance to both ends is the accuracy.
  return 2.0 * std::pow(kGamma, index) / (kGamma + 1.0);
}

int LogHistogram::first_index_over(double limit, double scale) {
  const auto over = [&](int index) { return value_of(index) * scale > limit; };
  if (!over(std::numeric_limits<int>::max() / 2)) {
    return std::numeric_limits<int>::max();  // no value is reported as over it
  }
  int index = std::max(index_of(limit / scale), min_index() - 1);
  while (index >= min_index() && over(index - 1)) --index;
  while (!over(index)) ++index;
  return index;
}

void LogHistogram::ensure(int index) {
  if (buckets_.empty()) {
    first_index_ = index;
    buckets_.assign(1, 0);
    return;
  }
  if (index < first_index_) {
    buckets_.insert(buckets_.begin(), static_cast<std::size_t>(first_index_ - index), 0);
    first_index_ = index;
  } else if (index >= first_index_ + static_cast<int>(buckets_.size())) {
    buckets_.resize(static_cast<std::size_t>(index - first_index_ + 1), 0);
  }
}

void LogHistogram::record(double value, std::uint64_t times) {
  if (times == 0) return;
  const int index = index_of(value);
  ensure(index);
  buckets_[static_cast<std::size_t>(index - first_index_)] += times;
  count_ += times;
  sum_ += std::max(value, 0.0) * static_cast<double>(times);
}

void LogHistogram::merge(const LogHistogram& other) {
  if (other.count_ == 0) return;
  ensure(other.first_index_);
  ensure(other.first_index_ + static_cast<int>(other.buckets_.size()) - 1);
  const auto offset = static_cast<std::size_t>(other.first_index_ - first_index_);
  for (std::size_t k = 0; k < other.buckets_.size(); ++k) buckets_[offset + k] += other.buckets_[k];
  count_ += other.count_;
  sum_ += other.sum_;
}

void LogHistogram::clear() {
  buckets_.clear();
  first_index_ = 0;
  count_ = 0;
  sum_ = 0.0;
}

void LogHistogram::clear_keeping_range() {
  if (buckets_.size() > kKeptBuckets) return clear();
  std::fill(buckets_.begin(), buckets_.end(), 0);
  count_ = 0;
  sum_ = 0.0;
}

std::optional<double> LogHistogram::quantile(double q) const {
  if (count_ == 0) return std::nullopt;
  q = std::clamp(q, 0.0, 1.0);
  // Nearest rank, 1-based: the smallest rank r with r >= q * count.
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::max<std::uint64_t>(rank, 1);
  std::uint64_t seen = 0;
  for (std::size_t k = 0; k < buckets_.size(); ++k) {
    seen += buckets_[k];
    if (seen >= rank) return value_of(first_index_ + static_cast<int>(k));
  }
  return value_of(first_index_ + static_cast<int>(buckets_.size()) - 1);
}

}  // namespace hb::core
