// The recent past of every service, one sample a second: the figures the dashboard charts.
// Each sample holds what the service's status window (the last 2 s) measured at that instant.
// Bounded: the oldest samples drop out first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "core/time.h"

namespace hb::core {

struct ServiceSample {
  std::optional<double> p50_s, p95_s, p99_s;  // none without requests
  std::optional<double> error_ratio;          // none without requests
  double request_rate = 0.0;                  // requests per second
  int pods_healthy = 0;
  int pods_ready = 0;
  int pods_total = 0;
};

struct HistorySample {
  TimePoint at;
  std::vector<ServiceSample> services;  // in the order of the lab's services
};

class History {
 public:
  static constexpr Duration kStep = std::chrono::seconds(1);
  static constexpr std::size_t kDefaultCapacity = 3600;  // one hour

  explicit History(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  void add(HistorySample sample);
  // Replaces the samples with those kept from an earlier run (oldest first) and the count it had
  // reached.
  void restore(std::deque<HistorySample> samples, std::uint64_t count);

  // Oldest first.
  const std::deque<HistorySample>& samples() const { return samples_; }
  // Samples added so far, including those that dropped out.
  std::uint64_t count() const { return count_; }
  // How far back the history reaches when full.
  Duration span() const { return kStep * static_cast<std::int64_t>(capacity_); }

 private:
  std::size_t capacity_;
  std::deque<HistorySample> samples_;
  std::uint64_t count_ = 0;
};

}  // namespace hb::core
