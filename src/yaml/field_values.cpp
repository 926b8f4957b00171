#include "yaml/field_values.h"

namespace hb::yaml {
namespace {

// A value of the wrong type, shown as written: "got '1.5'".
[[noreturn]] void wrong_type(const YAML::Node& node, const std::string& field,
                             const core::FieldRule& rule) {
  fail(node, field, "must be " + rule.kind() + ", got " + shown(node));
}

// A number out of range, as the API and the core say it: "got 700000".
[[noreturn]] void out_of_range(const YAML::Node& node, const std::string& field,
                               const core::FieldRule& rule) {
  fail(node, field, "must be " + rule.expected() + ", got " + node.Scalar());
}

}  // namespace

std::int64_t integer(const YAML::Node& node, const std::string& field,
                     const core::FieldRule& rule) {
  const auto value = as_integer(node);
  if (!value) wrong_type(node, field, rule);
  if (!rule.holds(*value)) out_of_range(node, field, rule);
  return *value;
}

double number(const YAML::Node& node, const std::string& field, const core::FieldRule& rule) {
  const auto value = as_number(node);
  if (!value) wrong_type(node, field, rule);
  if (!rule.holds(*value)) out_of_range(node, field, rule);
  return *value;
}

bool boolean(const YAML::Node& node, const std::string& field, const core::FieldRule& rule) {
  const auto value = as_bool(node);
  if (!value) wrong_type(node, field, rule);
  return *value;
}

core::FieldValue value(const YAML::Node& node, const std::string& field,
                       const core::FieldRule& rule) {
  switch (rule.type) {
    case core::FieldType::kInteger:
      return integer(node, field, rule);
    case core::FieldType::kNumber:
      return number(node, field, rule);
    case core::FieldType::kBoolean:
      break;
  }
  return boolean(node, field, rule);
}

void read(const Mapping& m, const core::FieldRule& rule, std::int64_t& into) {
  if (m.has(rule.name)) into = integer(m.get(rule.name), m.field(rule.name), rule);
}

void read(const Mapping& m, const core::FieldRule& rule, int& into) {
  // Every integer rule's bounds lie within int.
  if (m.has(rule.name))
    into = static_cast<int>(integer(m.get(rule.name), m.field(rule.name), rule));
}

void read(const Mapping& m, const core::FieldRule& rule, double& into) {
  if (m.has(rule.name)) into = number(m.get(rule.name), m.field(rule.name), rule);
}

}  // namespace hb::yaml
