// The windows a probe may name are those of GET /slo: the fixed burn-rate windows (5m to 3d) and
// the SLO window, which only the lab knows (--slo-window or --config for a virtual lab, the
// server's GET /slo otherwise). So they are checked after the file is read and before anything
// runs, once the SLO window is known.
#pragma once

#include <string>

#include "core/result.h"
#include "core/time.h"
#include "experiment/experiment.h"
#include "experiment/target.h"

namespace hb::experiment {

// Whether any probe of the hypothesis or the method names a window.
bool names_windows(const Experiment& experiment);

// The SLO window from an answer of GET /slo (its `window_seconds`); an error saying what was
// wrong with the answer otherwise.
core::Result<core::Duration> slo_window_of(const Answer& slo);

// Every window a probe names must be a fixed window or `slo_window`; the error names the file,
// the line and the field, e.g. "x.yaml:14: method[2].window: must be a window the SLO has: 5m,
// 30m, 1h, 2h, 6h, 1d, 3d or the SLO window, 30d (--slo-window), got 10m". `source` says where
// the SLO window came from.
core::Status check_windows(const Experiment& experiment, core::Duration slo_window,
                           const std::string& source);

}  // namespace hb::experiment
