// SLO arithmetic (Google SRE Workbook) over exact counts, and the tracker that keeps those
// counts for one SLO. Every figure is optional: a window without traffic has no data.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/downtime.h"
#include "core/lab_spec.h"
#include "core/recent_window.h"
#include "core/rolling_counts.h"

namespace hb::core {

// The windows burn rates are reported over, besides the SLO window itself.
inline constexpr std::array<Duration, 7> kBurnWindows = {
    std::chrono::minutes(5), std::chrono::minutes(30), std::chrono::hours(1), std::chrono::hours(2),
    std::chrono::hours(6),   std::chrono::hours(24),   std::chrono::hours(72)};
inline constexpr Duration kBurnWindow5m = kBurnWindows[0];

// "5m", "1h", "30d", "90s": the largest unit that divides the duration.
std::string window_name(Duration window);

// The original dashboard's traffic light on the 5-minute burn rate.
enum class BurnIndicator { kNormal, kMedium, kHigh };
std::string_view to_string(BurnIndicator indicator);
// Below 1: normal; 1 to 2: medium; above 2: high.
BurnIndicator indicator_for(double burn_rate);

// The allowed share of bad requests, 1 - target, free of binary rounding noise.
double error_budget(double target);
// bad / total; none without traffic.
std::optional<double> error_ratio(std::uint64_t bad, std::uint64_t total);
// (bad / total) / (1 - target): how fast the error budget burns, 1 = exactly on budget.
std::optional<double> burn_rate(std::uint64_t bad, std::uint64_t total, double target);

struct WindowFigures {
  Duration window{};
  // How much of the window has data: the part of it since the tracker's data_since (the lab's
  // start) that is not downtime, so 11 s for every window 11 s after start. A window is full
  // when this equals `window`. It is the nominal span: the counts are cut to whole buckets (see
  // RollingCounts), so they may miss up to one bucket (1 s, 1 min or 5 min) of its oldest part.
  Duration data{};
  std::uint64_t total = 0;
  std::uint64_t bad = 0;
  std::optional<double> error_ratio;
  std::optional<double> burn_rate;
};

// One SLI of an SLO (availability, or latency within the threshold) over every window.
struct SliReport {
  double target = 0.0;
  std::vector<WindowFigures> windows;  // kBurnWindows, then the SLO window unless among them
  Duration slo_window{};
  std::optional<double> sli;               // good / total over the SLO window
  std::optional<double> budget_consumed;   // share of the window's budget spent; > 1 overspent
  std::optional<double> budget_remaining;  // 1 - consumed, at least 0 (0 = exhausted)
  // At the current 1 h burn rate; none while nothing burns or without data.
  std::optional<Duration> budget_exhausted_in;

  const WindowFigures* over(Duration window) const;
  const WindowFigures& period() const { return *over(slo_window); }
};

struct SloReport {
  std::string name;  // the service, or "lab"
  SloSpec spec;
  SliReport availability;
  SliReport latency;
  std::optional<BurnIndicator> indicator;  // on the 5-minute availability burn rate
  std::optional<double> latency_p50_s, latency_p95_s, latency_p99_s;  // last 5 minutes
};

class SloTracker {
 public:
  // `start` is when the counts begin: no window reaches back before it.
  SloTracker(std::string name, const SloSpec& spec, TimePoint start);

  void record(TimePoint at, bool error, Duration latency) {
    record(at, error, latency, LogHistogram::index_of(to_seconds(latency)));
  }
  // The same, for a caller that has the latency's LogHistogram bucket (in seconds) already.
  void record(TimePoint at, bool error, Duration latency, int latency_bucket) {
    const bool slow = latency > latency_threshold_;
    counts_.add(at, Counts{1, error ? 1u : 0u, slow ? 1u : 0u});
    recent_.record(at, to_seconds(latency), error, latency_bucket);
  }
  SloReport report(TimePoint now) const;
  // The report without its percentiles: all that alerts need, cheap enough for every
  // evaluation step. add_percentiles() completes it when it is published.
  SloReport burn_report(TimePoint now) const;
  // The same into `report`, reusing its storage: what each evaluation step does, without
  // allocating.
  void burn_report(TimePoint now, SloReport& report) const;
  void add_percentiles(SloReport& report, TimePoint now) const;
  const SloSpec& spec() const { return spec_; }
  // What a store keeps of the counts: the buckets of the intervals ending after `since` (all of
  // them without), as RollingCounts::buckets().
  std::vector<BucketCounts> buckets(std::optional<TimePoint> since = std::nullopt) const {
    return counts_.buckets(since);
  }
  TimePoint data_since() const { return data_since_; }
  // Carries on from the counts of an earlier run of the same SLO: its buckets, when its data
  // began, and the spans the server was down since (which have no data). The latency
  // percentiles start afresh.
  void restore(const std::vector<BucketCounts>& buckets, TimePoint data_since,
               std::vector<Downtime> downtimes);
  // Bytes of counts and histograms held, for the memory figure in docs/slo.md.
  std::size_t memory_bytes() const { return counts_.memory_bytes(); }

 private:
  std::string name_;
  SloSpec spec_;
  Duration latency_threshold_;
  std::vector<Duration> windows_;  // kBurnWindows, then the SLO window unless among them
  RollingCounts counts_;
  // Since when the windows have data: each WindowFigures::data is measured from here.
  TimePoint data_since_;
  std::vector<Downtime> downtimes_;  // spans without data since data_since_
  RecentWindow recent_;              // latencies over the last 5 minutes, for the percentiles
};

}  // namespace hb::core
