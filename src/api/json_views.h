// JSON shapes of the original healthboard API (field for field), with measured figures beside.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "core/lab_report.h"
#include "lab/snapshot.h"

namespace hb::api {

// Seconds as milliseconds to the microsecond, or null when there is no data.
nlohmann::ordered_json millis_or_null(const std::optional<double>& seconds);
// The number, or null when there is no data.
nlohmann::ordered_json number_or_null(const std::optional<double>& value);
// The original's `latency_ms` of a pod, a number at every instant: the median of its status
// window, else the latency of the last request its current process completed, else 0.
double latency_ms(const core::PodReport& pod);

nlohmann::ordered_json pod_json(const core::PodReport& pod, const lab::Snapshot& snapshot);
nlohmann::ordered_json service_json(const core::ServiceReport& service,
                                    const lab::Snapshot& snapshot);
// GET /rollout/{service}: {"service": name, "rollout": {...}}.
nlohmann::ordered_json rollout_json_of(const core::ServiceReport& service,
                                       const lab::Snapshot& snapshot);
nlohmann::ordered_json alert_json(const core::AlertStatus& alert, const lab::Snapshot& snapshot);
// GET /slo: the original four fields for the lab, then every SLO in detail.
nlohmann::ordered_json slo_json(const lab::Snapshot& snapshot);
// GET /alerts: every alert with its state, and the latest changes, newest first.
nlohmann::ordered_json alerts_json(const lab::Snapshot& snapshot);

}  // namespace hb::api
