#include "core/slo.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hb::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr double kEps = 1e-9;
constexpr Duration kDay = hours(24);

// The indicator's name, "none" without one, so that failures print words rather than bytes.
std::string name(std::optional<BurnIndicator> indicator) {
  return indicator ? std::string(to_string(*indicator)) : "none";
}

// The figures of one window; throws (a test failure) when the report lacks the window.
const WindowFigures& over(const SliReport& sli, Duration window) {
  const WindowFigures* figures = sli.over(window);
  if (figures == nullptr) throw std::out_of_range("no window " + window_name(window));
  return *figures;
}

const WindowFigures& last5m(const SliReport& sli) {
  return over(sli, minutes(5));
}

// The latency SLI over the last 5 minutes: the share of requests within the threshold.
std::optional<double> latency_sli_5m(const SloReport& report) {
  const auto ratio = last5m(report.latency).error_ratio;
  if (!ratio) return std::nullopt;
  return 1.0 - *ratio;
}

TEST(SloMathTest, BurnRateIsTheErrorRatioOverTheErrorBudget) {
  struct Case {
    std::string name;
    std::uint64_t bad;
    std::uint64_t total;
    double target;
    std::optional<double> ratio;
    std::optional<double> burn;
  };
  const std::vector<Case> cases = {
      {"OnePercentErrorsOn99_5", 10, 1000, 0.995, 0.01, 2.0},
      {"HalfPercentErrorsOn99_5", 5, 1000, 0.995, 0.005, 1.0},
      {"NoErrors", 0, 1000, 0.995, 0.0, 0.0},
      {"AllErrorsOn99_9", 4, 4, 0.999, 1.0, 1000.0},
      {"OnePercentOn99", 1, 100, 0.99, 0.01, 1.0},
      {"FivePercentSlowOn95", 5, 100, 0.95, 0.05, 1.0},
      {"NoTraffic", 0, 0, 0.995, std::nullopt, std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto ratio = error_ratio(c.bad, c.total);
    const auto burn = burn_rate(c.bad, c.total, c.target);
    ASSERT_EQ(ratio.has_value(), c.ratio.has_value());
    ASSERT_EQ(burn.has_value(), c.burn.has_value());
    if (c.ratio) {
      EXPECT_NEAR(*ratio, *c.ratio, kEps);
    }
    if (c.burn) {
      EXPECT_NEAR(*burn, *c.burn, kEps);
    }
  }
}

// 1 - 0.995 is 0.0050000000000000044 in binary; the budget is the double nearest 0.005, so that
// traffic exactly on budget burns at exactly 1.
TEST(SloMathTest, ErrorBudgetIsFreeOfRoundingNoise) {
  EXPECT_EQ(error_budget(0.995), 0.005);
  EXPECT_EQ(error_budget(0.999), 0.001);
  EXPECT_EQ(error_budget(0.99), 0.01);
  EXPECT_EQ(error_budget(0.95), 0.05);
  EXPECT_EQ(error_budget(0.9), 0.1);
  EXPECT_EQ(error_budget(0.9999), 0.0001);
  EXPECT_EQ(burn_rate(5, 1000, 0.995), 1.0);
  EXPECT_EQ(burn_rate(1, 1000, 0.999), 1.0);
  EXPECT_EQ(burn_rate(1, 100, 0.99), 1.0);
}

TEST(SloMathTest, IndicatorFollowsTheOriginalDashboardThresholds) {
  struct Case {
    double burn_rate;
    BurnIndicator expected;
  };
  const std::vector<Case> cases = {
      {0.0, BurnIndicator::kNormal}, {0.99, BurnIndicator::kNormal}, {1.0, BurnIndicator::kMedium},
      {1.5, BurnIndicator::kMedium}, {2.0, BurnIndicator::kMedium},  {2.0001, BurnIndicator::kHigh},
      {14.4, BurnIndicator::kHigh},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(name(indicator_for(c.burn_rate)), name(c.expected)) << "burn rate " << c.burn_rate;
  }
}

TEST(SloMathTest, IndicatorNames) {
  EXPECT_EQ(to_string(BurnIndicator::kNormal), "normal");
  EXPECT_EQ(to_string(BurnIndicator::kMedium), "medium");
  EXPECT_EQ(to_string(BurnIndicator::kHigh), "high");
}

TEST(SloMathTest, WindowNameUsesTheLargestUnitThatDivides) {
  struct Case {
    Duration window;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {minutes(5), "5m"},   {minutes(30), "30m"},     {hours(1), "1h"},
      {hours(2), "2h"},     {hours(6), "6h"},         {kDay, "1d"},
      {kDay * 3, "3d"},     {kDay * 30, "30d"},       {seconds(90), "90s"},
      {minutes(90), "90m"}, {hours(36), "36h"},       {kDay * 7, "7d"},
      {kDay * 90, "90d"},   {seconds(3601), "3601s"}, {minutes(60), "1h"},
      {hours(48), "2d"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(window_name(c.window), c.expected) << c.window.count() << " us";
  }
}

// Feeds a tracker 10 requests per second from `from` (inclusive) to `to` (exclusive), one every
// 100 ms; request k (counting from 0 at `from`) is an error when error(k) says so.
template <typename IsError>
void steady_traffic(SloTracker& tracker, TimePoint from, TimePoint to, IsError error,
                    Duration latency = millis(50)) {
  int k = 0;
  for (TimePoint t = from; t < to; t += millis(100), ++k) tracker.record(t, error(k), latency);
}

const auto every_100th = [](int k) { return k % 100 == 99; };
const auto never = [](int) { return false; };

// At 599.9 s the 5-minute window is [300 s, 600 s) (1 s buckets): 3000 requests of the 6000.
const TimePoint kAfterTenMinutes{minutes(10) - millis(100)};

TEST(SloTrackerTest, ReportCarriesTheNameAndSpec) {
  SloSpec spec;
  spec.availability_target = 0.999;
  spec.latency_threshold_ms = 300;
  spec.latency_target = 0.9;
  spec.window = kDay * 7;
  const SloTracker tracker("checkout", spec, TimePoint{});
  const SloReport report = tracker.report(TimePoint{hours(1)});
  EXPECT_EQ(report.name, "checkout");
  EXPECT_EQ(report.spec.availability_target, 0.999);
  EXPECT_EQ(report.spec.latency_threshold_ms, 300);
  EXPECT_EQ(report.spec.latency_target, 0.9);
  EXPECT_EQ(report.spec.window, kDay * 7);
  EXPECT_EQ(report.availability.target, 0.999);
  EXPECT_EQ(report.latency.target, 0.9);
  EXPECT_EQ(report.availability.slo_window, kDay * 7);
  EXPECT_EQ(report.latency.slo_window, kDay * 7);
}

TEST(SloTrackerTest, SteadyTrafficWithOnePercentErrorsBurnsAtTwice) {
  const SloSpec spec;  // 99.5 %, 30 days
  SloTracker tracker("lab", spec, TimePoint{});
  steady_traffic(tracker, TimePoint{}, TimePoint{minutes(10)}, every_100th);

  const SloReport report = tracker.report(kAfterTenMinutes);
  const WindowFigures& five = last5m(report.availability);
  EXPECT_EQ(five.total, 3000u);
  EXPECT_EQ(five.bad, 30u);
  EXPECT_EQ(report.availability.period().total, 6000u);
  EXPECT_EQ(report.availability.period().bad, 60u);
  ASSERT_TRUE(five.error_ratio.has_value());
  EXPECT_NEAR(*five.error_ratio, 0.01, kEps);
  ASSERT_TRUE(five.burn_rate.has_value());
  EXPECT_NEAR(*five.burn_rate, 2.0, kEps);
  EXPECT_EQ(name(report.indicator), "medium");
  ASSERT_TRUE(report.availability.sli.has_value());
  EXPECT_NEAR(*report.availability.sli, 0.99, kEps);
  // 1 % bad against a 0.5 % budget: twice the budget spent, nothing left.
  ASSERT_TRUE(report.availability.budget_consumed.has_value());
  EXPECT_NEAR(*report.availability.budget_consumed, 2.0, kEps);
  EXPECT_EQ(report.availability.budget_remaining, 0.0);
}

TEST(SloTrackerTest, BudgetRemainingIsOneMinusConsumed) {
  struct Case {
    int error_every;  // one request in this many is an error
    double consumed;
    double remaining;
  };
  const std::vector<Case> cases = {
      {1000, 0.2, 0.8}, {400, 0.5, 0.5}, {200, 1.0, 0.0}, {50, 4.0, 0.0}};
  for (const auto& c : cases) {
    SCOPED_TRACE("one error in " + std::to_string(c.error_every));
    SloTracker tracker("lab", SloSpec{}, TimePoint{});
    steady_traffic(tracker, TimePoint{}, TimePoint{minutes(10)},
                   [&](int k) { return k % c.error_every == c.error_every - 1; });
    const SliReport sli = tracker.report(TimePoint{minutes(10)}).availability;
    ASSERT_TRUE(sli.budget_consumed.has_value());
    ASSERT_TRUE(sli.budget_remaining.has_value());
    EXPECT_NEAR(*sli.budget_consumed, c.consumed, kEps);
    EXPECT_NEAR(*sli.budget_remaining, c.remaining, kEps);
    EXPECT_GE(*sli.budget_remaining, 0.0);
  }
}

TEST(SloTrackerTest, ErrorsOlderThanFiveMinutesLeaveTheBurnRateButStayInAvailability) {
  SloTracker tracker("lab", SloSpec{}, TimePoint{});
  // 3 minutes with every 100th request an error, then 7 minutes without errors.
  steady_traffic(tracker, TimePoint{}, TimePoint{minutes(3)}, every_100th);
  steady_traffic(tracker, TimePoint{minutes(3)}, TimePoint{minutes(10)}, never);

  const SloReport report = tracker.report(TimePoint{minutes(10)});
  const WindowFigures& five = last5m(report.availability);
  ASSERT_TRUE(five.burn_rate.has_value());
  EXPECT_EQ(*five.burn_rate, 0.0);
  EXPECT_EQ(name(report.indicator), "normal");
  // 18 errors in 6000 requests over the SLO window.
  ASSERT_TRUE(report.availability.sli.has_value());
  EXPECT_NEAR(*report.availability.sli, 1.0 - 18.0 / 6000.0, kEps);
  ASSERT_TRUE(report.availability.budget_consumed.has_value());
  EXPECT_NEAR(*report.availability.budget_consumed, (18.0 / 6000.0) / 0.005, 1e-6);
}

TEST(SloTrackerTest, NoTrafficLeavesEveryFigureEmpty) {
  const SloTracker tracker("lab", SloSpec{}, TimePoint{});
  const SloReport report = tracker.report(TimePoint{hours(1)});
  for (const auto& [sli_name, sli] :
       {std::pair{"availability", report.availability}, std::pair{"latency", report.latency}}) {
    SCOPED_TRACE(sli_name);
    ASSERT_EQ(sli.windows.size(), kBurnWindows.size() + 1);
    for (const WindowFigures& figures : sli.windows) {
      SCOPED_TRACE(window_name(figures.window));
      EXPECT_EQ(figures.total, 0u);
      EXPECT_EQ(figures.bad, 0u);
      EXPECT_FALSE(figures.error_ratio.has_value());
      EXPECT_FALSE(figures.burn_rate.has_value());
    }
    EXPECT_FALSE(sli.sli.has_value());
    EXPECT_FALSE(sli.budget_consumed.has_value());
    EXPECT_FALSE(sli.budget_remaining.has_value());
    EXPECT_FALSE(sli.budget_exhausted_in.has_value());
  }
  EXPECT_FALSE(report.indicator.has_value());
  EXPECT_FALSE(report.latency_p50_s.has_value());
  EXPECT_FALSE(report.latency_p95_s.has_value());
  EXPECT_FALSE(report.latency_p99_s.has_value());
  EXPECT_FALSE(latency_sli_5m(report).has_value());
}

// The data length of every window of both SLIs, in seconds, keyed by window name.
std::vector<std::pair<std::string, double>> data_lengths(const SliReport& sli) {
  std::vector<std::pair<std::string, double>> out;
  for (const WindowFigures& figures : sli.windows) {
    out.emplace_back(window_name(figures.window), to_seconds(figures.data));
  }
  return out;
}

TEST(SloTrackerTest, ElevenSecondsAfterStartEveryWindowHasElevenSecondsOfData) {
  // The case: a third of the requests fail from the start, so every window burns at the
  // same rate; what tells 11 s from a month is the data length.
  const TimePoint start{hours(5)};
  SloTracker tracker("lab", SloSpec{}, start);
  steady_traffic(tracker, start, start + seconds(11), [](int k) { return k % 3 == 0; });
  const SloReport report = tracker.report(start + seconds(11));
  for (const SliReport* sli : {&report.availability, &report.latency}) {
    ASSERT_EQ(sli->windows.size(), kBurnWindows.size() + 1);
    for (const WindowFigures& figures : sli->windows) {
      SCOPED_TRACE(window_name(figures.window));
      EXPECT_EQ(figures.data, seconds(11));
    }
    EXPECT_EQ(sli->period().data, seconds(11));
  }
  EXPECT_EQ(report.availability.period().window, kDay * 30);
  ASSERT_TRUE(last5m(report.availability).burn_rate.has_value());
  EXPECT_EQ(last5m(report.availability).burn_rate, report.availability.period().burn_rate);
}

TEST(SloTrackerTest, AWindowIsFullOnceTheLabIsOlderThanIt) {
  SloTracker tracker("lab", SloSpec{}, TimePoint{});
  const SloReport report = tracker.report(TimePoint{minutes(10)});
  const std::vector<std::pair<std::string, double>> expected = {
      {"5m", 300}, {"30m", 600}, {"1h", 600}, {"2h", 600},
      {"6h", 600}, {"1d", 600},  {"3d", 600}, {"30d", 600}};
  EXPECT_EQ(data_lengths(report.availability), expected);
  EXPECT_EQ(data_lengths(report.latency), expected);
  // Without traffic the windows still say how long they have been open: no data is not no time.
  EXPECT_FALSE(last5m(report.availability).burn_rate.has_value());
}

TEST(SloTrackerTest, TheSloWindowFillsLikeTheOthers) {
  SloSpec spec;
  spec.window = kDay * 7;  // not among the burn windows: reported after them
  SloTracker tracker("svc", spec, TimePoint{});
  EXPECT_EQ(tracker.report(TimePoint{}).availability.period().data, Duration{});
  EXPECT_EQ(tracker.report(TimePoint{millis(11500)}).availability.period().data, millis(11500));
  const SloReport four_days = tracker.report(TimePoint{kDay * 4});
  EXPECT_EQ(over(four_days.availability, kDay * 3).data, kDay * 3);
  EXPECT_EQ(four_days.availability.period().data, kDay * 4);
  EXPECT_EQ(four_days.latency.period().data, kDay * 4);
  EXPECT_EQ(tracker.report(TimePoint{kDay * 8}).availability.period().data, kDay * 7);
}

TEST(SloTrackerTest, TrafficOnlyBeforeTheLastFiveMinutesLeavesFiveMinuteFiguresEmpty) {
  SloTracker tracker("lab", SloSpec{}, TimePoint{});
  steady_traffic(tracker, TimePoint{}, TimePoint{minutes(1)}, every_100th);
  const SloReport report = tracker.report(TimePoint{hours(1)});
  const WindowFigures& five = last5m(report.availability);
  EXPECT_EQ(five.total, 0u);
  EXPECT_FALSE(five.error_ratio.has_value());
  EXPECT_FALSE(five.burn_rate.has_value());
  EXPECT_FALSE(report.indicator.has_value());
  EXPECT_FALSE(report.latency_p95_s.has_value());
  EXPECT_FALSE(latency_sli_5m(report).has_value());
  EXPECT_EQ(report.availability.period().total, 600u);
  ASSERT_TRUE(report.availability.sli.has_value());
  EXPECT_NEAR(*report.availability.sli, 0.99, kEps);
}

TEST(SloTrackerTest, LatencyP95AndSliComeFromTheLastFiveMinutes) {
  SloTracker tracker("lab", SloSpec{}, TimePoint{});  // threshold 200 ms
  // 100 requests at 10, 20, ..., 1000 ms: 20 within 200 ms (200 ms itself counts as within).
  for (int k = 1; k <= 100; ++k) {
    tracker.record(TimePoint{seconds(60) + millis(k)}, false, millis(10 * k));
  }
  const SloReport report = tracker.report(TimePoint{seconds(120)});
  ASSERT_TRUE(report.latency_p95_s.has_value());
  EXPECT_NEAR(*report.latency_p95_s, 0.95, 0.95 * 0.01 + kEps);
  ASSERT_TRUE(report.latency_p50_s.has_value());
  EXPECT_NEAR(*report.latency_p50_s, 0.50, 0.50 * 0.01 + kEps);
  ASSERT_TRUE(report.latency_p99_s.has_value());
  EXPECT_NEAR(*report.latency_p99_s, 0.99, 0.99 * 0.01 + kEps);
  EXPECT_EQ(last5m(report.latency).total, 100u);
  EXPECT_EQ(last5m(report.latency).bad, 80u);
  ASSERT_TRUE(latency_sli_5m(report).has_value());
  EXPECT_NEAR(*latency_sli_5m(report), 0.2, kEps);
  // None of them failed: availability is untouched by slowness.
  EXPECT_EQ(last5m(report.availability).bad, 0u);
}

TEST(SloTrackerTest, OldLatenciesLeaveTheP95) {
  SloTracker tracker("lab", SloSpec{}, TimePoint{});
  for (int k = 0; k < 100; ++k) tracker.record(TimePoint{seconds(k)}, false, millis(900));
  for (int k = 0; k < 100; ++k)
    tracker.record(TimePoint{minutes(10) + seconds(k)}, false, millis(40));
  const SloReport report = tracker.report(TimePoint{minutes(10) + seconds(100)});
  ASSERT_TRUE(report.latency_p95_s.has_value());
  EXPECT_NEAR(*report.latency_p95_s, 0.040, 0.040 * 0.01 + kEps);
  EXPECT_EQ(latency_sli_5m(report), 1.0);
  // The slow ones still count over the SLO window.
  EXPECT_EQ(report.latency.period().total, 200u);
  EXPECT_EQ(report.latency.period().bad, 100u);
  ASSERT_TRUE(report.latency.sli.has_value());
  EXPECT_NEAR(*report.latency.sli, 0.5, kEps);
}

TEST(SloTrackerTest, LatencyThresholdComesFromTheSpec) {
  SloSpec spec;
  spec.latency_threshold_ms = 50;
  SloTracker tracker("lab", spec, TimePoint{});
  tracker.record(TimePoint{seconds(1)}, false, millis(50));
  tracker.record(TimePoint{seconds(1)}, false, millis(51));
  tracker.record(TimePoint{seconds(1)}, false, millis(10));
  tracker.record(TimePoint{seconds(1)}, true, millis(500));
  const SloReport report = tracker.report(TimePoint{seconds(2)});
  ASSERT_TRUE(latency_sli_5m(report).has_value());
  EXPECT_NEAR(*latency_sli_5m(report), 0.5, kEps);
}

// The latency SLI counts a request as bad when it took longer than the threshold: exactly at the
// threshold is good, one microsecond more is bad, and a fast error is bad for availability only.
TEST(SloTrackerTest, LatencySliCountsRequestsOverTheThreshold) {
  struct Case {
    Duration latency;
    bool error;
    bool slow;
  };
  const std::vector<Case> cases = {
      {millis(10), false, false},  {millis(199), false, false},
      {millis(200), false, false}, {millis(200) + Duration{1}, false, true},
      {millis(201), false, true},  {millis(5000), false, true},
      {millis(10), true, false},   {millis(900), true, true},
  };
  SloTracker tracker("lab", SloSpec{}, TimePoint{});  // 200 ms, 95 %
  std::uint64_t slow = 0;
  std::uint64_t errors = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(c.latency.count()) + " us");
    SloTracker single("one", SloSpec{}, TimePoint{});
    single.record(TimePoint{seconds(30)}, c.error, c.latency);
    const SloReport report = single.report(TimePoint{seconds(31)});
    EXPECT_EQ(last5m(report.latency).bad, c.slow ? 1u : 0u);
    EXPECT_EQ(last5m(report.availability).bad, c.error ? 1u : 0u);
    tracker.record(TimePoint{seconds(30)}, c.error, c.latency);
    slow += c.slow ? 1 : 0;
    errors += c.error ? 1 : 0;
  }
  const SloReport report = tracker.report(TimePoint{seconds(31)});
  ASSERT_EQ(slow, 4u);
  for (const WindowFigures& figures : report.latency.windows) {
    SCOPED_TRACE(window_name(figures.window));
    EXPECT_EQ(figures.total, 8u);
    EXPECT_EQ(figures.bad, slow);
    ASSERT_TRUE(figures.burn_rate.has_value());
    EXPECT_NEAR(*figures.burn_rate, 0.5 / 0.05, kEps);
  }
  ASSERT_TRUE(report.latency.sli.has_value());
  EXPECT_NEAR(*report.latency.sli, 0.5, kEps);
  EXPECT_EQ(report.availability.period().bad, errors);
}

