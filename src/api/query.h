// The query string of a request, parsed strictly: every parameter must be one the handler
// knows, given once.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "http/message.h"

namespace hb::api {

using QueryParams = std::map<std::string, std::string>;

// "window=5m&limit=10" -> {{"limit", "10"}, {"window", "5m"}}, percent-decoded ('+' is a
// space). A parameter not in `known`, one given twice, or a bad escape: 422 naming it.
std::variant<QueryParams, http::Response> parse_query(
    std::string_view query, std::initializer_list<std::string_view> known);

}  // namespace hb::api
