// Whether a probe's value is within its tolerance, and how a tolerance reads in the journal and
// in the progress report.
#pragma once

#include <string>

#include "experiment/experiment.h"

namespace hb::experiment {

// Values compare as the JSON the API serves: numbers by value (3 equals 3.0), texts exactly, and
// a range holds only for a number within it (null, "no data", is outside every range).
bool holds(const Tolerance& tolerance, const json& value);

// {"equals": v}, {"one_of": [...]} or {"min": a, "max": b} (a missing bound is left out).
json to_json(const Tolerance& tolerance);

// "Healthy", "one of Healthy, Degraded", "from 0.995", "at most 1", "from 0 to 1".
std::string describe(const Tolerance& tolerance);

}  // namespace hb::experiment
