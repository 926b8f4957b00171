// Monotonic request counters and duration histograms, in the shape Prometheus exports them.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace hb::core {

// Upper bounds in seconds shared by every duration histogram.
inline constexpr std::array<double, 15> kDurationBuckets = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0};

// Which bucket of a DurationHistogram a latency falls in, from the LogHistogram bucket that the
// measuring side has found for it already (one table lookup). A LogHistogram bucket is 2 % wide
// and the bounds are further apart, so almost every LogHistogram bucket lies wholly between two
// bounds; for the few that hold a bound (a latency in one of them needs a comparison with it),
// the table says kSplit. Both bucketings are monotonic in the latency, so a bucket that holds no
// bound has every bound whose own LogHistogram bucket is below it under all of its values.
class BucketsByLogBucket {
 public:
  static constexpr std::uint8_t kSplit = UINT8_MAX;

  explicit BucketsByLogBucket(const std::vector<double>& bounds);

  // The DurationHistogram bucket of every latency in LogHistogram bucket `log_bucket`, or kSplit.
  std::uint8_t at(int log_bucket) const {
    // Below the first bound's bucket every latency is in the first bucket, above the last
    // bound's in +Inf: the two entries at the ends hold those.
    const int clamped = log_bucket < first_ ? first_ : log_bucket > last_ ? last_ : log_bucket;
    return entries_[static_cast<std::size_t>(clamped - first_)];
  }

 private:
  int first_ = 0;  // the LogHistogram bucket of entries_[0]
  int last_ = 0;
  std::vector<std::uint8_t> entries_;
};

struct DurationHistogram {
  // The bounds are kDurationBuckets plus the SLO's latency threshold, so that the latency SLI can
  // be recomputed from the buckets exactly whatever the threshold.
  explicit DurationHistogram(double threshold_s);

  std::vector<double> bounds;          // ascending upper bounds, without +Inf
  std::vector<std::uint64_t> buckets;  // one per bound, then +Inf; not cumulative
  double sum = 0.0;
  std::uint64_t count = 0;

  void observe(double seconds) { add(bucket_of(seconds), seconds); }
  // The same, for a caller that has the latency's LogHistogram bucket (LogHistogram::index_of)
  // already: a table lookup instead of the search, whose four dependent steps were 8 % of a
  // virtual month's time.
  void observe(double seconds, int log_bucket) {
    const std::uint8_t bucket = by_log_bucket_->at(log_bucket);
    add(bucket != BucketsByLogBucket::kSplit ? bucket : bucket_of(seconds), seconds);
  }
  // The index in `buckets` of a latency: the first bound at or above it, as std::lower_bound
  // finds it, by a binary search whose steps pick without branching (a latency's bucket is too
  // random to predict): four steps. (Counting the bounds below it instead, sixteen comparisons
  // that do not wait for each other, took 4 % more instructions and 15 % more mispredictions
  // over a virtual month.)
  std::size_t bucket_of(double seconds) const {
    const double* base = bounds.data();
    for (std::size_t n = bounds.size(); n > 1;) {
      const std::size_t half = n / 2;
      base = base[half] < seconds ? base + half : base;
      n -= half;
    }
    return static_cast<std::size_t>(base - bounds.data()) + (*base < seconds ? 1 : 0);
  }
  // Requests at or below bounds[i], as Prometheus' cumulative `le` buckets.
  std::uint64_t cumulative(std::size_t i) const;

 private:
  void add(std::size_t bucket, double seconds) {
    ++buckets[bucket];
    sum += seconds;
    ++count;
  }

  // Shared by the copies a report makes; built from `bounds` once.
  std::shared_ptr<const BucketsByLogBucket> by_log_bucket_;
};

struct RequestKey {
  std::size_t service = 0;
  std::optional<std::size_t> pod;  // none: refused before reaching a pod (no endpoints)
  int code = 200;
  auto operator<=>(const RequestKey&) const = default;
};

// Counts by key, in key order, like a std::map, but in one sorted vector: a report copies it ten
// times a second, and a lab of 10,000 pods has tens of thousands of keys. New keys are rare (a
// pod's first answer with a code). A pod's answers mostly repeat its last code, so each pod
// remembers where its last count was: a request finds its count there, checked, or else by
// binary search.
class RequestCounts {
 public:
  using value_type = std::pair<RequestKey, std::uint64_t>;

  std::uint64_t& operator[](const RequestKey& key) {
    if (key.pod && *key.pod < last_of_pod_.size()) {
      const std::uint32_t last = last_of_pod_[*key.pod];
      // An insertion since may have moved it: the key says whether it is still there.
      if (last < entries_.size() && entries_[last].first == key) return entries_[last].second;
    }
    return find_or_insert(key);
  }
  std::size_t count(const RequestKey& key) const;
  std::size_t size() const { return entries_.size(); }
  std::vector<value_type>::const_iterator begin() const { return entries_.begin(); }
  std::vector<value_type>::const_iterator end() const { return entries_.end(); }
  bool operator==(const RequestCounts& other) const { return entries_ == other.entries_; }

 private:
  std::uint64_t& find_or_insert(const RequestKey& key);
  static constexpr std::uint32_t kNoEntry = UINT32_MAX;

  std::vector<value_type> entries_;  // sorted by key, each key once
  // By pod: the index in entries_ of the count operator[] last answered for it.
  std::vector<std::uint32_t> last_of_pod_;
};

struct RequestMetrics {
  RequestCounts served;                       // every request a service answered
  std::vector<DurationHistogram> durations;   // per service
  std::map<int, std::uint64_t> lab_requests;  // requests from the lab's clients, by code
  DurationHistogram lab_durations{0.2};       // as the lab's clients saw them
};

}  // namespace hb::core
