// Exact request counts over rolling windows from minutes to the SLO period. Two rings of time
// buckets: fine (10 s) for windows up to 6 h, coarse (5 min) for longer ones up to the horizon.
// A window's figures are sums of counts, never averages of ratios; its edges move a bucket at
// a time, so a window of length w covers between w - bucket and w of the most recent past.
#pragma once

#include <cstdint>
#include <vector>

#include "core/time.h"

namespace hb::core {

struct Counts {
  std::uint64_t total = 0;
  std::uint64_t errors = 0;  // 5xx or timed out: bad for availability
  std::uint64_t slow = 0;    // over the latency threshold: bad for the latency SLI

  Counts& operator+=(const Counts& other) {
    total += other.total;
    errors += other.errors;
    slow += other.slow;
    return *this;
  }
  bool operator==(const Counts&) const = default;
};

class RollingCounts {
 public:
  static constexpr Duration kFineBucket = std::chrono::seconds(10);
  static constexpr Duration kFineHorizon = std::chrono::hours(6);
  static constexpr Duration kCoarseBucket = std::chrono::minutes(5);

  // Keeps enough history for windows up to `horizon`.
  explicit RollingCounts(Duration horizon);

  void add(TimePoint at, const Counts& counts);
  // Counts over (now - window, now]; windows longer than the horizon are cut to it.
  Counts over(TimePoint now, Duration window) const;
  // Bytes held by the buckets, for the memory figure in the docs.
  std::size_t memory_bytes() const;

 private:
  struct Bucket {
    std::int64_t index = -1;
    Counts counts;
  };
  struct Ring {
    Duration width;
    std::vector<Bucket> buckets;
    void add(TimePoint at, const Counts& counts);
    Counts over(TimePoint now, Duration window) const;
  };

  Ring fine_;
  Ring coarse_;
};

}  // namespace hb::core
