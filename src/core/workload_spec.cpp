#include "core/workload_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hb::core {
namespace {

bool whole_seconds_in(double value, double low, double high) {
  return value >= low && value <= high;
}

Status validate_int_or_percent(const IntOrPercent& v, const std::string& field) {
  if (v.percent ? (v.value < 0 || v.value > 100) : (v.value < 0 || v.value > 1000)) {
    return invalid(field,
                   "must be a number of pods from 0 to 1000 or a percentage from 0% to 100%");
  }
  return Done{};
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
  if (!whole_seconds_in(probe.initial_delay_s, 0.0, 3600.0)) {
    return invalid(at + ".initial_delay_s", "must be a number of seconds from 0 to 3600");
  }
  if (!whole_seconds_in(probe.period_s, 0.1, 3600.0)) {
    return invalid(at + ".period_s", "must be a number of seconds from 0.1 to 3600");
  }
  if (!whole_seconds_in(probe.timeout_s, 0.001, 3600.0)) {
    return invalid(at + ".timeout_s", "must be a number of seconds from 0.001 to 3600");
  }
  if (probe.timeout_s > probe.period_s) {
    return invalid(at + ".timeout_s",
                   "must be at most period_s (the lab runs one probe of a kind at a time)");
  }
  if (probe.success_threshold < 1 || probe.success_threshold > 100) {
    return invalid(at + ".success_threshold", "must be an integer from 1 to 100");
  }
  if (kind != ProbeKind::kReadiness && probe.success_threshold != 1) {
    return invalid(at + ".success_threshold",
                   fmt::format("must be 1 for a {} probe, as in Kubernetes", to_string(kind)));
  }
  if (probe.failure_threshold < 1 || probe.failure_threshold > 100) {
    return invalid(at + ".failure_threshold", "must be an integer from 1 to 100");
  }
  return Done{};
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
  if (w.concurrency && (*w.concurrency < 1 || *w.concurrency > kMaxConcurrency)) {
    return invalid(at + ".concurrency",
                   fmt::format("must be an integer from 1 to {}", kMaxConcurrency));
  }
  if (w.queue_length < 0 || w.queue_length > kMaxQueueLength) {
    return invalid(at + ".queue_length",
                   fmt::format("must be an integer from 0 to {}", kMaxQueueLength));
  }
  for (const ProbeKind kind : {ProbeKind::kStartup, ProbeKind::kReadiness, ProbeKind::kLiveness}) {
    if (const auto& probe = w.probes.of(kind)) {
      std::string name(to_string(kind));
      name[0] = static_cast<char>(name[0] - 'A' + 'a');
      if (auto status = validate(*probe, kind, at + ".probes." + name); !status) return status;
    }
  }
  if (!whole_seconds_in(w.termination_grace_period_s, 0.0, 3600.0)) {
    return invalid(at + ".termination_grace_period_s",
                   "must be a number of seconds from 0 to 3600");
  }
  if (auto s = validate_int_or_percent(w.rollout.max_surge, at + ".rollout.max_surge"); !s)
    return s;
  if (auto s = validate_int_or_percent(w.rollout.max_unavailable, at + ".rollout.max_unavailable");
      !s) {
    return s;
  }
  if (w.rollout.max_surge.value == 0 && w.rollout.max_unavailable.value == 0) {
    return invalid(at + ".rollout.max_unavailable",
                   "cannot be 0 when max_surge is 0 too (as Kubernetes rejects it)");
  }
  if (!whole_seconds_in(w.rollout.progress_deadline_s, 1.0, 86400.0)) {
    return invalid(at + ".rollout.progress_deadline_s",
                   "must be a number of seconds from 1 to 86400");
  }
  if (w.autoscale) {
    const AutoscaleSpec& a = *w.autoscale;
    if (!w.concurrency) {
      return invalid(at + ".autoscale",
                     "needs concurrency: the autoscaler scales on busy workers / concurrency");
    }
    if (a.min_replicas < 1 || a.min_replicas > 1000) {
      return invalid(at + ".autoscale.min", "must be an integer from 1 to 1000");
    }
    if (a.max_replicas < a.min_replicas || a.max_replicas > 1000) {
      return invalid(at + ".autoscale.max", "must be an integer from autoscale.min to 1000");
    }
    if (!(a.target_utilization > 0.0 && a.target_utilization <= 1.0)) {
      return invalid(at + ".autoscale.target_utilization",
                     "must be a number above 0 and at most 1");
    }
    if (replicas < a.min_replicas || replicas > a.max_replicas) {
      return invalid(at + ".replicas", "must be within autoscale.min and autoscale.max");
    }
  }
  return validate_version_name(w.version, at + ".version");
}

}  // namespace hb::core