TEST(SloTrackerTest, BurnRateUsesTheSpecTarget) {
  SloSpec spec;
  spec.availability_target = 0.99;
  SloTracker tracker("lab", spec, TimePoint{});
  steady_traffic(tracker, TimePoint{}, TimePoint{minutes(10)}, every_100th);
  const SloReport report = tracker.report(kAfterTenMinutes);
  const WindowFigures& five = last5m(report.availability);
  ASSERT_TRUE(five.burn_rate.has_value());
  EXPECT_NEAR(*five.burn_rate, 1.0, kEps);
}

// Burning exactly at budget is "medium" (1 to 2). Computed as ratio / (1 - target) in binary
// floating point, 0.005 / (1 - 0.995) would come out as 0.9999999999999991, which indicator_for
// classifies as normal.
TEST(SloTrackerTest, TrafficExactlyOnBudgetIsMedium) {
  struct Case {
    double target;
    int error_every;
  };
  const std::vector<Case> cases = {{0.995, 200}, {0.99, 100}, {0.999, 1000}};
  for (const auto& c : cases) {
    SCOPED_TRACE("target " + std::to_string(c.target));
    SloSpec spec;
    spec.availability_target = c.target;
    SloTracker tracker("lab", spec, TimePoint{});
    steady_traffic(tracker, TimePoint{}, TimePoint{minutes(10)},
                   [&](int k) { return k % c.error_every == c.error_every - 1; });
    const SloReport report = tracker.report(kAfterTenMinutes);
    const WindowFigures& five = last5m(report.availability);
    EXPECT_EQ(five.total, 3000u);
    ASSERT_TRUE(five.burn_rate.has_value());
    EXPECT_EQ(*five.burn_rate, 1.0);
    EXPECT_EQ(name(report.indicator), "medium") << "burn rate " << *five.burn_rate;
  }
}

