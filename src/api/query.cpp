#include "api/query.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <vector>

#include "api/errors.h"
#include "http/percent_decode.h"

namespace hb::api {
namespace {

std::string list(std::initializer_list<std::string_view> names) {
  std::string out;
  for (const std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out.empty() ? "none" : out;
}

// "a, b or c"; at most `max` names, then how many more.
std::string alternatives(const std::vector<std::string_view>& names, std::size_t max = 10) {
  std::string out;
  const std::size_t shown = std::min(names.size(), max);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) out += i + 1 == shown && shown == names.size() ? " or " : ", ";
    out += names[i];
  }
  if (shown < names.size()) out += " (and " + std::to_string(names.size() - shown) + " more)";
  return out;
}

// The named service of the lab, or a 422 naming `param`.
std::optional<http::Response> check_service(const std::string& param, const std::string& name,
                                            const core::LabReport& report) {
  std::vector<std::string_view> names;
  for (const auto& service : report.services) {
    if (service.name == name) return std::nullopt;
    names.push_back(service.name);
  }
  return error_response(core::invalid(
      param, "must name a service of the lab: " + alternatives(names) + ", got '" + name + "'"));
}

}  // namespace

std::optional<std::uint64_t> parse_count(std::string_view text, std::uint64_t min,
                                         std::uint64_t max) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < min || value > max) return std::nullopt;
  return value;
}

std::variant<PodQuery, http::Response> parse_pod_query(std::string_view query,
                                                       const core::LabReport& report) {
  auto parsed = parse_query(query, {"service", "status", "limit", "offset"});
  if (auto* refused = std::get_if<http::Response>(&parsed)) return std::move(*refused);
  const auto& params = std::get<QueryParams>(parsed);
  PodQuery out;
  out.plain = params.empty();
  if (const auto it = params.find("service"); it != params.end()) {
    if (auto refused = check_service("service", it->second, report)) return std::move(*refused);
    out.service = it->second;
  }
  if (const auto it = params.find("status"); it != params.end()) {
    for (const auto status :
         {core::PodStatus::kHealthy, core::PodStatus::kDegraded, core::PodStatus::kDown}) {
      if (it->second == core::to_string(status)) out.status = status;
    }
    if (!out.status) {
      return error_response(
          core::invalid("status", "must be Healthy, Degraded or Down, got '" + it->second + "'"));
    }
  }
  if (const auto it = params.find("limit"); it != params.end()) {
    const auto limit = parse_count(it->second, 1, kMaxPodPage);
    if (!limit) {
      return error_response(core::invalid("limit", "must be a whole number from 1 to " +
                                                       std::to_string(kMaxPodPage) + ", got '" +
                                                       it->second + "'"));
    }
    out.limit = static_cast<std::size_t>(*limit);
  }
  if (const auto it = params.find("offset"); it != params.end()) {
    const auto offset = parse_count(it->second, 0, std::numeric_limits<std::uint32_t>::max());
    if (!offset) {
      return error_response(core::invalid(
          "offset", "must be a whole number from 0 (pods to skip), got '" + it->second + "'"));
    }
    out.offset = static_cast<std::size_t>(*offset);
  }
  return out;
}

std::string PodSelection::key() const {
  switch (kind) {
    case Kind::kAll:
      return "all";
    case Kind::kNone:
      return "none";
    case Kind::kService:
      return "service=" + service;
  }
  return "all";
}

std::variant<PodSelection, http::Response> parse_stream_query(std::string_view query,
                                                              const core::LabReport& report) {
  auto parsed = parse_query(query, {"pods", "service"});
  if (auto* refused = std::get_if<http::Response>(&parsed)) return std::move(*refused);
  const auto& params = std::get<QueryParams>(parsed);
  PodSelection out;
  const auto pods = params.find("pods");
  const auto service = params.find("service");
  if (pods != params.end()) {
    if (pods->second == "none") {
      out.kind = PodSelection::Kind::kNone;
    } else if (pods->second != "all") {
      return error_response(
          core::invalid("pods", "must be all or none, got '" + pods->second + "'"));
    }
    if (service != params.end()) {
      return error_response(core::invalid(
          "pods", "cannot be given with service, which already selects that service's pods"));
    }
  }
  if (service != params.end()) {
    if (auto refused = check_service("service", service->second, report)) {
      return std::move(*refused);
    }
    out.kind = PodSelection::Kind::kService;
    out.service = service->second;
  }
  return out;
}

std::variant<QueryParams, http::Response> parse_query(
    std::string_view query, std::initializer_list<std::string_view> known) {
  QueryParams params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    const auto name = http::percent_decode(part.substr(0, eq), http::UrlPart::kQuery);
    const auto value = http::percent_decode(
        eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1),
        http::UrlPart::kQuery);
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
