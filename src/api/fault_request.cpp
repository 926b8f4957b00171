#include "api/fault_request.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "api/errors.h"

namespace hb::api {
namespace {

using json = nlohmann::json;

http::Response refuse(const std::string& field, const std::string& rule) {
  return error_response(core::invalid(field, rule));
}

std::string shown(const json& value) {
  return value.dump();
}

}  // namespace

std::variant<json, http::Response> parse_object(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return http::error_response(400, "body: must be a JSON object, got an empty body");
  }
  json parsed;
  try {
    parsed = json::parse(body);
  } catch (const json::exception& error) {  // syntax, or a number too large
    return http::error_response(400, std::string("body: not valid JSON: ") + error.what());
  }
  if (!parsed.is_object()) return refuse("body", "must be a JSON object, got " + shown(parsed));
  return parsed;
}

namespace {

std::optional<http::Response> read_millis(const std::string& key, const json& value,
                                          std::optional<std::int64_t>& into) {
  if (!value.is_number_integer()) {
    return refuse(key, "must be an integer number of milliseconds, got " + shown(value));
  }
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > core::kMaxDelayMs) {
    return refuse(key, "must be an integer from 0 to 600000 (milliseconds), got " + shown(value));
  }
  into = value.get<std::int64_t>();
  return std::nullopt;
}

std::optional<http::Response> read_duration(const json& value, std::optional<double>& into) {
  if (!value.is_number()) {
    return refuse("duration_s", "must be a number of seconds, got " + shown(value));
  }
  into = value.get<double>();
  return std::nullopt;
}

// Reads `key` into the patch when it is a fault field. Answers whether it was one, and the
// refusal when its value breaks the field's type.
std::pair<bool, std::optional<http::Response>> read_fault_field(const std::string& key,
                                                                const json& value,
                                                                core::FaultPatch& patch) {
  if (key == "delay_ms") return {true, read_millis(key, value, patch.delay_ms)};
  if (key == "jitter_ms") return {true, read_millis(key, value, patch.jitter_ms)};
  if (key == "duration_s") return {true, read_duration(value, patch.duration_s)};
  if (key == "error_rate") {
    if (!value.is_number()) return {true, refuse(key, "must be a number, got " + shown(value))};
    patch.error_rate = value.get<double>();
    return {true, std::nullopt};
  }
  for (auto [name, field] : {std::pair{"kill", &core::FaultPatch::kill},
                             std::pair{"crash_loop", &core::FaultPatch::crash_loop},
                             std::pair{"crash", &core::FaultPatch::crash}}) {
    if (key != name) continue;
    if (!value.is_boolean()) {
      return {true, refuse(key, "must be true or false, got " + shown(value))};
    }
    patch.*field = value.get<bool>();
    return {true, std::nullopt};
  }
  return {false, std::nullopt};
}

constexpr const char* kFaultFields =
    "delay_ms, jitter_ms, error_rate, kill, crash_loop, crash and duration_s";

}  // namespace

std::variant<core::FaultPatch, http::Response> parse_fault_patch(const std::string& body) {
  auto parsed = parse_object(body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return std::move(*refused);
  core::FaultPatch patch;
  for (const auto& [key, value] : std::get<json>(parsed).items()) {
    auto [known, refused] = read_fault_field(key, value, patch);
    if (!known) {
      return refuse(key, std::string("is not a known field; a fault has ") + kFaultFields);
    }
    if (refused) return std::move(*refused);
  }
  if (auto status = core::validate(patch); !status) return error_response(status.error());
  return patch;
}

std::variant<ServiceFaultRequest, http::Response> parse_service_fault(const std::string& body) {
  auto parsed = parse_object(body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return std::move(*refused);
  ServiceFaultRequest request;
  bool has_mode = false;
  for (const auto& [key, value] : std::get<json>(parsed).items()) {
    if (key == "mode") {
      const auto mode =
          value.is_string() ? core::parse_select_mode(value.get<std::string>()) : std::nullopt;
      if (!mode) {
        return refuse(
            "mode",
            "must be one of \"one\", \"all\", \"fixed\" or \"fixed-percent\", got " + shown(value));
      }
      request.selector.mode = *mode;
      has_mode = true;
      continue;
    }
    if (key == "value") {
      if (!value.is_number_integer() ||
          (value.is_number_unsigned() &&
           value.get<std::uint64_t>() >
               static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
        return refuse("value",
                      "must be a whole number (pods for fixed, a percentage for "
                      "fixed-percent), got " +
                          shown(value));
      }
      request.selector.value = value.get<std::int64_t>();
      continue;
    }
    auto [known, refused] = read_fault_field(key, value, request.patch);
    if (!known) {
      return refuse(key, std::string("is not a known field; a service fault has mode, value, ") +
                             kFaultFields);
    }
    if (refused) return std::move(*refused);
  }
  if (!has_mode) {
    return refuse("mode", "is required: one of \"one\", \"all\", \"fixed\" or \"fixed-percent\"");
  }
  if (auto status = core::validate(request.patch); !status) {
    return error_response(status.error());
  }
  return request;
}

std::variant<PartitionRequest, http::Response> parse_partition(const std::string& body) {
  auto parsed = parse_object(body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return std::move(*refused);
  PartitionRequest request;
  std::optional<std::string> from;
  std::optional<std::string> to;
  for (const auto& [key, value] : std::get<json>(parsed).items()) {
    if (key == "from" || key == "to") {
      if (!value.is_string()) {
        return refuse(key, "must be the name of a service, as a string, got " + shown(value));
      }
      (key == "from" ? from : to) = value.get<std::string>();
    } else if (key == "duration_s") {
      if (auto refused = read_duration(value, request.duration_s)) return std::move(*refused);
      if (auto status = core::validate_duration(*request.duration_s); !status) {
        return error_response(status.error());
      }
    } else {
      return refuse(key, "is not a known field; a partition has from, to and duration_s");
    }
  }
  if (!from) return refuse("from", "is required: the service whose calls fail");
  if (!to) return refuse("to", "is required: the service it can no longer reach");
  request.from = std::move(*from);
  request.to = std::move(*to);
  return request;
}

}  // namespace hb::api
