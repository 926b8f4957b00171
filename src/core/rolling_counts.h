// Exact request counts over rolling windows from minutes to the SLO period, kept in three rings
// of time buckets: 1 s buckets for windows up to 1 h, 1 min up to 3 d, and 5 min up to the
// horizon (the SLO window, or 3 d if longer). A window's figures are sums of counts, never
// averages of ratios; its start moves a bucket at a time, so a window of length w covers between
// w - bucket and w of the most recent past (w rounded down to whole buckets of the ring used).
// Each bucket also keeps the running total of everything added before it, so a window's sum is
// one subtraction, whatever its length (a 30-day window is asked for every second).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
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
  Counts& operator-=(const Counts& other) {
    total -= other.total;
    errors -= other.errors;
    slow -= other.slow;
    return *this;
  }
  bool operator==(const Counts&) const = default;
};

// What one bucket of one ring holds: what a store keeps, and what rebuilds the windows.
struct BucketCounts {
  int ring;             // 0: 1 s buckets, 1: 1 min, 2: 5 min
  std::int64_t bucket;  // which bucket-width interval of time since lab time zero
  Counts counts;
  bool operator==(const BucketCounts&) const = default;
};

class RollingCounts {
 public:
  // Keeps enough history for windows up to `horizon` (and at least 3 days).
  explicit RollingCounts(Duration horizon);

  void add(TimePoint at, const Counts& counts) {
    if (at >= latest_from_ && at < latest_until_) {  // every ring's latest bucket: most adds
      latest_ += counts;                             // one sum for the three rings
      return;
    }
    add_elsewhere(at, counts);
  }
  // Counts over (now - window, now]; windows longer than the horizon are cut to it.
  Counts over(TimePoint now, Duration window) const;
  // The buckets that hold counts, ring by ring, oldest first; with `since`, only those of the
  // intervals that end after it (what changed since a save at `since`, if nothing came late).
  std::vector<BucketCounts> buckets(std::optional<TimePoint> since = std::nullopt) const;
  // Rebuilds the windows of a fresh RollingCounts from buckets() of another with the same
  // horizon: every over() then answers as the other's did.
  void restore(const std::vector<BucketCounts>& buckets);
  // The oldest bucket of `ring` that a RollingCounts of `horizon` still holds at `now`: a store
  // may drop the ones before it.
  static std::int64_t first_bucket_kept(int ring, TimePoint now, Duration horizon);
  static constexpr int kRings = 3;
  // Bytes held by the buckets, for the memory figure in the docs.
  std::size_t memory_bytes() const;

 private:
  struct Bucket {
    std::int64_t index = -1;  // which bucket-width interval of time it holds
    Counts before;            // everything the ring was given before this bucket
  };
  struct RingShape {
    Duration width;
    std::size_t size;
  };
  // Ring 0: 1 s buckets over 1 h, 1: 1 min over 3 d, 2: 5 min over the horizon (at least 3 d).
  static RingShape ring_shape(int ring, Duration horizon);
  struct Ring {
    explicit Ring(RingShape shape);
    Duration width;
    std::vector<Bucket> buckets;
    std::int64_t head = -1;  // the latest bucket index written; every index back to
                             // head - size + 1 (or the first one written) is in the ring
    Counts total;            // everything the ring was given, but RollingCounts::latest_
    // The latest bucket's span [head_from, head_until), for head >= 0 (empty before): most adds
    // fall in it and need no division to find their bucket.
    TimePoint head_from = TimePoint::max();
    TimePoint head_until = TimePoint::min();
    Duration horizon() const { return width * static_cast<std::int64_t>(buckets.size() - 1); }
    void add(TimePoint at, const Counts& counts);
    // With `latest`, the counts of the latest bucket not in `total` yet.
    Counts over(TimePoint now, Duration window, const Counts& latest) const;
    // The running total before bucket `index`, for head - size < index.
    Counts before(std::int64_t index, const Counts& latest) const;

   private:
    Bucket& at_index(std::int64_t index) {
      return buckets[static_cast<std::size_t>(index % static_cast<std::int64_t>(buckets.size()))];
    }
    const Bucket& at_index(std::int64_t index) const {
      return buckets[static_cast<std::size_t>(index % static_cast<std::int64_t>(buckets.size()))];
    }
  };

  // add() outside the span every ring's latest bucket covers: ring by ring, latest_ first.
  void add_elsewhere(TimePoint at, const Counts& counts);
  // Adds latest_ to every ring's total.
  void settle_latest();
  // Sets the span below from the rings' latest buckets.
  void find_latest_span();

  std::array<Ring, 3> rings_;  // finest first
  // The span that all the rings' latest buckets cover (empty before the first add): an add in
  // it only grows latest_, with one test of the time for the three rings.
  TimePoint latest_from_ = TimePoint::max();
  TimePoint latest_until_ = TimePoint::min();
  // What the adds in that span gave since the rings' totals last took it: part of every ring's
  // latest bucket. (Three rings' totals grown at each add were 2 % of the default chain's
  // instructions.)
  Counts latest_;
};

}  // namespace hb::core
