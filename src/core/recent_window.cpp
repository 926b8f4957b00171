#include "core/recent_window.h"

#include <algorithm>
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

void RecentWindow::record(TimePoint at, double latency_s, bool error, int latency_bucket) {
  const std::int64_t index = slot_index(at);
  const auto position = static_cast<std::size_t>(index % static_cast<std::int64_t>(slots_.size()));
  Slot& slot = slots_[position];
  LogHistogram& latencies = latencies_[position];
  if (slot.index != index) {
    slot = Slot{index, 0, 0, 0};
    latencies.clear();  // keeps its buckets' memory for the next interval
  }
  latest_ = std::max(latest_, index);
  ++slot.requests;
  if (error) ++slot.errors;
  if (latency_bucket >= first_index_over_limit_) ++slot.over_limit;
  latencies.record_at(latency_bucket, latency_s);
}

void RecentWindow::reset(TimePoint at) {
  for (Slot& slot : slots_) slot = Slot{};
  for (LogHistogram& latencies : latencies_) latencies.clear();
  latest_ = -1;
  since_ = at;
}

bool RecentWindow::covers(const Slot& slot, TimePoint now) const {
  const std::int64_t current = slot_index(now);
  return slot.index > current - static_cast<std::int64_t>(slots_.size()) && slot.index <= current;
}

LogHistogram RecentWindow::latencies(TimePoint now) const {
  LogHistogram merged;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (covers(slots_[i], now)) merged.merge(latencies_[i]);
  }
  return merged;
}

WindowCounts RecentWindow::counts(TimePoint now) const {
  WindowCounts counts;
  if (idle(now)) return counts;
  for (const Slot& slot : slots_) {
    if (!covers(slot, now)) continue;
    counts.requests += slot.requests;
    counts.errors += slot.errors;
    counts.over_limit += slot.over_limit;
  }
  return counts;
}

WindowSummary RecentWindow::summarize(TimePoint now) const {
  WindowSummary summary;
  for (const Slot& slot : slots_) {
    if (!covers(slot, now)) continue;
    summary.requests += slot.requests;
    summary.errors += slot.errors;
  }
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
  const LogHistogram merged = latencies(now);
  summary.p50_s = merged.quantile(0.50);
  summary.p95_s = merged.quantile(0.95);
  summary.p99_s = merged.quantile(0.99);
  return summary;
}

}  // namespace hb::core
