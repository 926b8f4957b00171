#include "api/query.h"

#include <algorithm>
#include <optional>

#include "api/errors.h"

namespace hb::api {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string list(std::initializer_list<std::string_view> names) {
  std::string out;
  for (const std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out.empty() ? "none" : out;
}

}  // namespace

std::variant<QueryParams, http::Response> parse_query(
    std::string_view query, std::initializer_list<std::string_view> known) {
  QueryParams params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    const auto name = decode(part.substr(0, eq));
    const auto value =
        decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1));
    if (!name || !value) {
      return error_response(
          core::invalid("query", "has a malformed percent-escape in '" + std::string(part) + "'"));
    }
    if (name->empty()) {
      return error_response(
          core::invalid("query", "has a parameter without a name: '" + std::string(part) + "'"));
    }
    if (std::find(known.begin(), known.end(), *name) == known.end()) {
      return error_response(
          core::invalid(*name, "is not a known query parameter; this call takes " + list(known)));
    }
    if (!params.emplace(*name, *value).second) {
      return error_response(core::invalid(*name, "is given more than once"));
    }
  }
  return params;
}

}  // namespace hb::api
