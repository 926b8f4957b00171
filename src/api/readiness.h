// GET /readyz, Kubernetes style: is the lab keeping up with real time? /health stays the
// original's "the process answers"; /readyz says whether what it answers is current.
#pragma once

#include <cstddef>
#include <optional>

#include "core/time.h"
#include "http/message.h"

namespace hb::api {

struct LabProgress {
  core::Duration lag{};            // how far the lab is behind real time
  std::size_t queued = 0;          // commands waiting for the lab
  double timestamp = 0;            // the lab's time (unix seconds) in the latest snapshot
  std::optional<double> saved_at;  // the last save to the data directory; none in memory
};

// 200 {"status": "ready", ...} while lag <= max_lag; 503 {"status": "lagging", "detail": ...}
// beyond it. Both carry lag_s, max_lag_s, queued_commands, timestamp and saved_at.
http::Response readiness_response(const LabProgress& progress, core::Duration max_lag);

}  // namespace hb::api
