// Monotonic request counters and duration histograms, in the shape Prometheus exports them.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
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

  void observe(double seconds);
  // Requests at or below bounds[i], as Prometheus' cumulative `le` buckets.
  std::uint64_t cumulative(std::size_t i) const;
};

struct RequestKey {
  std::size_t service = 0;
  std::optional<std::size_t> pod;  // none: refused before reaching a pod (no endpoints)
  int code = 200;
  auto operator<=>(const RequestKey&) const = default;
};

struct RequestMetrics {
  std::map<RequestKey, std::uint64_t> served;  // every request a service answered
  std::vector<DurationHistogram> durations;    // per service
  std::map<int, std::uint64_t> lab_requests;   // requests from the lab's clients, by code
  DurationHistogram lab_durations{0.2};        // as the lab's clients saw them
};

}  // namespace hb::core
