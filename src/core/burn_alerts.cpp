#include "core/burn_alerts.h"

namespace hb::core {

const BurnAlertRule* burn_rule_named(std::string_view name) {
  for (const BurnAlertRule& rule : kBurnAlertRules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

double burn_threshold(const BurnAlertRule& rule, Duration slo_window) {
  // fraction * W is (close to) a whole number of microseconds, and the quotient of two whole
  // numbers is correctly rounded: 0.1 * 7d / 1d is 0.7, where 0.1 * (7d / 1d) would be
  // 0.7000000000000001.
  return rule.budget_fraction * static_cast<double>(slo_window.count()) /
         static_cast<double>(rule.long_window.count());
}

}  // namespace hb::core
