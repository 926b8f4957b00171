// Request figures over a short sliding window (a pod's last 2 s, the lab's last 5 min), kept as a
// ring of time slots, each with its counts and a latency histogram. The window slides a slot at a
// time, so it covers between (slots - 1) and slots slot-widths of the most recent past.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/log_histogram.h"
#include "core/time.h"

namespace hb::core {

struct WindowSummary {
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
  double request_rate = 0.0;          // requests per second over the covered span
  std::optional<double> error_ratio;  // none without requests
  std::optional<double> p50_s, p95_s, p99_s;
};

class RecentWindow {
 public:
  RecentWindow(Duration window, int slots, TimePoint start);

  void record(TimePoint at, double latency_s, bool error);
  // Drops everything, as after a restart; the window fills again from `at`.
  void reset(TimePoint at);
  WindowSummary summarize(TimePoint now) const;
  // The latencies of the covered slots, merged.
  LogHistogram latencies(TimePoint now) const;

 private:
  struct Slot {
    std::int64_t index = -1;  // which slot-width interval of time this slot holds
    std::uint64_t requests = 0;
    std::uint64_t errors = 0;
    LogHistogram latencies;
  };
  std::int64_t slot_index(TimePoint t) const { return t.time_since_epoch() / width_; }
  bool covers(const Slot& slot, TimePoint now) const;

  Duration width_;
  std::vector<Slot> slots_;
  TimePoint since_;
};

}  // namespace hb::core
