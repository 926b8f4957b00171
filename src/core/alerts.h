// Multi-window, multi-burn-rate alerts (Google SRE Workbook) on every SLI of every SLO, with
// their state, since when, and a log of every change. A firing alert holds for its rule's
// keep_firing_for after its condition goes false, as Prometheus' `keep_firing_for` does.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/burn_alerts.h"
#include "core/slo.h"

namespace hb::core {

struct AlertStatus {
  std::string slo;  // "lab" or the service
  std::string sli;  // "availability" or "latency"
  const BurnAlertRule* rule = nullptr;
  double threshold = 0.0;  // scaled to the SLO window
  std::optional<double> long_burn_rate;
  std::optional<double> short_burn_rate;
  bool firing = false;
  TimePoint since;  // when it entered its current state
  // Firing, but its condition has been false since then (the first evaluation that found it
  // false): it resolves at the first evaluation from resolving_since + rule->keep_firing_for on,
  // unless the condition comes back first. Empty while the condition holds or the alert is
  // inactive.
  std::optional<TimePoint> resolving_since;
};

struct AlertChange {
  TimePoint at;
  AlertStatus alert;  // as it is after the change
};

class AlertBook {
 public:
  static constexpr std::size_t kMaxChanges = 500;

  // Re-evaluates the alerts of both SLIs of one SLO from its figures; a change of state is
  // logged. An alert's condition holds while both of its windows burn faster than its threshold;
  // a window without traffic does not burn. An inactive alert fires as soon as its condition
  // holds; a firing one resolves only once its condition has been false, at every evaluation,
  // for its rule's keep_firing_for. If the condition comes back sooner, the alert simply stays
  // firing: nothing is logged and `since` does not move.
  void evaluate(const SloReport& report, TimePoint now);

  // Carries on from the states of an earlier run: each alert given (its slo, sli and rule) takes
  // the state, `since` and `resolving_since` it had. Their burn rates come with the next
  // evaluate(); the log of changes starts empty.
  void restore(const std::vector<AlertStatus>& alerts);

  const std::vector<AlertStatus>& alerts() const { return alerts_; }
  // Newest first.
  const std::deque<AlertChange>& changes() const { return changes_; }
  // Changes logged so far, including those dropped from changes(); lets a reader tell new ones.
  std::uint64_t change_count() const { return change_count_; }

 private:
  AlertStatus& find_or_add(const std::string& slo, std::string_view sli, const BurnAlertRule& rule,
                           double threshold, TimePoint now);
  void evaluate_sli(const std::string& slo, std::string_view sli, const SliReport& report,
                    Duration slo_window, TimePoint now);

  std::vector<AlertStatus> alerts_;
  std::size_t next_ = 0;  // where find_or_add() looks first
  std::deque<AlertChange> changes_;
  std::uint64_t change_count_ = 0;
};

}  // namespace hb::core
