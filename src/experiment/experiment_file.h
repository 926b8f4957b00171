// Reads an experiment file (YAML; JSON is YAML too) and validates all of it before anything runs:
// unknown keys, wrong types, values out of range, unknown figures, tolerances that could never
// hold. An error names the file, the line and the field, e.g.
// "experiments/x.yaml:12: method[2].delay_ms: must be an integer from 0 to 600000 (milliseconds),
// got 700000". The format is described in docs/chaos.md.
#pragma once

#include <string>

#include "core/result.h"
#include "experiment/experiment.h"

namespace hb::experiment {

// `source` names the file in messages and in Experiment::file.
core::Result<Experiment> parse_experiment(const std::string& text, const std::string& source);
core::Result<Experiment> load_experiment(const std::string& path);

}  // namespace hb::experiment
