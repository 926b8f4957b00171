// Multi-window burn-rate alerts on a manual clock: with 100 % errors on a 99.5 % SLO over 30 days,
// each alert fires at the time the Google SRE Workbook gives for it, within one 1 s tick.
#include "core/alerts.h"

#include <gtest/gtest.h>

#include <map>

namespace hb::core {
namespace {

constexpr Duration kTick = std::chrono::seconds(1);

TimePoint at(Duration d) {
  return TimePoint{d};
}

class BurnAlertTimingTest : public ::testing::Test {
 protected:
  // Three days of good traffic, one request a second, so every window is full before errors.
  void SetUp() override {
    for (Duration t{}; t < std::chrono::hours(72); t += kTick) {
      tracker_.record(at(t), false, std::chrono::milliseconds(50));
    }
    errors_from_ = std::chrono::hours(72);
  }

  // Runs `length` of traffic (errors or not), evaluating alerts every tick; returns when each
  // alert first changed state, measured from `from`.
  std::map<std::string, Duration> run(Duration from, Duration length, bool errors) {
    std::map<std::string, Duration> changed;
    for (Duration t = from; t < from + length; t += kTick) {
      tracker_.record(at(t), errors, std::chrono::milliseconds(50));
      const std::uint64_t before = book_.change_count();
      book_.evaluate(tracker_.report(at(t)), at(t));
      for (std::uint64_t i = 0; i < book_.change_count() - before; ++i) {
        const AlertChange& change = book_.changes()[i];
        if (change.alert.sli != "availability") continue;
        changed.try_emplace(std::string(change.alert.rule->name), t - from);
      }
    }
    return changed;
  }

  SloTracker tracker_{"svc", SloSpec{}, TimePoint{}};
  AlertBook book_;
  Duration errors_from_{};
};

TEST_F(BurnAlertTimingTest, EachAlertFiresAtItsWorkbookTime) {
  const auto fired = run(errors_from_, std::chrono::minutes(25), true);
  // A long window w of one request a second crosses a threshold x after x * 0.005 * w of errors.
  const std::map<std::string, double> expected_s = {
      {"page-fast", 14.4 * 0.005 * 3600},    // 4.32 min
      {"page-slow", 6 * 0.005 * 6 * 3600},   // 10.8 min
      {"ticket-fast", 3 * 0.005 * 86400},    // 21.6 min
      {"ticket-slow", 1 * 0.005 * 259200}};  // 21.6 min
  for (const auto& [name, seconds] : expected_s) {
    ASSERT_TRUE(fired.contains(name)) << name << " never fired";
    EXPECT_NEAR(to_seconds(fired.at(name)), seconds, 1.0) << name;
  }
  for (const AlertStatus& alert : book_.alerts()) {
    EXPECT_EQ(alert.firing, alert.sli == "availability") << alert.sli << " " << alert.rule->name;
  }
}

TEST_F(BurnAlertTimingTest, PageFastResolvesOnceTheShortWindowDrains) {
  run(errors_from_, std::chrono::minutes(6), true);
  const auto resolved = run(errors_from_ + std::chrono::minutes(6), std::chrono::minutes(6), false);
  ASSERT_TRUE(resolved.contains("page-fast"));
  // The 5 m window holds 300 requests; it burns under 14.4 once fewer than 21.6 are errors.
  EXPECT_NEAR(to_seconds(resolved.at("page-fast")), 300 - 21, 2.0);
  const auto& latest = book_.changes().front();
  EXPECT_FALSE(latest.alert.firing);
}

TEST(BurnAlerts, WindowsWithoutTrafficNeverFire) {
  SloTracker tracker("svc", SloSpec{}, TimePoint{});
  AlertBook book;
  book.evaluate(tracker.report(at(std::chrono::hours(1))), at(std::chrono::hours(1)));
  ASSERT_EQ(book.alerts().size(), 8u);  // four rules, two SLIs
  for (const AlertStatus& alert : book.alerts()) {
    EXPECT_FALSE(alert.firing);
    EXPECT_FALSE(alert.long_burn_rate);
    EXPECT_FALSE(alert.short_burn_rate);
  }
  EXPECT_EQ(book.change_count(), 0u);
}

TEST(BurnAlerts, ThresholdsScaleWithTheSloWindow) {
  SloSpec week;
  week.window = std::chrono::hours(24 * 7);
  SloTracker tracker("svc", week, TimePoint{});
  AlertBook book;
  book.evaluate(tracker.report(TimePoint{}), TimePoint{});
  std::map<std::string, double> thresholds;
  for (const AlertStatus& alert : book.alerts())
    thresholds[std::string(alert.rule->name)] = alert.threshold;
  EXPECT_NEAR(thresholds["page-fast"], 0.02 * 168, 1e-9);
  EXPECT_NEAR(thresholds["page-slow"], 0.05 * 168 / 6, 1e-9);
  EXPECT_NEAR(thresholds["ticket-fast"], 0.10 * 7, 1e-9);
  EXPECT_NEAR(thresholds["ticket-slow"], 0.10 * 7 / 3, 1e-9);
}

}  // namespace
}  // namespace hb::core
