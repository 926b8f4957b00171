// Request figures over a short sliding window (a pod's last 2 s, the lab's last 5 min), kept as a
// ring of time slots, each with a latency histogram. The window slides a slot at a time, so it
// covers between (slots - 1) and slots slot-widths of the most recent past. Its counts are running
// totals: each slot keeps what was recorded before it, so the counts of a window are one
// subtraction (a status reads them for every pod ten times a second).
#pragma once

#include <cstdint>
#include <limits>
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

// The counts of a window without its latencies, for a status decided ten times a second.
struct WindowCounts {
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
  // Recorded in a latency bucket reported as over the window's latency limit.
  std::uint64_t over_limit = 0;
  // Whether the window's p95 (as summarize() reports it) is over the latency limit: the rank of
  // the p95 lies among the requests over it. Never without requests.
  bool p95_over_limit() const;

  WindowCounts& operator+=(const WindowCounts& other) {
    requests += other.requests;
    errors += other.errors;
    over_limit += other.over_limit;
    return *this;
  }
  WindowCounts& operator-=(const WindowCounts& other) {
    requests -= other.requests;
    errors -= other.errors;
    over_limit -= other.over_limit;
    return *this;
  }
  bool operator==(const WindowCounts&) const = default;
};

class RecentWindow {
 public:
  // `latency_limit_ms`: what counts() compares latencies with; none by default.
  RecentWindow(Duration window, int slots, TimePoint start,
               double latency_limit_ms = std::numeric_limits<double>::infinity());

  void record(TimePoint at, double latency_s, bool error) {
    record(at, latency_s, error, LogHistogram::index_of(latency_s));
  }
  // The same, for a caller that has the latency's LogHistogram bucket already.
  void record(TimePoint at, double latency_s, bool error, int latency_bucket) {
    if (at < latest_from_ || at >= latest_until_) {  // not in the latest slot: rarely
      record_elsewhere(at, latency_s, error, latency_bucket);
      return;
    }
    ++total_.requests;
    if (error) ++total_.errors;
    if (latency_bucket >= first_index_over_limit_) ++total_.over_limit;
    latencies_[latest_position_].record_at(latency_bucket, latency_s);
  }
  // Drops everything, as after a restart; the window fills again from `at`.
  void reset(TimePoint at);
  WindowSummary summarize(TimePoint now) const;
  WindowCounts counts(TimePoint now) const;
  // The latencies of the covered slots, merged.
  LogHistogram latencies(TimePoint now) const;
  // p50, p95 and p99 of the covered slots, as latencies(now).quantile() gives them, in one pass
  // over one buffer (a report asks for them of every pod).
  struct Percentiles {
    std::optional<double> p50, p95, p99;
  };
  Percentiles percentiles(TimePoint now) const;

 private:
  struct Slot {
    std::int64_t index = -1;  // which slot-width interval of time this slot holds
    WindowCounts before;      // everything recorded before that interval (since a reset)
  };
  std::int64_t slot_index(TimePoint t) const { return t.time_since_epoch() / width_; }
  std::size_t position_of(std::int64_t index) const {
    return static_cast<std::size_t>(index % static_cast<std::int64_t>(slots_.size()));
  }
  bool covers(const Slot& slot, TimePoint now) const;
  // record() for a time outside the latest slot: a new latest slot, or a late record.
  void record_elsewhere(TimePoint at, double latency_s, bool error, int latency_bucket);
  // Makes slot `index`, later than the latest, the latest: it and the slots skipped since the
  // latest begin empty, each with the running total before it.
  void advance(std::int64_t index);
  // The running total before slot `index`, for an index the ring still holds or a later one.
  WindowCounts before(std::int64_t index) const;
  // Nothing recorded in the slots `now` covers: the window is empty.
  bool idle(TimePoint now) const {
    return latest_ <= slot_index(now) - static_cast<std::int64_t>(slots_.size());
  }

  Duration width_;
  int first_index_over_limit_;  // in LogHistogram's buckets
  std::vector<Slot> slots_;
  std::vector<LogHistogram> latencies_;  // by slot, at the same position
  WindowCounts total_;                   // everything recorded since the last reset
  // The latest slot index recorded in; every index from the first recorded in (or from
  // latest_ - slots + 1) up to it is in the ring.
  std::int64_t latest_ = -1;
  // The latest slot's span [latest_from_, latest_until_) and position, once latest_ >= 0: most
  // records fall in it and need no division to find their slot.
  TimePoint latest_from_ = TimePoint::max();
  TimePoint latest_until_ = TimePoint::min();
  std::size_t latest_position_ = 0;
  TimePoint since_;
};

}  // namespace hb::core
