#include "core/burn_alerts.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hb::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const BurnAlertRule& rule(std::string_view name) {
  for (const auto& r : kBurnAlertRules) {
    if (r.name == name) return r;
  }
  throw std::invalid_argument("no burn alert rule " + std::string(name));
}

TEST(BurnAlertsTest, TheWorkbookRulesInOrder) {
  ASSERT_EQ(kBurnAlertRules.size(), 4u);
  EXPECT_EQ(kBurnAlertRules[0].name, "page-fast");
  EXPECT_EQ(kBurnAlertRules[1].name, "page-slow");
  EXPECT_EQ(kBurnAlertRules[2].name, "ticket-fast");
  EXPECT_EQ(kBurnAlertRules[3].name, "ticket-slow");
  EXPECT_EQ(rule("page-fast").severity, "page");
  EXPECT_EQ(rule("page-slow").severity, "page");
  EXPECT_EQ(rule("ticket-fast").severity, "ticket");
  EXPECT_EQ(rule("ticket-slow").severity, "ticket");
  EXPECT_EQ(rule("page-fast").long_window, hours(1));
  EXPECT_EQ(rule("page-fast").short_window, minutes(5));
  EXPECT_EQ(rule("page-slow").long_window, hours(6));
  EXPECT_EQ(rule("page-slow").short_window, minutes(30));
  EXPECT_EQ(rule("ticket-fast").long_window, hours(24));
  EXPECT_EQ(rule("ticket-fast").short_window, hours(2));
  EXPECT_EQ(rule("ticket-slow").long_window, hours(72));
  EXPECT_EQ(rule("ticket-slow").short_window, hours(6));
  for (const auto& r : kBurnAlertRules) {
    SCOPED_TRACE(std::string(r.name));
    EXPECT_LT(r.short_window, r.long_window);
    EXPECT_GT(r.budget_fraction, 0.0);
    EXPECT_LE(r.budget_fraction, 1.0);
    // The hold after the condition goes false: the same for all four, and short next to the
    // short window (the time the alert takes to resolve once the burning stops).
    EXPECT_EQ(r.keep_firing_for, minutes(1));
    EXPECT_LE(r.keep_firing_for * 5, r.short_window);
  }
}

// The Workbook's figures for a 30-day window, to the last bit: the rule file prints them as
// 14.4, 6, 3 and 1.
TEST(BurnAlertsTest, ThirtyDaysGiveTheWorkbookThresholdsExactly) {
  const Duration w = hours(24 * 30);
  EXPECT_EQ(burn_threshold(rule("page-fast"), w), 14.4);
  EXPECT_EQ(burn_threshold(rule("page-slow"), w), 6.0);
  EXPECT_EQ(burn_threshold(rule("ticket-fast"), w), 3.0);
  EXPECT_EQ(burn_threshold(rule("ticket-slow"), w), 1.0);
}

TEST(BurnAlertsTest, SevenDaysScaleTheThresholds) {
  const Duration w = hours(24 * 7);
  EXPECT_EQ(burn_threshold(rule("page-fast"), w), 3.36);
  EXPECT_EQ(burn_threshold(rule("page-slow"), w), 1.4);
  EXPECT_EQ(burn_threshold(rule("ticket-fast"), w), 0.7);
  EXPECT_DOUBLE_EQ(burn_threshold(rule("ticket-slow"), w), 0.7 / 3.0);
}

TEST(BurnAlertsTest, OneHourWindowScalesBelowOne) {
  const Duration w = hours(1);
  EXPECT_DOUBLE_EQ(burn_threshold(rule("page-fast"), w), 0.02);
  EXPECT_DOUBLE_EQ(burn_threshold(rule("page-slow"), w), 0.05 / 6.0);
  EXPECT_DOUBLE_EQ(burn_threshold(rule("ticket-fast"), w), 0.1 / 24.0);
  EXPECT_DOUBLE_EQ(burn_threshold(rule("ticket-slow"), w), 0.1 / 72.0);
}

// At the threshold, the long window spends exactly the rule's share of the budget, whatever W:
// burn rate b over a window L spends b * L / W of the budget.
TEST(BurnAlertsTest, AtTheThresholdTheLongWindowSpendsTheBudgetShare) {
  for (const Duration w : {Duration(minutes(5)), Duration(hours(1)), Duration(hours(24 * 7)),
                           Duration(hours(24 * 28)), Duration(hours(24 * 90))}) {
    for (const auto& r : kBurnAlertRules) {
      SCOPED_TRACE(std::string(r.name) + " over " + std::to_string(w.count()) + " us");
      const double spent = burn_threshold(r, w) * static_cast<double>(r.long_window.count()) /
                           static_cast<double>(w.count());
      EXPECT_DOUBLE_EQ(spent, r.budget_fraction);
    }
  }
}

static_assert(kBurnAlertRules[0].long_window == std::chrono::hours(1),
              "the rules are usable at compile time");

}  // namespace
}  // namespace hb::core
