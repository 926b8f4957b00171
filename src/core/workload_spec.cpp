#include "core/workload_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hb::core {
namespace {

Status validate_int_or_percent(const IntOrPercent& v, const std::string& field) {
  const bool ok = v.percent ? (v.value >= 0 && v.value <= 100)
                            : rules::kMaxSurgePods.holds(static_cast<std::int64_t>(v.value));
  if (!ok) return invalid(field, "must be " + rules::int_or_percent_expected());
  return Done{};
}

Status validate(const AutoscaleSpec& a, const std::string& at) {
  const auto field = [&](const FieldRule& rule) { return at + "." + std::string(rule.name); };
  const std::int64_t min = a.min_replicas;
  const std::int64_t max = a.max_replicas;
  if (auto s = check(rules::kAutoscaleMin, min, field(rules::kAutoscaleMin)); !s) return s;
  if (auto s = check(rules::kAutoscaleMax, max, field(rules::kAutoscaleMax)); !s) return s;
  if (max < min) return invalid(field(rules::kAutoscaleMax), "must be at least autoscale.min");
  return check(rules::kTargetUtilization, a.target_utilization, field(rules::kTargetUtilization));
}

int scaled(const IntOrPercent& v, int replicas, bool round_up) {
  if (!v.percent) return v.value;
  const double exact = static_cast<double>(v.value) * replicas / 100.0;
  return static_cast<int>(round_up ? std::ceil(exact) : std::floor(exact));
}

}  // namespace

std::string_view to_string(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::kStartup:
      return "Startup";
    case ProbeKind::kReadiness:
      return "Readiness";
    case ProbeKind::kLiveness:
      return "Liveness";
  }
  return "Unknown";
}

const std::optional<ProbeSpec>& ProbesSpec::of(ProbeKind kind) const {
  switch (kind) {
    case ProbeKind::kStartup:
      return startup;
    case ProbeKind::kReadiness:
      return readiness;
    case ProbeKind::kLiveness:
      break;
  }
  return liveness;
}

RolloutBudget rollout_budget(const RolloutSpec& spec, int replicas) {
  RolloutBudget budget{scaled(spec.max_surge, replicas, true),
                       scaled(spec.max_unavailable, replicas, false)};
  if (budget.surge == 0 && budget.unavailable == 0) budget.unavailable = 1;
  return budget;
}

Status validate(const ProbeSpec& probe, ProbeKind kind, const std::string& at) {
  const auto field = [&](const FieldRule& rule) { return at + "." + std::string(rule.name); };
  for (const auto& [rule, value] : {std::pair{&rules::kInitialDelayS, probe.initial_delay_s},
                                    std::pair{&rules::kPeriodS, probe.period_s},
                                    std::pair{&rules::kTimeoutS, probe.timeout_s}}) {
    if (auto status = check(*rule, value, field(*rule)); !status) return status;
  }
  if (probe.timeout_s > probe.period_s) {
    return invalid(field(rules::kTimeoutS),
                   "must be at most period_s (the lab runs one probe of a kind at a time)");
  }
  const std::int64_t success = probe.success_threshold;
  if (auto status = check(rules::kSuccessThreshold, success, field(rules::kSuccessThreshold));
      !status) {
    return status;
  }
  if (kind != ProbeKind::kReadiness && probe.success_threshold != 1) {
    return invalid(field(rules::kSuccessThreshold),
                   fmt::format("must be 1 for a {} probe, as in Kubernetes", to_string(kind)));
  }
  const std::int64_t failure = probe.failure_threshold;
  return check(rules::kFailureThreshold, failure, field(rules::kFailureThreshold));
}

Status validate_version_name(const std::string& name, const std::string& field) {
  const bool ok =
      !name.empty() && name.size() <= 40 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
      });
  if (!ok) return invalid(field, "must be 1 to 40 letters, digits, '.', '_' or '-'");
  return Done{};
}

Status validate(const WorkloadSpec& w, int replicas, const std::string& at) {
  const auto field = [&](std::string_view path) { return at + "." + std::string(path); };
  if (w.concurrency) {
    const std::int64_t concurrency = *w.concurrency;
    if (auto s = check(rules::kConcurrency, concurrency, field("concurrency")); !s) return s;
  }
  const std::int64_t queue_length = w.queue_length;
  if (auto s = check(rules::kQueueLength, queue_length, field("queue_length")); !s) return s;
  for (const ProbeKind kind : {ProbeKind::kStartup, ProbeKind::kReadiness, ProbeKind::kLiveness}) {
    if (const auto& probe = w.probes.of(kind)) {
      std::string name(to_string(kind));
      name[0] = static_cast<char>(name[0] - 'A' + 'a');
      if (auto status = validate(*probe, kind, field("probes." + name)); !status) return status;
    }
  }
  if (auto s = check(rules::kTerminationGracePeriodS, w.termination_grace_period_s,
                     field("termination_grace_period_s"));
      !s) {
    return s;
  }
  if (auto s = validate_int_or_percent(w.rollout.max_surge, field("rollout.max_surge")); !s) {
    return s;
  }
  if (auto s = validate_int_or_percent(w.rollout.max_unavailable, field("rollout.max_unavailable"));
      !s) {
    return s;
  }
  if (w.rollout.max_surge.value == 0 && w.rollout.max_unavailable.value == 0) {
    return invalid(field("rollout.max_unavailable"),
                   "cannot be 0 when max_surge is 0 too (as Kubernetes rejects it)");
  }
  if (auto s = check(rules::kProgressDeadlineS, w.rollout.progress_deadline_s,
                     field("rollout.progress_deadline_s"));
      !s) {
    return s;
  }
  if (w.autoscale) {
    if (auto s = validate(*w.autoscale, field("autoscale")); !s) return s;
    if (!w.concurrency) {
      return invalid(field("autoscale"),
                     "needs concurrency: the autoscaler scales on busy workers / concurrency");
    }
    if (replicas < w.autoscale->min_replicas || replicas > w.autoscale->max_replicas) {
      return invalid(field("replicas"), "must be within autoscale.min and autoscale.max");
    }
  }
  return validate_version_name(w.version, field("version"));
}

}  // namespace hb::core
