#include "api/field_rules_json.h"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/field_rules.h"

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;

// 600000 rather than 600000.0: the bounds read as people write them.
json bound(double value) {
  const auto whole = static_cast<std::int64_t>(value);
  return static_cast<double>(whole) == value ? json(whole) : json(value);
}

json rule_json(const core::FieldRule& rule) {
  json out = {{"name", rule.name}, {"type", core::to_string(rule.type)}};
  if (rule.type != core::FieldType::kBoolean) {
    out["min"] = bound(rule.min);
    out["max"] = bound(rule.max);
    out["above_min"] = rule.above_min;
  }
  if (!rule.unit.empty()) out["unit"] = rule.unit;
  out["kind"] = rule.kind();
  out["expected"] = rule.expected();
  return out;
}

}  // namespace

std::string field_rules_json() {
  json groups = json::object();
  for (const core::FieldGroup& group : core::field_groups()) {
    json fields = json::array();
    for (const core::FieldRule* rule : group.fields) fields.push_back(rule_json(*rule));
    groups[std::string(group.name)] = std::move(fields);
  }
  const json table = {{"generated_by", "healthboard field-rules (from src/core/field_rules.h)"},
                      {"groups", std::move(groups)},
                      {"rules",
                       {{"crash_only_true", core::rules::kCrashOnlyTrue},
                        {"crash_untimed", core::rules::kCrashUntimed},
                        {"duration_alone", core::rules::kDurationAlone},
                        {"int_or_percent", core::rules::int_or_percent_expected()}}}};
  return table.dump(2) + "\n";
}

}  // namespace hb::api
