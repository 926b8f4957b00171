// Turns the body of POST /fault/{pod_id} into a FaultPatch, or into the error response that
// refuses it: 400 for a body that is not JSON, 422 for a wrong field, type or range.
#pragma once

#include <string>
#include <variant>

#include "core/fault.h"
#include "http/message.h"

namespace hb::api {

std::variant<core::FaultPatch, http::Response> parse_fault_patch(const std::string& body);

}  // namespace hb::api
