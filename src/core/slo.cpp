#include "core/slo.h"

#include <algorithm>
#include <cmath>

namespace hb::core {

std::string_view to_string(BurnIndicator indicator) {
  switch (indicator) {
    case BurnIndicator::kNormal:
      return "normal";
    case BurnIndicator::kMedium:
      return "medium";
    case BurnIndicator::kHigh:
      return "high";
  }
  return "unknown";
}

BurnIndicator indicator_for(double burn_rate) {
  if (burn_rate < 1.0) return BurnIndicator::kNormal;
  if (burn_rate <= 2.0) return BurnIndicator::kMedium;
  return BurnIndicator::kHigh;
}

std::optional<double> error_ratio(const Counts& counts) {
  if (counts.total == 0) return std::nullopt;
  return static_cast<double>(counts.errors) / static_cast<double>(counts.total);
}

double error_budget(double target) {
  // 1 - 0.995 is 0.0050000000000000044 in binary floating point; rounded to 12 decimals it is
  // the nearest double to 0.005, so traffic exactly on budget burns at exactly 1.
  return std::round((1.0 - target) * 1e12) / 1e12;
}

std::optional<double> burn_rate(const Counts& counts, double target) {
  const auto ratio = error_ratio(counts);
  if (!ratio) return std::nullopt;
  return *ratio / error_budget(target);
}

SloTracker::SloTracker(const SloSpec& spec, TimePoint start)
    : spec_(spec), counts_(spec.window), recent_(kBurnWindow5m, 30, start) {}

void SloTracker::record(TimePoint at, bool error, Duration latency) {
  const bool slow = latency > millis(spec_.latency_threshold_ms);
  counts_.add(at, Counts{1, error ? 1u : 0u, slow ? 1u : 0u});
  recent_.record(at, to_seconds(latency), error);
}

SloReport SloTracker::report(TimePoint now) const {
  SloReport report;
  const Counts last5m = counts_.over(now, kBurnWindow5m);
  const Counts window = counts_.over(now, spec_.window);
  report.requests_5m = last5m.total;
  report.requests_window = window.total;
  report.error_ratio_5m = error_ratio(last5m);
  report.burn_rate_5m = burn_rate(last5m, spec_.availability_target);
  if (report.burn_rate_5m) report.indicator = indicator_for(*report.burn_rate_5m);
  if (const auto ratio = error_ratio(window)) report.availability = 1.0 - *ratio;
  report.budget_consumed = burn_rate(window, spec_.availability_target);
  if (report.budget_consumed)
    report.budget_remaining = std::max(0.0, 1.0 - *report.budget_consumed);
  report.latency_p95_s = recent_.latencies(now).quantile(0.95);
  if (last5m.total > 0) {
    report.latency_sli_5m =
        1.0 - static_cast<double>(last5m.slow) / static_cast<double>(last5m.total);
  }
  return report;
}

}  // namespace hb::core
