// JSON shapes of the original healthboard API (field for field), with measured figures beside.
#pragma once

#include <nlohmann/json.hpp>

#include "core/lab_report.h"
#include "lab/snapshot.h"

namespace hb::api {

nlohmann::json pod_json(const core::PodReport& pod, const lab::Snapshot& snapshot);
nlohmann::json service_json(const core::ServiceReport& service);
nlohmann::json slo_json(const lab::Snapshot& snapshot);

}  // namespace hb::api
