// Reads a lab definition from a YAML or JSON file (JSON is YAML) into a LabSpec. Fields left
// out keep the defaults of core::default_lab_spec(); unknown fields, wrong types and broken
// rules are errors that name the file, the line and the field.
#pragma once

#include <optional>
#include <string>

#include "core/lab_spec.h"
#include "core/result.h"

namespace hb::lab {

core::Result<core::LabSpec> load_lab_spec(const std::string& path);
core::Result<core::LabSpec> parse_lab_spec(const std::string& text, const std::string& source);

// "90s", "5m", "1h", "30d" -> a duration; anything else -> nullopt.
std::optional<core::Duration> parse_duration(const std::string& text);

}  // namespace hb::lab
