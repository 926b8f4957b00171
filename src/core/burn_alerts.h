// Multi-window, multi-burn-rate alerts (Google SRE Workbook, "Alerting on SLOs"): each alert
// fires when the error budget burns faster than its threshold over both a long and a short
// window. Once firing, it keeps firing until its condition has been false for keep_firing_for
// (Prometheus' `keep_firing_for`), so that a burn rate hovering at the threshold does not make it
// flap. The four rules, their thresholds and that hold live here, once, for the generated
// Prometheus rules and the lab's own alert engine alike.
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
  Duration keep_firing_for;   // once firing, how long the condition must stay false to resolve
};

// How long a firing alert holds after its condition goes false: long enough to absorb the
// evaluation-to-evaluation noise of a burn rate at the threshold (the lab evaluates every second,
// Prometheus typically every 1 min: one false evaluation does not resolve it), short next to the
// time each alert takes to resolve once the burning stops (its short window: 5 min to 6 h).
// The same for all four rules; see docs/slo.md.
inline constexpr Duration kKeepFiringFor = std::chrono::minutes(1);

// The Workbook's four rules. Over a 30-day SLO window their thresholds are 14.4, 6, 3 and 1.
inline constexpr std::array<BurnAlertRule, 4> kBurnAlertRules = {{
    {"page-fast", "page", std::chrono::hours(1), std::chrono::minutes(5), 0.02, kKeepFiringFor},
    {"page-slow", "page", std::chrono::hours(6), std::chrono::minutes(30), 0.05, kKeepFiringFor},
    {"ticket-fast", "ticket", std::chrono::hours(24), std::chrono::hours(2), 0.10, kKeepFiringFor},
    {"ticket-slow", "ticket", std::chrono::hours(72), std::chrono::hours(6), 0.10, kKeepFiringFor},
}};

// The rule of that name, or null.
const BurnAlertRule* burn_rule_named(std::string_view name);

// The burn rate above which `rule` fires for an SLO over `slo_window`:
// budget_fraction * slo_window / long_window. A burn rate b spends b * long_window / slo_window
// of the budget during the long window, so at the threshold that is exactly budget_fraction,
// whatever the SLO window. Computed as (fraction * W) / long so that short decimals come out
// exact: 30d gives 14.4, 6, 3, 1 and 7d gives 3.36, 1.4, 0.7, 0.2333...
double burn_threshold(const BurnAlertRule& rule, Duration slo_window);

}  // namespace hb::core
