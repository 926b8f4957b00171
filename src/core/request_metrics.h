// Monotonic request counters and duration histograms, in the shape Prometheus exports them.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace hb::core {

// Upper bounds in seconds shared by every duration histogram.
inline constexpr std::array<double, 15> kDurationBuckets = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0};

struct DurationHistogram {
  // The bounds are kDurationBuckets plus the SLO's latency threshold, so that the latency SLI can
  // be recomputed from the buckets exactly whatever the threshold.
  explicit DurationHistogram(double threshold_s);

  std::vector<double> bounds;          // ascending upper bounds, without +Inf
  std::vector<std::uint64_t> buckets;  // one per bound, then +Inf; not cumulative
  double sum = 0.0;
  std::uint64_t count = 0;

  void observe(double seconds) {
    // The first bound at or above it, as std::lower_bound finds it, by a binary search whose
    // steps pick without branching (a latency's bucket is too random to predict): four steps.
    // (Counting the bounds below it instead, sixteen comparisons that do not wait for each
    // other, took 4 % more instructions and 15 % more mispredictions over a virtual month.)
    const double* base = bounds.data();
    for (std::size_t n = bounds.size(); n > 1;) {
      const std::size_t half = n / 2;
      base = base[half] < seconds ? base + half : base;
      n -= half;
    }
    ++buckets[static_cast<std::size_t>(base - bounds.data()) + (*base < seconds ? 1 : 0)];
    sum += seconds;
    ++count;
  }
  // Requests at or below bounds[i], as Prometheus' cumulative `le` buckets.
  std::uint64_t cumulative(std::size_t i) const;
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
