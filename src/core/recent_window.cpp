#include "core/recent_window.h"

#include <algorithm>

namespace hb::core {

RecentWindow::RecentWindow(Duration window, int slots, TimePoint start)
    : width_(window / slots), slots_(static_cast<std::size_t>(slots)), since_(start) {}

void RecentWindow::record(TimePoint at, double latency_s, bool error) {
  const std::int64_t index = slot_index(at);
  Slot& slot = slots_[static_cast<std::size_t>(index % static_cast<std::int64_t>(slots_.size()))];
  if (slot.index != index) slot = Slot{index, 0, 0, {}};
  ++slot.requests;
  if (error) ++slot.errors;
  slot.latencies.record(latency_s);
}

void RecentWindow::reset(TimePoint at) {
  for (Slot& slot : slots_) slot = Slot{};
  since_ = at;
}

bool RecentWindow::covers(const Slot& slot, TimePoint now) const {
  const std::int64_t current = slot_index(now);
  return slot.index > current - static_cast<std::int64_t>(slots_.size()) && slot.index <= current;
}

LogHistogram RecentWindow::latencies(TimePoint now) const {
  LogHistogram merged;
  for (const Slot& slot : slots_) {
    if (covers(slot, now)) merged.merge(slot.latencies);
  }
  return merged;
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
