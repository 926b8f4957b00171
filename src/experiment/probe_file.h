// Reading a probe of the experiment file: what it reads, its figure and its tolerance.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "experiment/experiment.h"

namespace hb::experiment::detail {

// A probe is `probe: NAME` plus what it reads, in the hypothesis and in the method alike; only
// the hypothesis requires a tolerance.
Probe read_probe(const YAML::Node& node, const std::string& at, bool tolerance_required);

}  // namespace hb::experiment::detail
