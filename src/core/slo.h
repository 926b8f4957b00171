// SLO arithmetic (Google SRE Workbook) over exact counts, and the tracker that keeps those
// counts for one SLO. Every figure is optional: a window without traffic has no data.
#pragma once

#include <optional>
#include <string_view>

#include "core/lab_spec.h"
#include "core/recent_window.h"
#include "core/rolling_counts.h"

namespace hb::core {

inline constexpr Duration kBurnWindow5m = std::chrono::minutes(5);

// The original dashboard's traffic light on the 5-minute burn rate.
enum class BurnIndicator { kNormal, kMedium, kHigh };
std::string_view to_string(BurnIndicator indicator);
// Below 1: normal; 1 to 2: medium; above 2: high.
BurnIndicator indicator_for(double burn_rate);

// bad / total; none without traffic.
std::optional<double> error_ratio(const Counts& counts);
// The allowed share of bad requests, 1 - target, free of binary rounding noise.
double error_budget(double target);
// (bad / total) / (1 - target): how fast the error budget burns, 1 = exactly on budget.
std::optional<double> burn_rate(const Counts& counts, double target);

struct SloReport {
  std::uint64_t requests_5m = 0;
  std::uint64_t requests_window = 0;
  std::optional<double> error_ratio_5m;
  std::optional<double> burn_rate_5m;
  std::optional<BurnIndicator> indicator;
  std::optional<double> availability;     // good / total over the SLO window
  std::optional<double> budget_consumed;  // share of the window's error budget spent; > 1 overspent
  std::optional<double> budget_remaining;  // 1 - consumed, at least 0 (0 = exhausted)
  std::optional<double> latency_p95_s;     // over the last 5 minutes
  std::optional<double> latency_sli_5m;    // share of requests within the threshold
};

class SloTracker {
 public:
  SloTracker(const SloSpec& spec, TimePoint start);

  void record(TimePoint at, bool error, Duration latency);
  SloReport report(TimePoint now) const;
  const SloSpec& spec() const { return spec_; }

 private:
  SloSpec spec_;
  RollingCounts counts_;
  RecentWindow recent_;  // latencies over the last 5 minutes, for the p95
};

}  // namespace hb::core
