#include "core/log_histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hb::core {
namespace {

constexpr double kGamma =
    (1.0 + LogHistogram::kRelativeAccuracy) / (1.0 - LogHistogram::kRelativeAccuracy);
const double kLogGamma = std::log(kGamma);
const int kMinIndex = static_cast<int>(std::ceil(std::log(LogHistogram::kMinValue) / kLogGamma));

}  // namespace

int LogHistogram::index_of(double value) {
  if (!(value > kMinValue)) return kMinIndex - 1;  // the bucket of tiny values; also NaN
  return static_cast<int>(std::ceil(std::log(value) / kLogGamma));
}

double LogHistogram::value_of(int index) {
  if (index < kMinIndex) return kMinValue;
  // The point of (gamma^(i-1), gamma^i] whose relative distance to both ends is the accuracy.
  return 2.0 * std::pow(kGamma, index) / (kGamma + 1.0);
}

int LogHistogram::first_index_over(double limit, double scale) {
  const auto over = [&](int index) { return value_of(index) * scale > limit; };
  if (!over(std::numeric_limits<int>::max() / 2)) {
    return std::numeric_limits<int>::max();  // no value is reported as over it
  }
  int index = std::max(index_of(limit / scale), kMinIndex - 1);
  while (index >= kMinIndex && over(index - 1)) --index;
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

void LogHistogram::record_at(int index, double value) {
  ensure(index);
  buckets_[static_cast<std::size_t>(index - first_index_)] += 1;
  count_ += 1;
  sum_ += std::max(value, 0.0);
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
