// The query string of a request, parsed strictly: every parameter must be one the handler
// knows, given once. And the parameters of the calls that take some: their rules in one place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/lab_report.h"
#include "http/message.h"

namespace hb::api {

using QueryParams = std::map<std::string, std::string>;

// "window=5m&limit=10" -> {{"limit", "10"}, {"window", "5m"}}, percent-decoded ('+' is a
// space). A parameter not in `known`, one given twice, or a bad escape: 422 naming it.
std::variant<QueryParams, http::Response> parse_query(
    std::string_view query, std::initializer_list<std::string_view> known);

// A whole number from `min` to `max` in plain decimal digits, or nullopt.
std::optional<std::uint64_t> parse_count(std::string_view text, std::uint64_t min,
                                         std::uint64_t max);

// GET /pods?service=&status=&limit=&offset=: which pods, and which page of them.
struct PodQuery {
  std::optional<std::string> service;     // only this service's pods
  std::optional<core::PodStatus> status;  // only pods with this status
  std::size_t offset = 0;                 // pods of the selection to skip
  std::optional<std::size_t> limit;       // at most this many; all when absent
  bool plain = true;                      // no parameter given: the original's shape
};
inline constexpr std::size_t kMaxPodPage = 1000;
// Refuses (422 naming the parameter) a service the lab does not have, a status other than
// Healthy, Degraded or Down, a limit outside 1..kMaxPodPage and an offset that is not a whole
// number.
std::variant<PodQuery, http::Response> parse_pod_query(std::string_view query,
                                                       const core::LabReport& report);

// GET /stream?pods=none | ?service=NAME: the pods each event carries (the lab, its services and
// SLOs always come).
struct PodSelection {
  enum class Kind { kAll, kNone, kService };
  Kind kind = Kind::kAll;
  std::string service;  // for kService

  bool keeps(const core::PodReport& pod) const {
    return kind == Kind::kAll || (kind == Kind::kService && pod.service == service);
  }
  // Names the selection, the same for equal selections: "all", "none", "service=NAME".
  std::string key() const;
};
// Refuses (422 naming the parameter) a `pods` other than all or none, a service the lab does not
// have, and `pods` given together with `service`.
std::variant<PodSelection, http::Response> parse_stream_query(std::string_view query,
                                                              const core::LabReport& report);

}  // namespace hb::api
