#include "core/real_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string_view>

#include "core/workload_spec.h"

namespace hb::core {
namespace {

std::optional<unsigned> number_in(std::string_view text, unsigned max) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value > max) {
    return std::nullopt;
  }
  return value;
}

bool loopback_v4(std::string_view host) {
  int parts = 0;
  std::size_t from = 0;
  while (true) {
    const std::size_t dot = host.find('.', from);
    const std::string_view part =
        host.substr(from, dot == std::string_view::npos ? dot : dot - from);
    const auto value = number_in(part, 255);
    if (!value || part.size() > 3 || (parts == 0 && *value != 127)) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    from = dot + 1;
  }
  return parts == 4;
}

}  // namespace

Status validate_loopback_address(const std::string& address, const std::string& field,
                                 bool any_port) {
  const std::string rule = fmt::format(
      "must be a loopback address and a port from {} to 65535, such as 127.0.0.1:8081, got '{}'",
      any_port ? 0 : 1, address);
  const std::size_t colon = address.rfind(':');
  if (colon == std::string::npos) return invalid(field, rule);
  const std::string_view host = std::string_view(address).substr(0, colon);
  const auto port = number_in(std::string_view(address).substr(colon + 1), 65535);
  if (!port || (*port == 0 && !any_port)) return invalid(field, rule);
  if (host != "localhost" && host != "[::1]" && !loopback_v4(host)) return invalid(field, rule);
  return Done{};
}

Status validate(const RealServiceSpec& real, const std::string& at) {
  if (auto status = validate_loopback_address(real.listen, at + ".listen", true); !status) {
    return status;
  }
  if (real.endpoints.empty() || static_cast<double>(real.endpoints.size()) > rules::kReplicas.max) {
    return invalid(at + ".endpoints",
                   fmt::format("must list 1 to {} addresses, got {}",
                               static_cast<int>(rules::kReplicas.max), real.endpoints.size()));
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < real.endpoints.size(); ++i) {
    const std::string field = fmt::format("{}.endpoints[{}]", at, i);
    if (auto status = validate_loopback_address(real.endpoints[i], field, false); !status) {
      return status;
    }
    if (real.endpoints[i] == real.listen) {
      return invalid(field,
                     "'" + real.endpoints[i] +
                         "' is the service's own listen address; it would forward to itself");
    }
    if (!seen.insert(real.endpoints[i]).second) {
      return invalid(field,
                     "'" + real.endpoints[i] + "' is listed twice; each endpoint is one pod");
    }
  }
  if (real.health_path.empty() || real.health_path.front() != '/' ||
      std::any_of(real.health_path.begin(), real.health_path.end(),
                  [](char c) { return c <= ' ' || c == 0x7f; })) {
    return invalid(at + ".probes.readiness.path",
                   "must be a path starting with '/', without spaces or control characters");
  }
  if (real.error_status < 400 || real.error_status > 599) {
    return invalid(
        at + ".error_status",
        fmt::format("must be an HTTP status from 400 to 599, got {}", real.error_status));
  }
  return Done{};
}

}  // namespace hb::core
