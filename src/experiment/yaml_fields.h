// What the experiment file's readers add to the shared strict YAML reader (yaml/strict_yaml.h):
// a scalar as the journal shows it, and the pause step's duration.
#pragma once

#include "experiment/experiment.h"
#include "yaml/field_values.h"
#include "yaml/strict_yaml.h"

namespace hb::experiment::detail {

using yaml::as_bool;
using yaml::as_integer;
using yaml::as_number;
using yaml::choice;
using yaml::fail;
using yaml::index_field;
using yaml::is_null;
using yaml::is_plain;
using yaml::line_of;
using yaml::Mapping;
using yaml::shown;
using yaml::text;
using FileError = yaml::FieldError;

// How a scalar reads in the journal's JSON: null, a bool, a number or a string.
json scalar_json(const YAML::Node& node);

// A duration such as 30s, 5m, 1h, at least a second and at most a day.
Pause pause(const YAML::Node& node, const std::string& field);

}  // namespace hb::experiment::detail
