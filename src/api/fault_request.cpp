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

// Reads `key` into the patch when it is a fault field. Answers whether it was one, and the
// refusal when its value breaks the field's type.
std::pair<bool, std::optional<http::Response>> read_fault_field(const std::string& key,
                                                                const json& value,
                                                                core::FaultPatch& patch) {
  const core::FieldRule* rule = core::fault_fields().find(key);
  if (rule == nullptr) return {false, std::nullopt};
  auto read = field_value(*rule, value);
  if (auto* refused = std::get_if<http::Response>(&read)) return {true, std::move(*refused)};
  core::set_field(patch, *rule, std::get<core::FieldValue>(read));
  return {true, std::nullopt};
}

}  // namespace

std::variant<core::FaultPatch, http::Response> parse_fault_patch(const std::string& body) {
  auto parsed = parse_object(body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return std::move(*refused);
  core::FaultPatch patch;
  for (const auto& [key, value] : std::get<json>(parsed).items()) {
    auto [known, refused] = read_fault_field(key, value, patch);
    if (!known) return unknown_field(key, "a fault", core::fault_fields().listed());
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
      return unknown_field(key, "a service fault", "mode, value, " + core::fault_fields().listed());
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
    } else if (key == core::rules::kDurationS.name) {
      auto read = field_value(core::rules::kDurationS, value);
      if (auto* refused = std::get_if<http::Response>(&read)) return std::move(*refused);
      request.duration_s = std::get<double>(std::get<core::FieldValue>(read));
      if (auto status = core::validate_duration(*request.duration_s); !status) {
        return error_response(status.error());
      }
    } else {
      return unknown_field(key, "a partition", "from, to and duration_s");
    }
  }
  if (!from) return refuse("from", "is required: the service whose calls fail");
  if (!to) return refuse("to", "is required: the service it can no longer reach");
  request.from = std::move(*from);
  request.to = std::move(*to);
  return request;
}

}  // namespace hb::api
