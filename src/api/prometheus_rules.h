// Prometheus recording and alerting rules for every SLO of a lab, so that a team can take the
// lab's SLOs to its own Prometheus: `healthboard rules` prints them.
#pragma once

#include <string>

#include "core/lab_spec.h"

namespace hb::api {

// A Prometheus rule file (YAML) with one group per SLO: for each service and for the whole lab
// ("lab"), an availability and a latency SLO. Each group holds Sloth-named recording rules (error
// ratios over 5m to 3d and over the SLO window, objective, budget, burn rates) and the four
// multi-window burn-rate alerts of core::kBurnAlertRules, thresholds scaled to the SLO window,
// each with its rule's `keep_firing_for`.
// Pure and deterministic: the same spec gives the same text, byte for byte.
std::string render_rules(const core::LabSpec& spec);

}  // namespace hb::api
