#include "core/alerts.h"

namespace hb::core {

AlertStatus& AlertBook::find_or_add(const std::string& slo, std::string_view sli,
                                    const BurnAlertRule& rule, double threshold, TimePoint now) {
  const auto matches = [&](const AlertStatus& alert) {
    return alert.rule == &rule && alert.slo == slo && alert.sli == sli;
  };
  // Every evaluation asks for the alerts in the order they were added: try the next one first.
  if (next_ >= alerts_.size()) next_ = 0;
  if (next_ < alerts_.size() && matches(alerts_[next_])) return alerts_[next_++];
  for (std::size_t i = 0; i < alerts_.size(); ++i) {
    if (matches(alerts_[i])) {
      next_ = i + 1;
      return alerts_[i];
    }
  }
  alerts_.push_back(AlertStatus{slo, std::string(sli), &rule, threshold, {}, {}, false, now, {}});
  next_ = alerts_.size();
  return alerts_.back();
}

void AlertBook::evaluate_sli(const std::string& slo, std::string_view sli, const SliReport& report,
                             Duration slo_window, TimePoint now) {
  for (const BurnAlertRule& rule : kBurnAlertRules) {
    const double threshold = burn_threshold(rule, slo_window);
    AlertStatus& alert = find_or_add(slo, sli, rule, threshold, now);
    const WindowFigures* long_window = report.over(rule.long_window);
    const WindowFigures* short_window = report.over(rule.short_window);
    alert.long_burn_rate = long_window ? long_window->burn_rate : std::nullopt;
    alert.short_burn_rate = short_window ? short_window->burn_rate : std::nullopt;
    const bool condition = alert.long_burn_rate && alert.short_burn_rate &&
                           *alert.long_burn_rate > threshold && *alert.short_burn_rate > threshold;
    if (condition) {
      alert.resolving_since.reset();  // the hold starts over the next time it goes false
      if (alert.firing) continue;
      alert.firing = true;
    } else {
      if (!alert.firing) continue;
      // As Prometheus: the hold counts from the first evaluation that found the condition false
      // and ends at the first evaluation at least keep_firing_for later.
      if (!alert.resolving_since) alert.resolving_since = now;
      if (now - *alert.resolving_since < rule.keep_firing_for) continue;
      alert.firing = false;
      alert.resolving_since.reset();
    }
    alert.since = now;
    changes_.push_front(AlertChange{now, alert});
    ++change_count_;
    if (changes_.size() > kMaxChanges) changes_.pop_back();
  }
}

void AlertBook::restore(const std::vector<AlertStatus>& alerts) {
  for (const AlertStatus& saved : alerts) {
    AlertStatus& alert =
        find_or_add(saved.slo, saved.sli, *saved.rule, saved.threshold, saved.since);
    alert.firing = saved.firing;
    alert.since = saved.since;
    alert.resolving_since = saved.firing ? saved.resolving_since : std::nullopt;
  }
}

void AlertBook::evaluate(const SloReport& report, TimePoint now) {
  evaluate_sli(report.name, "availability", report.availability, report.spec.window, now);
  evaluate_sli(report.name, "latency", report.latency, report.spec.window, now);
}

}  // namespace hb::core
