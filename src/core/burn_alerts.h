// Multi-window, multi-burn-rate alerts (Google SRE Workbook, "Alerting on SLOs"): each alert
// fires when the error budget burns faster than its threshold over both a long and a short
// window. The four rules and their thresholds live here, once, for the generated Prometheus
// rules and the lab's own alert engine alike.
#pragma once

#include <array>
#include <chrono>
#include <string_view>

#include "core/time.h"

namespace hb::core {

struct BurnAlertRule {
  std::string_view name;      // "page-fast", "page-slow", "ticket-fast", "ticket-slow"
  std::string_view severity;  // "page" or "ticket"
  Duration long_window;       // how much budget is at stake
  Duration short_window;      // that it is still burning now, so the alert resolves quickly
  double budget_fraction;     // share of the SLO window's budget the long window may spend
};

// The Workbook's four rules. Over a 30-day SLO window their thresholds are 14.4, 6, 3 and 1.
inline constexpr std::array<BurnAlertRule, 4> kBurnAlertRules = {{
    {"page-fast", "page", std::chrono::hours(1), std::chrono::minutes(5), 0.02},
    {"page-slow", "page", std::chrono::hours(6), std::chrono::minutes(30), 0.05},
    {"ticket-fast", "ticket", std::chrono::hours(24), std::chrono::hours(2), 0.10},
    {"ticket-slow", "ticket", std::chrono::hours(72), std::chrono::hours(6), 0.10},
}};

// The burn rate above which `rule` fires for an SLO over `slo_window`:
// budget_fraction * slo_window / long_window. A burn rate b spends b * long_window / slo_window
// of the budget during the long window, so at the threshold that is exactly budget_fraction,
// whatever the SLO window. Computed as (fraction * W) / long so that short decimals come out
// exact: 30d gives 14.4, 6, 3, 1 and 7d gives 3.36, 1.4, 0.7, 0.2333...
double burn_threshold(const BurnAlertRule& rule, Duration slo_window);

}  // namespace hb::core
