#include "core/recent_window.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>

namespace hb::core {

bool WindowCounts::p95_over_limit() const {
  if (requests == 0) return false;
  // LogHistogram::quantile's nearest rank, computed the same way.
  const auto rank = std::max<std::uint64_t>(
      static_cast<std::uint64_t>(std::ceil(0.95 * static_cast<double>(requests))), 1);
  return requests - over_limit < rank;
}

RecentWindow::RecentWindow(Duration window, int slots, TimePoint start, double latency_limit_ms)
    // Latencies are recorded in seconds and compared in milliseconds, as degraded_reason() does.
    : width_(window / slots),
      first_index_over_limit_(LogHistogram::first_index_over(latency_limit_ms, 1000.0)),
      slots_(static_cast<std::size_t>(slots)),
      latencies_(static_cast<std::size_t>(slots)),
      since_(start) {}

void RecentWindow::advance(std::int64_t index) {
  const auto size = static_cast<std::int64_t>(slots_.size());
  for (std::int64_t skipped = std::max({latest_ + 1, index - size + 1, std::int64_t{0}});
       skipped <= index; ++skipped) {
    const std::size_t position = position_of(skipped);
    slots_[position] = Slot{skipped, total_};
    latencies_[position].clear_keeping_range();
  }
  latest_ = index;
  latest_position_ = position_of(index);
  latest_from_ = TimePoint{width_ * index};
  latest_until_ = latest_from_ + width_;
}

void RecentWindow::record_elsewhere(TimePoint at, double latency_s, bool error,
                                    int latency_bucket) {
  const std::int64_t index = slot_index(at);
  if (index < 0) return;  // before lab time zero: no window covers it
  const WindowCounts one{1, error ? 1u : 0u, latency_bucket >= first_index_over_limit_ ? 1u : 0u};
  if (index > latest_) {
    advance(index);
  } else if (index <= latest_ - static_cast<std::int64_t>(slots_.size())) {
    return;  // older than the ring holds: no window covers it any more
  } else {
    // Late: every later slot's running total grows with it. (The first record wrote every slot
    // back to its index - slots + 1, so the late one's slot holds its interval.)
    assert(slots_[position_of(index)].index == index);
    for (std::int64_t later = index + 1; later <= latest_; ++later) {
      slots_[position_of(later)].before += one;
    }
  }
  total_ += one;
  latencies_[position_of(index)].record_at(latency_bucket, latency_s);
}

void RecentWindow::reset(TimePoint at) {
  for (Slot& slot : slots_) slot = Slot{};
  for (LogHistogram& latencies : latencies_) latencies.clear();
  total_ = {};
  latest_ = -1;
  latest_from_ = TimePoint::max();
  latest_until_ = TimePoint::min();
  since_ = at;
}

bool RecentWindow::covers(const Slot& slot, TimePoint now) const {
  const std::int64_t current = slot_index(now);
  return slot.index > current - static_cast<std::int64_t>(slots_.size()) && slot.index <= current;
}

WindowCounts RecentWindow::before(std::int64_t index) const {
  if (index > latest_) return total_;
  const Slot& slot = slots_[position_of(index)];
  return slot.index == index ? slot.before : WindowCounts{};  // not written: before the first
}

LogHistogram RecentWindow::latencies(TimePoint now) const {
  LogHistogram merged;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (covers(slots_[i], now)) merged.merge(latencies_[i]);
  }
  return merged;
}

WindowCounts RecentWindow::counts(TimePoint now) const {
  if (idle(now)) return {};
  const std::int64_t current = slot_index(now);
  WindowCounts counts = before(current + 1);
  counts -=
      before(std::max<std::int64_t>(current - static_cast<std::int64_t>(slots_.size()) + 1, 0));
  return counts;
}

WindowSummary RecentWindow::summarize(TimePoint now) const {
  WindowSummary summary;
  const WindowCounts counted = counts(now);
  summary.requests = counted.requests;
  summary.errors = counted.errors;
  const auto n = static_cast<std::int64_t>(slots_.size());
  const TimePoint window_start{width_ * (slot_index(now) - n + 1)};
  const Duration covered = now - std::max(window_start, since_);
  if (covered > Duration::zero()) {
    summary.request_rate = static_cast<double>(summary.requests) / to_seconds(covered);
  }
  if (summary.requests > 0) {
    summary.error_ratio =
        static_cast<double>(summary.errors) / static_cast<double>(summary.requests);
  }
  const Percentiles latency = percentiles(now);
  summary.p50_s = latency.p50;
  summary.p95_s = latency.p95;
  summary.p99_s = latency.p99;
  return summary;
}

RecentWindow::Percentiles RecentWindow::percentiles(TimePoint now) const {
  int first = std::numeric_limits<int>::max();
  int last = std::numeric_limits<int>::min();
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const LogHistogram& h = latencies_[i];
    if (!covers(slots_[i], now) || h.count() == 0) continue;
    first = std::min(first, h.first_index());
    last = std::max(last, h.first_index() + static_cast<int>(h.buckets().size()) - 1);
    count += h.count();
  }
  if (count == 0) return {};
  std::vector<std::uint64_t> merged(static_cast<std::size_t>(last - first + 1), 0);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const LogHistogram& h = latencies_[i];
    if (!covers(slots_[i], now) || h.count() == 0) continue;
    const auto offset = static_cast<std::size_t>(h.first_index() - first);
    for (std::size_t k = 0; k < h.buckets().size(); ++k) merged[offset + k] += h.buckets()[k];
  }
  // LogHistogram::quantile's nearest rank for each, found in one walk (the ranks ascend).
  const std::array<double, 3> qs = {0.50, 0.95, 0.99};
  std::array<std::uint64_t, 3> ranks{};
  for (std::size_t i = 0; i < qs.size(); ++i) {
    ranks[i] = std::max<std::uint64_t>(
        static_cast<std::uint64_t>(std::ceil(qs[i] * static_cast<double>(count))), 1);
  }
  std::array<std::optional<double>, 3> found;
  std::size_t next = 0;
  std::uint64_t seen = 0;
  for (std::size_t k = 0; k < merged.size() && next < qs.size(); ++k) {
    seen += merged[k];
    while (next < qs.size() && seen >= ranks[next]) {
      found[next++] = LogHistogram::value_of(first + static_cast<int>(k));
    }
  }
  return {found[0], found[1], found[2]};
}

}  // namespace hb::core
