#include "core/slo.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace hb::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr double kEps = 1e-9;

// The indicator's name, "none" without one, so that failures print words rather than bytes.
std::string name(std::optional<BurnIndicator> indicator) {
  return indicator ? std::string(to_string(*indicator)) : "none";
}

TEST(SloMathTest, BurnRateIsTheErrorRatioOverTheErrorBudget) {
  struct Case {
    std::string name;
    Counts counts;
    double target;
    std::optional<double> ratio;
    std::optional<double> burn;
  };
  const std::vector<Case> cases = {
      {"OnePercentErrorsOn99_5", {1000, 10, 0}, 0.995, 0.01, 2.0},
      {"HalfPercentErrorsOn99_5", {1000, 5, 0}, 0.995, 0.005, 1.0},
      {"NoErrors", {1000, 0, 0}, 0.995, 0.0, 0.0},
      {"AllErrorsOn99_9", {4, 4, 0}, 0.999, 1.0, 1000.0},
      {"SlowIsNotAnError", {100, 1, 50}, 0.99, 0.01, 1.0},
      {"NoTraffic", {0, 0, 0}, 0.995, std::nullopt, std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto ratio = error_ratio(c.counts);
    const auto burn = burn_rate(c.counts, c.target);
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

TEST(SloTrackerTest, SteadyTrafficWithOnePercentErrorsBurnsAtTwice) {
  const SloSpec spec;  // 99.5 %, 30 days
  SloTracker tracker(spec, TimePoint{});
  steady_traffic(tracker, TimePoint{}, TimePoint{minutes(10)}, every_100th);

  const SloReport report = tracker.report(TimePoint{minutes(10)});
  // The 5-minute window covers [310 s, 610 s): 2900 requests, 29 of them errors.
  EXPECT_EQ(report.requests_5m, 2900u);
  EXPECT_EQ(report.requests_window, 6000u);
  ASSERT_TRUE(report.error_ratio_5m.has_value());
  EXPECT_NEAR(*report.error_ratio_5m, 0.01, kEps);
  ASSERT_TRUE(report.burn_rate_5m.has_value());
  EXPECT_NEAR(*report.burn_rate_5m, 2.0, kEps);
  EXPECT_EQ(name(report.indicator), "medium");
  ASSERT_TRUE(report.availability.has_value());
  EXPECT_NEAR(*report.availability, 0.99, kEps);
  // 1 % bad against a 0.5 % budget: twice the budget spent, nothing left.
  ASSERT_TRUE(report.budget_consumed.has_value());
  EXPECT_NEAR(*report.budget_consumed, 2.0, kEps);
  EXPECT_EQ(report.budget_remaining, 0.0);
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
    SloTracker tracker(SloSpec{}, TimePoint{});
    steady_traffic(tracker, TimePoint{}, TimePoint{minutes(10)},
                   [&](int k) { return k % c.error_every == c.error_every - 1; });
    const SloReport report = tracker.report(TimePoint{minutes(10)});
    ASSERT_TRUE(report.budget_consumed.has_value());
    ASSERT_TRUE(report.budget_remaining.has_value());
    EXPECT_NEAR(*report.budget_consumed, c.consumed, kEps);
    EXPECT_NEAR(*report.budget_remaining, c.remaining, kEps);
    EXPECT_GE(*report.budget_remaining, 0.0);
  }
}

TEST(SloTrackerTest, ErrorsOlderThanFiveMinutesLeaveTheBurnRateButStayInAvailability) {
  SloTracker tracker(SloSpec{}, TimePoint{});
  // 3 minutes with every 100th request an error, then 7 minutes without errors.
  steady_traffic(tracker, TimePoint{}, TimePoint{minutes(3)}, every_100th);
  steady_traffic(tracker, TimePoint{minutes(3)}, TimePoint{minutes(10)}, never);

  const SloReport report = tracker.report(TimePoint{minutes(10)});
  ASSERT_TRUE(report.burn_rate_5m.has_value());
  EXPECT_EQ(*report.burn_rate_5m, 0.0);
  EXPECT_EQ(name(report.indicator), "normal");
  // 18 errors in 6000 requests over the SLO window.
  ASSERT_TRUE(report.availability.has_value());
  EXPECT_NEAR(*report.availability, 1.0 - 18.0 / 6000.0, kEps);
  ASSERT_TRUE(report.budget_consumed.has_value());
  EXPECT_NEAR(*report.budget_consumed, (18.0 / 6000.0) / 0.005, 1e-6);
}

TEST(SloTrackerTest, NoTrafficLeavesEveryFigureEmpty) {
  const SloTracker tracker(SloSpec{}, TimePoint{});
  const SloReport report = tracker.report(TimePoint{hours(1)});
  EXPECT_EQ(report.requests_5m, 0u);
  EXPECT_EQ(report.requests_window, 0u);
  EXPECT_FALSE(report.error_ratio_5m.has_value());
  EXPECT_FALSE(report.burn_rate_5m.has_value());
  EXPECT_FALSE(report.indicator.has_value());
  EXPECT_FALSE(report.availability.has_value());
  EXPECT_FALSE(report.budget_consumed.has_value());
  EXPECT_FALSE(report.budget_remaining.has_value());
  EXPECT_FALSE(report.latency_p95_s.has_value());
  EXPECT_FALSE(report.latency_sli_5m.has_value());
}

TEST(SloTrackerTest, TrafficOnlyBeforeTheLastFiveMinutesLeavesFiveMinuteFiguresEmpty) {
  SloTracker tracker(SloSpec{}, TimePoint{});
  steady_traffic(tracker, TimePoint{}, TimePoint{minutes(1)}, every_100th);
  const SloReport report = tracker.report(TimePoint{hours(1)});
  EXPECT_EQ(report.requests_5m, 0u);
  EXPECT_FALSE(report.burn_rate_5m.has_value());
  EXPECT_FALSE(report.indicator.has_value());
  EXPECT_FALSE(report.latency_p95_s.has_value());
  EXPECT_FALSE(report.latency_sli_5m.has_value());
  EXPECT_EQ(report.requests_window, 600u);
  ASSERT_TRUE(report.availability.has_value());
  EXPECT_NEAR(*report.availability, 0.99, kEps);
}

TEST(SloTrackerTest, LatencyP95AndSliComeFromTheLastFiveMinutes) {
  SloTracker tracker(SloSpec{}, TimePoint{});  // threshold 200 ms
  // 100 requests at 10, 20, ..., 1000 ms: 20 within 200 ms (200 ms itself counts as within).
  for (int k = 1; k <= 100; ++k) {
    tracker.record(TimePoint{seconds(60) + millis(k)}, false, millis(10 * k));
  }
  const SloReport report = tracker.report(TimePoint{seconds(120)});
  ASSERT_TRUE(report.latency_p95_s.has_value());
  EXPECT_NEAR(*report.latency_p95_s, 0.95, 0.95 * 0.01 + kEps);
  ASSERT_TRUE(report.latency_sli_5m.has_value());
  EXPECT_NEAR(*report.latency_sli_5m, 0.2, kEps);
}

TEST(SloTrackerTest, OldLatenciesLeaveTheP95) {
  SloTracker tracker(SloSpec{}, TimePoint{});
  for (int k = 0; k < 100; ++k) tracker.record(TimePoint{seconds(k)}, false, millis(900));
  for (int k = 0; k < 100; ++k)
    tracker.record(TimePoint{minutes(10) + seconds(k)}, false, millis(40));
  const SloReport report = tracker.report(TimePoint{minutes(10) + seconds(100)});
  ASSERT_TRUE(report.latency_p95_s.has_value());
  EXPECT_NEAR(*report.latency_p95_s, 0.040, 0.040 * 0.01 + kEps);
  EXPECT_EQ(report.latency_sli_5m, 1.0);
}

TEST(SloTrackerTest, LatencyThresholdComesFromTheSpec) {
  SloSpec spec;
  spec.latency_threshold_ms = 50;
  SloTracker tracker(spec, TimePoint{});
  tracker.record(TimePoint{seconds(1)}, false, millis(50));
  tracker.record(TimePoint{seconds(1)}, false, millis(51));
  tracker.record(TimePoint{seconds(1)}, false, millis(10));
  tracker.record(TimePoint{seconds(1)}, true, millis(500));
  const SloReport report = tracker.report(TimePoint{seconds(2)});
  ASSERT_TRUE(report.latency_sli_5m.has_value());
  EXPECT_NEAR(*report.latency_sli_5m, 0.5, kEps);
}

TEST(SloTrackerTest, BurnRateUsesTheSpecTarget) {
  SloSpec spec;
  spec.availability_target = 0.99;
  SloTracker tracker(spec, TimePoint{});
  steady_traffic(tracker, TimePoint{}, TimePoint{minutes(10)}, every_100th);
  const SloReport report = tracker.report(TimePoint{minutes(10)});
  ASSERT_TRUE(report.burn_rate_5m.has_value());
  EXPECT_NEAR(*report.burn_rate_5m, 1.0, kEps);
}

// Burning exactly at budget is "medium" (1 to 2). Computed as ratio / (1 - target) in binary
// floating point, 0.005 / (1 - 0.995) comes out as 0.9999999999999991, which indicator_for
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
    SloTracker tracker(spec, TimePoint{});
    steady_traffic(tracker, TimePoint{}, TimePoint{minutes(10)},
                   [&](int k) { return k % c.error_every == c.error_every - 1; });
    // At 599.9 s the 5-minute window is [300 s, 600 s): 3000 requests.
    const SloReport report = tracker.report(TimePoint{minutes(10) - millis(100)});
    EXPECT_EQ(report.requests_5m, 3000u);
    ASSERT_TRUE(report.burn_rate_5m.has_value());
    EXPECT_NEAR(*report.burn_rate_5m, 1.0, kEps);
    EXPECT_EQ(name(report.indicator), "medium") << "burn rate " << *report.burn_rate_5m;
  }
}

}  // namespace
}  // namespace hb::core
