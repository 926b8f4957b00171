#include "experiment/yaml_fields.h"

#include <chrono>

#include "lab/config_file.h"

namespace hb::experiment::detail {

json scalar_json(const YAML::Node& node) {
  if (is_null(node)) return nullptr;
  if (auto b = as_bool(node)) return *b;
  if (auto i = as_integer(node)) return *i;
  if (auto d = as_number(node)) return *d;
  return node.Scalar();
}

Pause pause(const YAML::Node& node, const std::string& field) {
  const std::string rule = "must be a duration from 1s to 1d, such as 30s, 5m or 1h";
  if (!node.IsScalar()) fail(node, field, rule + ", got " + shown(node));
  const auto duration = lab::parse_duration(node.Scalar());
  if (!duration || *duration < std::chrono::seconds(1) || *duration > std::chrono::hours(24)) {
    fail(node, field, rule + ", got " + shown(node));
  }
  return Pause{node.Scalar(), *duration, line_of(node)};
}

}  // namespace hb::experiment::detail
