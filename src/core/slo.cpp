#include "core/slo.h"

#include <algorithm>
#include <cmath>

namespace hb::core {
namespace {

// One window's figures; `budget` is error_budget(target), worked out once per report.
WindowFigures window_figures(Duration window, Duration data, std::uint64_t total, std::uint64_t bad,
                             double budget) {
  WindowFigures figures{window, data, total, bad, error_ratio(bad, total), std::nullopt};
  if (figures.error_ratio) figures.burn_rate = *figures.error_ratio / budget;
  return figures;
}

// The SLI's figures over its SLO window, once its windows are filled in.
void complete(SliReport& report, double target, Duration period) {
  report.target = target;
  report.slo_window = period;
  const WindowFigures& whole = report.period();
  report.sli.reset();
  if (whole.error_ratio) report.sli = 1.0 - *whole.error_ratio;
  report.budget_consumed = whole.burn_rate;
  report.budget_remaining.reset();
  if (report.budget_consumed) {
    report.budget_remaining = std::max(0.0, 1.0 - *report.budget_consumed);
  }
  report.budget_exhausted_in.reset();
  const WindowFigures* hour = report.over(std::chrono::hours(1));
  if (report.budget_remaining && hour && hour->burn_rate && *hour->burn_rate > 0.0) {
    // Burning at rate b spends the whole budget in W / b.
    report.budget_exhausted_in =
        from_seconds(*report.budget_remaining * to_seconds(period) / *hour->burn_rate);
  }
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
      latency_threshold_(millis(spec.latency_threshold_ms)),
      windows_(kBurnWindows.begin(), kBurnWindows.end()),
      counts_(spec.window),
      data_since_(start),
      recent_(kBurnWindow5m, 30, start) {
  if (std::find(windows_.begin(), windows_.end(), spec_.window) == windows_.end()) {
    windows_.push_back(spec_.window);
  }
}

SloReport SloTracker::report(TimePoint now) const {
  SloReport report = burn_report(now);
  add_percentiles(report, now);
  return report;
}

SloReport SloTracker::burn_report(TimePoint now) const {
  SloReport report;
  burn_report(now, report);
  return report;
}

void SloTracker::burn_report(TimePoint now, SloReport& report) const {
  report.name = name_;
  report.spec = spec_;
  const double availability_budget = error_budget(spec_.availability_target);
  const double latency_budget = error_budget(spec_.latency_target);
  report.availability.windows.resize(windows_.size());
  report.latency.windows.resize(windows_.size());
  for (std::size_t i = 0; i < windows_.size(); ++i) {
    const Duration window = windows_[i];
    const Counts counts = counts_.over(now, window);
    const Duration data = with_data(std::max(data_since_, now - window), now, downtimes_);
    report.availability.windows[i] =
        window_figures(window, data, counts.total, counts.errors, availability_budget);
    report.latency.windows[i] =
        window_figures(window, data, counts.total, counts.slow, latency_budget);
  }
  complete(report.availability, spec_.availability_target, spec_.window);
  complete(report.latency, spec_.latency_target, spec_.window);
  report.indicator.reset();
  if (const auto burn = report.availability.windows.front().burn_rate) {
    report.indicator = indicator_for(*burn);
  }
  report.latency_p50_s.reset();
  report.latency_p95_s.reset();
  report.latency_p99_s.reset();
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
