#include "core/rolling_counts.h"

#include <algorithm>

namespace hb::core {

RollingCounts::RingShape RollingCounts::ring_shape(int ring, Duration horizon) {
  constexpr std::array<Duration, kRings> kWidths = {
      std::chrono::seconds(1), std::chrono::minutes(1), std::chrono::minutes(5)};
  const std::array<Duration, kRings> spans = {std::chrono::hours(1), std::chrono::hours(72),
                                              std::max<Duration>(horizon, std::chrono::hours(72))};
  const Duration width = kWidths.at(static_cast<std::size_t>(ring));
  const Duration span = spans.at(static_cast<std::size_t>(ring));
  // One bucket more than the span needs, so the partly filled current bucket never evicts the
  // oldest one a full-span window still covers.
  return {width, static_cast<std::size_t>((span + width - Duration{1}) / width) + 1};
}

RollingCounts::Ring::Ring(RingShape shape) : width(shape.width), buckets(shape.size) {}

void RollingCounts::Ring::add(TimePoint at, const Counts& counts) {
  const std::int64_t index = at.time_since_epoch() / width;
  const auto size = static_cast<std::int64_t>(buckets.size());
  if (index > head) {
    // The buckets skipped since the last add hold nothing; each still records the running total
    // before it, so that a window starting there is one subtraction.
    for (std::int64_t skipped = std::max(head + 1, index - size + 1); skipped <= index; ++skipped) {
      at_index(skipped) = Bucket{skipped, total};
    }
    head = index;
    if (head >= 0) {
      head_from = TimePoint{width * head};
      head_until = head_from + width;
    }
  } else if (index <= head - size) {
    return;  // older than anything the ring holds: no window can cover it any more
  } else {
    // Late (older than the latest bucket): every later bucket's running total grows with it.
    for (std::int64_t later = index + 1; later <= head; ++later) at_index(later).before += counts;
  }
  total += counts;
}

Counts RollingCounts::Ring::before(std::int64_t index, const Counts& latest) const {
  if (index > head) {
    Counts all = total;
    all += latest;
    return all;
  }
  const Bucket& bucket = at_index(index);
  return bucket.index == index ? bucket.before : Counts{};  // not written: before the first add
}

Counts RollingCounts::Ring::over(TimePoint now, Duration window, const Counts& latest) const {
  const auto size = static_cast<std::int64_t>(buckets.size());
  const std::int64_t current = now.time_since_epoch() / width;
  const std::int64_t span = std::clamp<std::int64_t>(window / width, 1, size);
  // What lies further back than the ring reaches from its latest bucket is gone.
  const std::int64_t first = std::max<std::int64_t>({0, current - span + 1, head - size + 1});
  if (first > current) return {};
  Counts sum = before(current + 1, latest);
  sum -= before(first, latest);
  return sum;
}

RollingCounts::RollingCounts(Duration horizon)
    : rings_{Ring(ring_shape(0, horizon)), Ring(ring_shape(1, horizon)),
             Ring(ring_shape(2, horizon))} {}

void RollingCounts::add_elsewhere(TimePoint at, const Counts& counts) {
  settle_latest();  // before a ring moves on from its latest bucket
  for (Ring& ring : rings_) ring.add(at, counts);
  find_latest_span();
}

void RollingCounts::settle_latest() {
  for (Ring& ring : rings_) ring.total += latest_;
  latest_ = {};
}

void RollingCounts::find_latest_span() {
  latest_from_ = TimePoint::min();
  latest_until_ = TimePoint::max();
  for (const Ring& ring : rings_) {
    latest_from_ = std::max(latest_from_, ring.head_from);
    latest_until_ = std::min(latest_until_, ring.head_until);
  }
}

Counts RollingCounts::over(TimePoint now, Duration window) const {
  for (const Ring& ring : rings_) {
    if (window <= ring.horizon()) return ring.over(now, window, latest_);
  }
  return rings_.back().over(now, window, latest_);
}

std::vector<BucketCounts> RollingCounts::buckets(std::optional<TimePoint> since) const {
  std::vector<BucketCounts> out;
  for (std::size_t r = 0; r < rings_.size(); ++r) {
    const Ring& ring = rings_[r];
    if (ring.head < 0) continue;
    const auto size = static_cast<std::int64_t>(ring.buckets.size());
    std::int64_t first = std::max<std::int64_t>(0, ring.head - size + 1);
    if (since) first = std::max(first, since->time_since_epoch() / ring.width);
    for (std::int64_t index = first; index <= ring.head; ++index) {
      Counts counts = ring.before(index + 1, latest_);
      counts -= ring.before(index, latest_);
      if (counts == Counts{}) continue;
      out.push_back({static_cast<int>(r), index, counts});
    }
  }
  return out;
}

void RollingCounts::restore(const std::vector<BucketCounts>& saved) {
  settle_latest();
  for (const BucketCounts& bucket : saved) {
    if (bucket.ring < 0 || bucket.ring >= static_cast<int>(rings_.size())) continue;
    Ring& ring = rings_[static_cast<std::size_t>(bucket.ring)];
    ring.add(TimePoint{ring.width * bucket.bucket}, bucket.counts);
  }
  find_latest_span();
}

std::int64_t RollingCounts::first_bucket_kept(int ring, TimePoint now, Duration horizon) {
  const RingShape shape = ring_shape(ring, horizon);
  return now.time_since_epoch() / shape.width - static_cast<std::int64_t>(shape.size) + 1;
}

std::size_t RollingCounts::memory_bytes() const {
  std::size_t bytes = 0;
  for (const Ring& ring : rings_) bytes += ring.buckets.size() * sizeof(Bucket);
  return bytes;
}

}  // namespace hb::core
