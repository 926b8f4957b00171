#include "core/slo.h"

#include <algorithm>
#include <cmath>

namespace hb::core {
namespace {

// One SLI's figures from the counts of each window; `bad` picks errors or slow requests.
template <typename Bad>
SliReport sli_report(double target, const std::vector<Counts>& counts,
                     const std::vector<Duration>& windows, Duration period,
                     const std::vector<Duration>& data, Bad bad) {
  SliReport report;
  report.target = target;
  report.slo_window = period;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const std::uint64_t n_bad = bad(counts[i]);
    report.windows.push_back(WindowFigures{windows[i], data[i], counts[i].total, n_bad,
                                           error_ratio(n_bad, counts[i].total),
                                           burn_rate(n_bad, counts[i].total, target)});
  }
  const WindowFigures& whole = report.period();
  if (whole.error_ratio) report.sli = 1.0 - *whole.error_ratio;
  report.budget_consumed = whole.burn_rate;
  if (report.budget_consumed) {
    report.budget_remaining = std::max(0.0, 1.0 - *report.budget_consumed);
  }
  const WindowFigures* hour = report.over(std::chrono::hours(1));
  if (report.budget_remaining && hour && hour->burn_rate && *hour->burn_rate > 0.0) {
    // Burning at rate b spends the whole budget in W / b.
    report.budget_exhausted_in =
        from_seconds(*report.budget_remaining * to_seconds(period) / *hour->burn_rate);
  }
  return report;
}

}  // namespace

std::string window_name(Duration window) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(window).count();
  if (s > 0 && s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s > 0 && s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s > 0 && s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

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

double error_budget(double target) {
  // 1 - 0.995 is 0.0050000000000000044 in binary floating point; rounded to 12 decimals it is
  // the nearest double to 0.005, so traffic exactly on budget burns at exactly 1.
  return std::round((1.0 - target) * 1e12) / 1e12;
}

std::optional<double> error_ratio(std::uint64_t bad, std::uint64_t total) {
  if (total == 0) return std::nullopt;
  return static_cast<double>(bad) / static_cast<double>(total);
}

std::optional<double> burn_rate(std::uint64_t bad, std::uint64_t total, double target) {
  const auto ratio = error_ratio(bad, total);
  if (!ratio) return std::nullopt;
  return *ratio / error_budget(target);
}

const WindowFigures* SliReport::over(Duration window) const {
  for (const WindowFigures& figures : windows) {
    if (figures.window == window) return &figures;
  }
  return nullptr;
}

SloTracker::SloTracker(std::string name, const SloSpec& spec, TimePoint start)
    : name_(std::move(name)),
      spec_(spec),
      counts_(spec.window),
      data_since_(start),
      recent_(kBurnWindow5m, 30, start) {}

void SloTracker::record(TimePoint at, bool error, Duration latency, int latency_bucket) {
  const bool slow = latency > millis(spec_.latency_threshold_ms);
  counts_.add(at, Counts{1, error ? 1u : 0u, slow ? 1u : 0u});
  recent_.record(at, to_seconds(latency), error, latency_bucket);
}

SloReport SloTracker::report(TimePoint now) const {
  SloReport report = burn_report(now);
  add_percentiles(report, now);
  return report;
}

SloReport SloTracker::burn_report(TimePoint now) const {
  std::vector<Duration> windows(kBurnWindows.begin(), kBurnWindows.end());
  if (std::find(windows.begin(), windows.end(), spec_.window) == windows.end()) {
    windows.push_back(spec_.window);
  }
  std::vector<Counts> counts;
  std::vector<Duration> data;
  for (const Duration window : windows) {
    counts.push_back(counts_.over(now, window));
    data.push_back(with_data(std::max(data_since_, now - window), now, downtimes_));
  }

  SloReport report;
  report.name = name_;
  report.spec = spec_;
  report.availability = sli_report(spec_.availability_target, counts, windows, spec_.window, data,
                                   [](const Counts& c) { return c.errors; });
  report.latency = sli_report(spec_.latency_target, counts, windows, spec_.window, data,
                              [](const Counts& c) { return c.slow; });
  if (const auto burn = report.availability.windows.front().burn_rate) {
    report.indicator = indicator_for(*burn);
  }
  return report;
}

void SloTracker::restore(const std::vector<BucketCounts>& buckets, TimePoint data_since,
                         std::vector<Downtime> downtimes) {
  counts_.restore(buckets);
  data_since_ = data_since;
  downtimes_ = std::move(downtimes);
}

void SloTracker::add_percentiles(SloReport& report, TimePoint now) const {
  const RecentWindow::Percentiles latency = recent_.percentiles(now);
  report.latency_p50_s = latency.p50;
  report.latency_p95_s = latency.p95;
  report.latency_p99_s = latency.p99;
}

}  // namespace hb::core
