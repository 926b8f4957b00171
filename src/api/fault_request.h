// Turns the bodies of the fault endpoints into core values, or into the error response that
// refuses them: 400 for a body that is not JSON, 422 for a wrong field, type or range.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "api/json_fields.h"
#include "core/fault.h"
#include "core/pod_selector.h"
#include "http/message.h"

namespace hb::api {

// POST /fault/{pod_id}: any of delay_ms, jitter_ms, error_rate, kill, crash_loop, crash,
// duration_s.
std::variant<core::FaultPatch, http::Response> parse_fault_patch(const std::string& body);

// POST /fault/service/{service}: the fault fields plus `mode` and, for some modes, `value`.
struct ServiceFaultRequest {
  core::PodSelector selector;
  core::FaultPatch patch;
};
std::variant<ServiceFaultRequest, http::Response> parse_service_fault(const std::string& body);

// POST /partition: `from` and `to` (service names), optional duration_s.
struct PartitionRequest {
  std::string from;
  std::string to;
  std::optional<double> duration_s;
};
std::variant<PartitionRequest, http::Response> parse_partition(const std::string& body);

}  // namespace hb::api