// One request a second at every whole second of [0, active), 50 ms or, when `slow` says so,
// 250 ms; `error` picks the failed ones. The report is taken at `length` - 0.5 s.
struct Traffic {
  std::string name;
  std::int64_t length_s;
  std::int64_t active_s;
  std::function<bool(std::int64_t)> error;
  std::function<bool(std::int64_t)> slow;

  SloReport report() const {
    SloTracker tracker("lab", SloSpec{}, TimePoint{});  // 99.5 % and 95 % within 200 ms, 30 d
    for (std::int64_t s = 0; s < active_s; ++s) {
      tracker.record(TimePoint{seconds(s)}, error(s), slow(s) ? millis(250) : millis(50));
    }
    return tracker.report(TimePoint{seconds(length_s) - millis(500)});
  }
};

// Known traffic gives known counts, error ratios and burn rates over every window. At
// `length` - 0.5 s every window, its start moving a bucket at a time, starts exactly `window`
// before `length`. Burn rates are the error ratio times 200 for availability (0.5 % budget) and
// times 20 for latency (5 %); none without traffic.
TEST(SloTrackerTest, BurnRatesOverEveryWindowFromKnownTraffic) {
  struct Expected {
    std::string window;
    std::uint64_t total;
    std::uint64_t errors;
    std::optional<double> availability_burn;
    std::uint64_t slow;
    std::optional<double> latency_burn;
  };
  struct Case {
    Traffic traffic;
    std::vector<Expected> expected;  // in report order: kBurnWindows, then the 30d SLO window
  };
  constexpr std::int64_t kDayS = 86400;
  const auto none = [](std::int64_t) { return false; };
  const std::vector<Case> cases = {
      {// A day of traffic; errors in its last 10 minutes, slowness from 30 to 20 minutes ago.
       {"errors in the last 10 minutes of a day", kDayS, kDayS,
        [](std::int64_t s) { return s >= kDayS - 600; },
        [](std::int64_t s) { return s >= kDayS - 1800 && s < kDayS - 1200; }},
       {{"5m", 300, 300, 200.0, 0, 0.0},
        {"30m", 1800, 600, 200.0 / 3, 600, 20.0 / 3},
        {"1h", 3600, 600, 100.0 / 3, 600, 10.0 / 3},
        {"2h", 7200, 600, 50.0 / 3, 600, 5.0 / 3},
        {"6h", 21600, 600, 50.0 / 9, 600, 5.0 / 9},
        {"1d", 86400, 600, 25.0 / 18, 600, 5.0 / 36},
        {"3d", 86400, 600, 25.0 / 18, 600, 5.0 / 36},
        {"30d", 86400, 600, 25.0 / 18, 600, 5.0 / 36}}},
      {// Four days; bursts of errors at different ages, each seen from some window on:
       // 100 errors 50 h ago, 60 errors 3 h ago, 30 errors 20 min ago and 3 errors 1 min ago.
       {"error bursts over four days", 4 * kDayS, 4 * kDayS,
        [](std::int64_t s) {
          const auto burst = [s](std::int64_t ago, std::int64_t n) {
            return s >= 4 * kDayS - ago && s < 4 * kDayS - ago + n;
          };
          return burst(50 * 3600, 100) || burst(3 * 3600, 60) || burst(1200, 30) || burst(60, 3);
        },
        none},
       {{"5m", 300, 3, 2.0, 0, 0.0},
        {"30m", 1800, 33, 11.0 / 3, 0, 0.0},
        {"1h", 3600, 33, 11.0 / 6, 0, 0.0},
        {"2h", 7200, 33, 11.0 / 12, 0, 0.0},
        {"6h", 21600, 93, 93.0 / 108, 0, 0.0},
        {"1d", 86400, 93, 93.0 / 432, 0, 0.0},
        {"3d", 259200, 193, 193.0 / 1296, 0, 0.0},
        {"30d", 345600, 193, 193.0 / 1728, 0, 0.0}}},
      {// A day with 1 % errors and 2 % slow requests, silent for its last 90 minutes: the short
       // windows have no data at all, not zeros.
       {"silent for the last 90 minutes", kDayS, kDayS - 5400,
        [](std::int64_t s) { return s % 100 == 99; }, [](std::int64_t s) { return s % 50 == 49; }},
       {{"5m", 0, 0, std::nullopt, 0, std::nullopt},
        {"30m", 0, 0, std::nullopt, 0, std::nullopt},
        {"1h", 0, 0, std::nullopt, 0, std::nullopt},
        {"2h", 1800, 18, 2.0, 36, 0.4},
        {"6h", 16200, 162, 2.0, 324, 0.4},
        {"1d", 81000, 810, 2.0, 1620, 0.4},
        {"3d", 81000, 810, 2.0, 1620, 0.4},
        {"30d", 81000, 810, 2.0, 1620, 0.4}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.traffic.name);
    const SloReport report = c.traffic.report();
    ASSERT_EQ(report.availability.windows.size(), c.expected.size());
    ASSERT_EQ(report.latency.windows.size(), c.expected.size());
    for (std::size_t i = 0; i < c.expected.size(); ++i) {
      const Expected& e = c.expected[i];
      SCOPED_TRACE(e.window);
      for (const auto& [sli, bad, burn] :
           {std::tuple{&report.availability, e.errors, e.availability_burn},
            std::tuple{&report.latency, e.slow, e.latency_burn}}) {
        SCOPED_TRACE(sli == &report.availability ? "availability" : "latency");
        const WindowFigures& figures = sli->windows[i];
        EXPECT_EQ(window_name(figures.window), e.window);
        EXPECT_EQ(figures.total, e.total);
        EXPECT_EQ(figures.bad, bad);
        ASSERT_EQ(figures.error_ratio.has_value(), e.total > 0);
        ASSERT_EQ(figures.burn_rate.has_value(), burn.has_value());
        if (!burn) continue;
        EXPECT_NEAR(*figures.error_ratio, static_cast<double>(bad) / static_cast<double>(e.total),
                    kEps);
        EXPECT_NEAR(*figures.burn_rate, *burn, kEps);
      }
    }
    // The indicator follows the 5-minute availability burn rate.
    const auto& five = report.availability.windows.front().burn_rate;
    EXPECT_EQ(name(report.indicator), five ? name(indicator_for(*five)) : "none");
  }
}

// The SLO window is reported after kBurnWindows, unless it is one of them: then it is not
// repeated, and period() is that window's figures. Each window sums its own counts: a request
// 5 days old is only in the SLO window when that reaches back to it.
TEST(SloTrackerTest, SloWindowIsAddedOnceAfterTheBurnWindows) {
  struct Case {
    Duration window;
    std::size_t windows;
    std::uint64_t period_total;
  };
  const std::vector<Case> cases = {
      {hours(1), 7, 1},    {kDay, 7, 1},     {kDay * 3, 7, 1},  {minutes(5), 7, 1},
      {minutes(90), 8, 1}, {kDay * 7, 8, 2}, {kDay * 30, 8, 2}, {kDay * 90, 8, 2},
  };
  const TimePoint now{kDay * 10};
  for (const auto& c : cases) {
    SCOPED_TRACE(window_name(c.window));
    SloSpec spec;
    spec.window = c.window;
    SloTracker tracker("svc", spec, TimePoint{});
    tracker.record(now - kDay * 5, true, millis(900));
    tracker.record(now - minutes(1), false, millis(10));
    const SloReport report = tracker.report(now);
    for (const SliReport* sli : {&report.availability, &report.latency}) {
      ASSERT_EQ(sli->windows.size(), c.windows);
      for (std::size_t i = 0; i < kBurnWindows.size(); ++i) {
        EXPECT_EQ(sli->windows[i].window, kBurnWindows[i]) << i;
      }
      EXPECT_EQ(sli->windows.back().window, c.windows == 7 ? kBurnWindows.back() : c.window);
      EXPECT_EQ(sli->slo_window, c.window);
      EXPECT_EQ(&sli->period(), sli->over(c.window));
      EXPECT_EQ(sli->period().window, c.window);
      EXPECT_EQ(sli->period().total, c.period_total);
      EXPECT_EQ(sli->over(minutes(7)), nullptr);
    }
    ASSERT_TRUE(report.availability.budget_consumed.has_value());
    EXPECT_NEAR(*report.availability.budget_consumed, c.period_total == 2 ? 0.5 / 0.005 : 0.0,
                kEps);
  }
}

// Burning at the current 1 h rate b, the budget left (a share r of the SLO window W's budget)
// runs out in r * W / b.
TEST(SloTrackerTest, BudgetExhaustedInFollowsTheOneHourBurnRate) {
  struct Case {
    std::string name;
    Duration window;
    std::function<bool(std::int64_t)> error;
    std::optional<double> remaining;
    std::optional<Duration> exhausted_in;
  };
  // Two hours of one request a second, reported at 7199.5 s.
  const std::vector<Case> cases = {
      // 9 errors in the last hour: 1 h burn (9 / 3600) / 0.005 = 0.5; over the window 9 of 7200
      // spend a quarter of the budget: 0.75 * 30 d / 0.5 = 45 d.
      {"9 errors in the last hour, 30d", kDay * 30,
       [](std::int64_t s) { return s >= 3600 && s % 400 == 399; }, 0.75, kDay * 45},
      {"9 errors in the last hour, 7d", kDay * 7,
       [](std::int64_t s) { return s >= 3600 && s % 400 == 399; }, 0.75, hours(252)},
      // Errors only in the first hour: nothing burns now, no exhaustion predicted.
      {"9 errors in the first hour", kDay * 30,
       [](std::int64_t s) { return s < 3600 && s % 400 == 399; }, 0.75, std::nullopt},
      {"no errors", kDay * 30, [](std::int64_t) { return false; }, 1.0, std::nullopt},
      // 1 % errors: twice the budget spent, and still burning: exhausted now.
      {"1 % errors", kDay * 30, [](std::int64_t s) { return s % 100 == 99; }, 0.0,
       Duration::zero()},
      // W = 1h: the SLO window is the 1 h window, r = 1 - b, exhausted in (1 - b) / b hours.
      {"9 errors in the last hour, 1h", hours(1),
       [](std::int64_t s) { return s >= 3600 && s % 400 == 399; }, 0.5, hours(1)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    SloSpec spec;
    spec.window = c.window;
    SloTracker tracker("lab", spec, TimePoint{});
    for (std::int64_t s = 0; s < 7200; ++s) {
      tracker.record(TimePoint{seconds(s)}, c.error(s), millis(50));
    }
    const SloReport report = tracker.report(TimePoint{seconds(7200) - millis(500)});
    ASSERT_TRUE(report.availability.budget_remaining.has_value());
    EXPECT_NEAR(*report.availability.budget_remaining, *c.remaining, kEps);
    ASSERT_EQ(report.availability.budget_exhausted_in.has_value(), c.exhausted_in.has_value());
    if (c.exhausted_in) {
      EXPECT_NEAR(to_seconds(*report.availability.budget_exhausted_in), to_seconds(*c.exhausted_in),
                  1e-3);
    }
    // Nothing is slow: the latency budget is whole and not burning.
    EXPECT_EQ(report.latency.budget_remaining, 1.0);
    EXPECT_FALSE(report.latency.budget_exhausted_in.has_value());
  }
}

}  // namespace
}  // namespace hb::core
