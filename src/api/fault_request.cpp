#include "api/fault_request.h"

#include <nlohmann/json.hpp>

#include "api/errors.h"

namespace hb::api {
namespace {

http::Response refuse(const std::string& field, const std::string& rule) {
  return error_response(core::invalid(field, rule));
}

std::string shown(const nlohmann::json& value) {
  return value.dump();
}

}  // namespace

std::variant<core::FaultPatch, http::Response> parse_fault_patch(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return http::error_response(400, "body: must be a JSON object, got an empty body");
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& error) {  // syntax, or a number too large
    return http::error_response(400, std::string("body: not valid JSON: ") + error.what());
  }
  if (!json.is_object()) return refuse("body", "must be a JSON object, got " + shown(json));

  core::FaultPatch patch;
  for (const auto& [key, value] : json.items()) {
    if (key == "delay_ms") {
      if (!value.is_number_integer()) {
        return refuse("delay_ms", "must be an integer number of milliseconds, got " + shown(value));
      }
      if (value.is_number_unsigned() && value.get<std::uint64_t>() > core::kMaxDelayMs) {
        return refuse("delay_ms",
                      "must be an integer from 0 to 600000 (milliseconds), got " + shown(value));
      }
      patch.delay_ms = value.get<std::int64_t>();
    } else if (key == "error_rate") {
      if (!value.is_number()) return refuse("error_rate", "must be a number, got " + shown(value));
      patch.error_rate = value.get<double>();
    } else if (key == "kill") {
      if (!value.is_boolean()) {
        return refuse("kill", "must be true or false, got " + shown(value));
      }
      patch.kill = value.get<bool>();
    } else {
      return refuse(key, "is not a known field; a fault has delay_ms, error_rate and kill");
    }
  }
  if (auto status = core::validate(patch); !status) return error_response(status.error());
  return patch;
}

}  // namespace hb::api
