#include "proxy/header_faults.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace hb::proxy {
namespace {

constexpr std::string_view kDelay = "x-envoy-fault-delay-request";
constexpr std::string_view kDelayPercent = "x-envoy-fault-delay-request-percentage";
constexpr std::string_view kAbort = "x-envoy-fault-abort-request";
constexpr std::string_view kAbortPercent = "x-envoy-fault-abort-request-percentage";

core::Error invalid(std::string_view header, std::string_view rule) {
  return core::Error{core::ErrorKind::kInvalid, std::string(header),
                     std::string(header) + ": " + std::string(rule)};
}

// A whole number in [low, high], digits only (no sign, no space, no fraction), or nothing.
std::optional<std::uint32_t> whole_number(std::string_view text, std::uint32_t low,
                                          std::uint32_t high) {
  std::uint32_t value = 0;
  const char* end = text.data() + text.size();
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc{} || stop != end || value < low || value > high) return std::nullopt;
  return value;
}

std::string_view value_of(const boost::beast::http::fields& fields, std::string_view name) {
  const auto found = fields.find(boost::beast::string_view(name.data(), name.size()));
  if (found == fields.end()) return {};
  return {found->value().data(), found->value().size()};
}

bool has(const boost::beast::http::fields& fields, std::string_view name) {
  return fields.count(boost::beast::string_view(name.data(), name.size())) > 0;
}

}  // namespace

core::Result<HeaderFaults> read_header_faults(const boost::beast::http::fields& fields) {
  HeaderFaults faults;
  if (has(fields, kDelay)) {
    const auto ms = whole_number(value_of(fields, kDelay), 0, UINT32_MAX);
    if (!ms) return invalid(kDelay, "must be a whole number of milliseconds (0 to 4294967295)");
    faults.delay = std::chrono::milliseconds(*ms);
  }
  if (has(fields, kAbort)) {
    const auto status = whole_number(value_of(fields, kAbort), 200, 599);
    if (!status) return invalid(kAbort, "must be an HTTP status, a whole number from 200 to 599");
    faults.abort_status = *status;
  }
  for (const auto& [name, percent] : {std::pair{kDelayPercent, &faults.delay_percent},
                                      std::pair{kAbortPercent, &faults.abort_percent}}) {
    if (!has(fields, name)) continue;
    const auto value = whole_number(value_of(fields, name), 0, 100);
    if (!value) return invalid(name, "must be a percentage, a whole number from 0 to 100");
    *percent = *value;
  }
  return faults;
}

void erase_header_faults(boost::beast::http::fields& fields) {
  for (const std::string_view name : {kDelay, kDelayPercent, kAbort, kAbortPercent}) {
    fields.erase(boost::beast::string_view(name.data(), name.size()));
  }
}

}  // namespace hb::proxy
