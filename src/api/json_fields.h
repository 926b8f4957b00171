// Reading the JSON bodies of the calls that change the lab: the body as an object, and each
// field by its rule in the core's table (core/field_rules.h). A value of the wrong type is
// refused with the rule's kind ("must be an integer number of milliseconds, got 1.5"); its range
// is the core's validate() to check, with the same table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "core/field_rules.h"
#include "http/message.h"

namespace hb::api {

// A request body as a JSON object, or the response refusing it (400 for no JSON, 422 for
// another JSON value).
std::variant<nlohmann::json, http::Response> parse_object(const std::string& body);

// The value of the field `rule` describes, by its type, or the 422 refusing it.
std::variant<core::FieldValue, http::Response> field_value(const core::FieldRule& rule,
                                                           const nlohmann::json& value);

// "<key> is not a known field; <what> has <fields>", as a 422.
http::Response unknown_field(const std::string& key, const std::string& what,
                             const std::string& fields);

}  // namespace hb::api
