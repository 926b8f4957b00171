#include "http/cors.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>

namespace hb::http {
namespace {

constexpr std::string_view kAllowedHeaders = "Content-Type, Authorization";
constexpr std::string_view kMaxAgeSeconds = "600";

std::string header(const Request& request, const std::string& name) {
  const auto it = request.headers.find(name);
  return it == request.headers.end() ? std::string() : it->second;
}

}  // namespace

bool CorsPolicy::allows(std::string_view origin) const {
  if (origin.empty()) return false;
  return std::any_of(origins.begin(), origins.end(), [&](const std::string& allowed) {
    return allowed == "*" || allowed == origin;
  });
}

core::Status validate_cors_origin(std::string_view origin) {
  if (origin == "*") return core::Done{};
  const auto refuse = [&](std::string_view rule) {
    return core::invalid("--cors-origin", fmt::format("{}, got '{}'", rule, origin));
  };
  std::string_view rest;
  if (origin.starts_with("http://")) {
    rest = origin.substr(7);
  } else if (origin.starts_with("https://")) {
    rest = origin.substr(8);
  } else {
    return refuse("must start with http:// or https:// (an origin such as http://localhost:3000)");
  }
  if (rest.find_first_of("/?#") != std::string_view::npos) {
    return refuse("must be an origin only: scheme, host and port, with no path");
  }
  const std::size_t colon = rest.rfind(':');
  const bool ipv6 = rest.starts_with('[');
  const std::string_view host = colon == std::string_view::npos || (ipv6 && rest.find(']') > colon)
                                    ? rest
                                    : rest.substr(0, colon);
  if (host.empty()) return refuse("names no host");
  if (host.size() != rest.size()) {
    const std::string_view port = rest.substr(host.size() + 1);
    unsigned value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
      return refuse("has a port that is not a number from 1 to 65535");
    }
  }
  return core::Done{};
}

Handler with_cors(const Router& router, CorsPolicy policy) {
  return with_cors(router, std::move(policy), router.as_handler());
}

Handler with_cors(const Router& router, CorsPolicy policy, Handler next) {
  return [&router, policy = std::move(policy), next = std::move(next)](Request request,
                                                                       Reply reply) {
    const std::string origin = header(request, "origin");
    if (!policy.allows(origin)) return next(std::move(request), std::move(reply));
    if (request.method == "OPTIONS" && request.headers.contains("access-control-request-method")) {
      const std::vector<std::string> methods = router.methods_for(request.path);
      if (methods.empty()) return reply(error_response(404, "Not Found"));
      Response preflight;
      preflight.status = 204;
      preflight.content_type.clear();
      preflight.headers = {
          {"Access-Control-Allow-Origin", origin},
          {"Access-Control-Allow-Methods", fmt::format("{}", fmt::join(methods, ", "))},
          {"Access-Control-Allow-Headers", std::string(kAllowedHeaders)},
          {"Access-Control-Max-Age", std::string(kMaxAgeSeconds)},
          {"Vary", "Origin"}};
      return reply(std::move(preflight));
    }
    next(std::move(request), [origin, reply = std::move(reply)](Response response) {
      response.headers.emplace_back("Access-Control-Allow-Origin", origin);
      response.headers.emplace_back("Vary", "Origin");
      reply(std::move(response));
    });
  };
}

}  // namespace hb::http
