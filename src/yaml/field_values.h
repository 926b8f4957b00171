// Values of the fields the core's table of rules describes (core/field_rules.h), read from YAML:
// the type first ("must be an integer number of milliseconds, got '1.5'"), then the range ("must
// be an integer from 0 to 600000 (milliseconds), got '700000'"), the same words the API answers.
#pragma once

#include <cstdint>
#include <string>

#include "core/field_rules.h"
#include "yaml/strict_yaml.h"

namespace hb::yaml {

std::int64_t integer(const YAML::Node& node, const std::string& field, const core::FieldRule& rule);
double number(const YAML::Node& node, const std::string& field, const core::FieldRule& rule);
bool boolean(const YAML::Node& node, const std::string& field, const core::FieldRule& rule);
// Whichever of the three `rule`'s type says.
core::FieldValue value(const YAML::Node& node, const std::string& field,
                       const core::FieldRule& rule);

// The field `rule` names in `m`, into `into` when present; `into` keeps its value otherwise.
void read(const Mapping& m, const core::FieldRule& rule, std::int64_t& into);
void read(const Mapping& m, const core::FieldRule& rule, int& into);
void read(const Mapping& m, const core::FieldRule& rule, double& into);

}  // namespace hb::yaml
