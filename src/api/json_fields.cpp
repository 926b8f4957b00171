#include "api/json_fields.h"

#include <cstdint>
#include <limits>

#include "api/errors.h"

namespace hb::api {
namespace {

using json = nlohmann::json;

http::Response refuse(std::string_view field, const std::string& what, const json& value) {
  return error_response(
      core::invalid(std::string(field), "must be " + what + ", got " + value.dump()));
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
  if (!parsed.is_object()) return refuse("body", "a JSON object", parsed);
  return parsed;
}

std::variant<core::FieldValue, http::Response> field_value(const core::FieldRule& rule,
                                                           const json& value) {
  switch (rule.type) {
    case core::FieldType::kInteger:
      if (!value.is_number_integer()) return refuse(rule.name, rule.kind(), value);
      if (value.is_number_unsigned() &&
          value.get<std::uint64_t>() >
              static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return refuse(rule.name, rule.expected(), value);
      }
      return value.get<std::int64_t>();
    case core::FieldType::kNumber:
      if (!value.is_number()) return refuse(rule.name, rule.kind(), value);
      return value.get<double>();
    case core::FieldType::kBoolean:
      break;
  }
  if (!value.is_boolean()) return refuse(rule.name, rule.kind(), value);
  return value.get<bool>();
}

http::Response unknown_field(const std::string& key, const std::string& what,
                             const std::string& fields) {
  return error_response(core::invalid(key, "is not a known field; " + what + " has " + fields));
}

}  // namespace hb::api
