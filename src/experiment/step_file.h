// Reading the steps of the experiment file's method and rollbacks: actions, pauses and probes.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "experiment/experiment.h"

namespace hb::experiment::detail {

// A list of steps at `at`; `probes_allowed` is false in the rollbacks, which hold actions and
// pauses only.
std::vector<Step> read_steps(const YAML::Node& node, const std::string& at, bool probes_allowed);

}  // namespace hb::experiment::detail
