#include "core/field_rules.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

namespace hb::core {
namespace {

std::string of_unit(const FieldRule& rule) {
  return rule.unit.empty() ? std::string() : fmt::format(" of {}", rule.unit);
}

std::string range_of(const FieldRule& rule) {
  return rule.above_min ? fmt::format("over {} and at most {}", rule.min, rule.max)
                        : fmt::format("from {} to {}", rule.min, rule.max);
}

}  // namespace

std::string_view to_string(FieldType type) {
  switch (type) {
    case FieldType::kInteger:
      return "integer";
    case FieldType::kNumber:
      return "number";
    case FieldType::kBoolean:
      break;
  }
  return "boolean";
}

std::string FieldRule::kind() const {
  switch (type) {
    case FieldType::kInteger:
      return unit.empty() ? "an integer" : fmt::format("an integer number of {}", unit);
    case FieldType::kNumber:
      return "a number" + of_unit(*this);
    case FieldType::kBoolean:
      break;
  }
  return "true or false";
}

std::string FieldRule::expected() const {
  switch (type) {
    case FieldType::kInteger:
      return fmt::format("an integer {}{}", range_of(*this),
                         unit.empty() ? std::string() : fmt::format(" ({})", unit));
    case FieldType::kNumber:
      return fmt::format("a number{} {}", of_unit(*this), range_of(*this));
    case FieldType::kBoolean:
      break;
  }
  return "true or false";
}

bool FieldRule::holds(double value) const {
  if (type == FieldType::kBoolean || !std::isfinite(value)) return false;
  if (type == FieldType::kInteger && value != std::floor(value)) return false;
  return (above_min ? value > min : value >= min) && value <= max;
}

bool FieldRule::holds(std::int64_t value) const {
  // Every bound is well inside the integers a double holds exactly, so an int64 beyond them
  // compares as the out-of-range value it is.
  return holds(static_cast<double>(value));
}

Status check(const FieldRule& rule, double value, std::string_view field) {
  if (rule.holds(value)) return Done{};
  return invalid(std::string(field.empty() ? rule.name : field),
                 fmt::format("must be {}, got {}", rule.expected(), value));
}

Status check(const FieldRule& rule, std::int64_t value, std::string_view field) {
  if (rule.holds(value)) return Done{};
  return invalid(std::string(field.empty() ? rule.name : field),
                 fmt::format("must be {}, got {}", rule.expected(), value));
}

namespace rules {

std::string int_or_percent_expected() {
  return fmt::format("a number of pods from {} to {} or a percentage from 0% to 100%",
                     kMaxSurgePods.min, kMaxSurgePods.max);
}

}  // namespace rules

const FieldRule* FieldGroup::find(std::string_view wanted) const {
  for (const FieldRule* rule : fields) {
    if (rule->name == wanted) return rule;
  }
  return nullptr;
}

std::vector<std::string_view> FieldGroup::names() const {
  std::vector<std::string_view> out;
  for (const FieldRule* rule : fields) out.push_back(rule->name);
  return out;
}

std::string FieldGroup::listed() const {
  std::string list;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    list += i == 0 ? "" : (i + 1 == fields.size() ? " and " : ", ");
    list += fields[i]->name;
  }
  return list;
}

namespace {

using namespace rules;

constexpr std::array<const FieldRule*, 7> kFault = {&kDelayMs,   &kJitterMs, &kErrorRate, &kKill,
                                                    &kCrashLoop, &kCrash,    &kDurationS};
constexpr std::array<const FieldRule*, 1> kScale = {&kReplicas};
constexpr std::array<const FieldRule*, 3> kRelease = {&kLatencyMedianMs, &kLatencySigma,
                                                      &kErrorRate};
constexpr std::array<const FieldRule*, 5> kProbe = {&kInitialDelayS, &kPeriodS, &kTimeoutS,
                                                    &kSuccessThreshold, &kFailureThreshold};
constexpr std::array<const FieldRule*, 3> kWorkload = {&kConcurrency, &kQueueLength,
                                                       &kTerminationGracePeriodS};
constexpr std::array<const FieldRule*, 3> kRollout = {&kMaxSurgePods, &kMaxUnavailablePods,
                                                      &kProgressDeadlineS};
constexpr std::array<const FieldRule*, 3> kAutoscale = {&kAutoscaleMin, &kAutoscaleMax,
                                                        &kTargetUtilization};

const std::array<FieldGroup, 7> kGroups = {
    FieldGroup{"fault", kFault},        FieldGroup{"scale", kScale},
    FieldGroup{"release", kRelease},    FieldGroup{"probe", kProbe},
    FieldGroup{"workload", kWorkload},  FieldGroup{"rollout", kRollout},
    FieldGroup{"autoscale", kAutoscale}};

}  // namespace

const FieldGroup& fault_fields() {
  return kGroups[0];
}
const FieldGroup& scale_fields() {
  return kGroups[1];
}
const FieldGroup& release_fields() {
  return kGroups[2];
}
const FieldGroup& probe_fields() {
  return kGroups[3];
}
const FieldGroup& workload_fields() {
  return kGroups[4];
}
const FieldGroup& rollout_fields() {
  return kGroups[5];
}
const FieldGroup& autoscale_fields() {
  return kGroups[6];
}

std::span<const FieldGroup> field_groups() {
  return kGroups;
}

}  // namespace hb::core
