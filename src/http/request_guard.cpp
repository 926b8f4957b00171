#include "http/request_guard.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <charconv>

namespace hb::http {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 1 ||
      value > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

// "name[:port]" (a Host header, or what follows scheme:// in an origin), the name lower-cased
// and an IPv6 address kept in its brackets. nullopt when malformed.
struct HostPort {
  std::string name;
  std::optional<std::uint16_t> port;
};
std::optional<HostPort> parse_host_port(std::string_view text) {
  std::string_view name = text;
  std::string_view port;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    name = text.substr(0, close + 1);
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return std::nullopt;
      port = rest.substr(1);
    }
  } else if (const std::size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    name = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (name.empty() || name.find_first_of("/?#@ ") != std::string_view::npos) return std::nullopt;
  HostPort out{lower(name), std::nullopt};
  if (text.size() != name.size()) {
    out.port = parse_port(port);
    if (!out.port) return std::nullopt;
  }
  return out;
}

// "http://Host:80/path" -> scheme "http", host "host", port 80 (the scheme's default when
// absent). nullopt when it is not an http(s) URL with a host.
struct Origin {
  std::string scheme;
  std::string host;
  std::uint16_t port = 0;

  std::string text() const { return fmt::format("{}://{}:{}", scheme, host, port); }
};
std::optional<Origin> parse_origin(std::string_view url, bool allow_path) {
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  const std::string scheme = lower(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  const std::size_t path = rest.find('/');
  if (path != std::string_view::npos) {
    if (!allow_path) return std::nullopt;
    rest = rest.substr(0, path);
  }
  if (rest.find_first_of("?#") != std::string_view::npos) return std::nullopt;
  const auto host = parse_host_port(rest);
  if (!host) return std::nullopt;
  const std::uint16_t fallback = scheme == "https" ? 443 : 80;
  return Origin{scheme, host->name, host->port.value_or(fallback)};
}

bool is_change(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// application/json, or application/<anything>+json, parameters (charset) aside.
bool is_json_media_type(std::string_view content_type) {
  const std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
  return type == "application/json" ||
         (type.starts_with("application/") && type.ends_with("+json"));
}

Response refuse(unsigned status, const std::string& detail) {
  return error_response(status, detail);
}

Response unauthorized(const std::string& detail, bool wrong_token) {
  Response response = error_response(401, detail);
  response.headers.emplace_back("WWW-Authenticate", wrong_token ? R"(Bearer realm="healthboard", )"
                                                                  R"(error="invalid_token")"
                                                                : R"(Bearer realm="healthboard")");
  return response;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  if (lower(host) == "localhost") return true;
  std::string_view bare = host;
  if (bare.starts_with('[') && bare.ends_with(']')) bare = bare.substr(1, bare.size() - 2);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(bare), ec);
  return !ec && address.is_loopback();
}

core::Status validate_public_url(std::string_view url) {
  if (parse_origin(url, true)) return core::Done{};
  return core::invalid("--public-url",
                       fmt::format("must be an http:// or https:// URL with a host, such as "
                                   "https://lab.example.com, got '{}'",
                                   url));
}

bool constant_time_equal(std::string_view expected, std::string_view given) {
  unsigned char difference = expected.size() == given.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const char other = i < given.size() ? given[i] : '\0';
    difference = static_cast<unsigned char>(difference | (expected[i] ^ other));
  }
  return difference == 0;
}

RequestGuard::RequestGuard(GuardOptions options)
    : options_(std::move(options)), loopback_only_(is_loopback_host(options_.listen_host)) {
  // Listening on loopback or on every address (which includes loopback), the loopback names
  // reach the server; listening on one other address, that address does.
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(options_.listen_host, ec);
  if (loopback_only_ || (!ec && address.is_unspecified())) {
    names_ = {"localhost", "127.0.0.1", "[::1]"};
  }
  if (!ec && !address.is_unspecified()) {
    const std::string name =
        address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
  } else if (ec && lower(options_.listen_host) != "localhost") {
    names_.push_back(lower(options_.listen_host));  // a host name given to --host
  }
  if (const auto origin = parse_origin(options_.public_url, true)) public_origin_ = origin->text();
}

void RequestGuard::listening_on(std::uint16_t port) {
  port_.store(port);
}

std::vector<std::string> RequestGuard::own_origins() const {
  std::vector<std::string> origins;
  for (const std::string& name : names_) {
    origins.push_back(fmt::format("http://{}:{}", name, port_.load()));
  }
  if (!public_origin_.empty()) origins.push_back(public_origin_);
  return origins;
}

bool RequestGuard::is_own_origin(std::string_view origin) const {
  const auto parsed = parse_origin(origin, false);
  if (!parsed) return false;
  if (!public_origin_.empty() && parsed->text() == public_origin_) return true;
  return parsed->scheme == "http" && parsed->port == port_.load() &&
         std::find(names_.begin(), names_.end(), parsed->host) != names_.end();
}

bool RequestGuard::is_own_host(std::string_view host) const {
  const auto parsed = parse_host_port(host);
  if (!parsed) return false;
  const std::uint16_t port = port_.load();
  if (std::find(names_.begin(), names_.end(), parsed->name) != names_.end() &&
      parsed->port.value_or(80) == port) {
    return true;
  }
  if (const auto public_origin = parse_origin(options_.public_url, true)) {
    const std::uint16_t fallback = public_origin->scheme == "https" ? 443 : 80;
    return parsed->name == public_origin->host &&
           parsed->port.value_or(fallback) == public_origin->port;
  }
  return false;
}

std::optional<Response> RequestGuard::check(const Request& request) const {
  const std::string_view host = header_value(request, "host");
  if (loopback_only_ && !host.empty() && !is_own_host(host)) {
    return refuse(403, fmt::format("Host: '{}' is not a name of this server, which listens on "
                                   "loopback ({}); a server reached by another name needs "
                                   "--public-url",
                                   host, fmt::join(own_origins(), ", ")));
  }
  if (!is_change(request.method)) return std::nullopt;

  const std::string_view origin = header_value(request, "origin");
  const bool trusted_origin =
      !origin.empty() && (is_own_origin(origin) || options_.cors.allows(origin));
  if (!origin.empty() && !trusted_origin) {
    return refuse(403, fmt::format("Origin: '{}' may not change the lab: only this server's own "
                                   "pages and the origins allowed with --cors-origin may",
                                   origin));
  }
  const std::string site = lower(header_value(request, "sec-fetch-site"));
  if ((site == "cross-site" || site == "same-site") && !trusted_origin) {
    return refuse(403, fmt::format("Sec-Fetch-Site: a {} request may not change the lab without "
                                   "an Origin allowed with --cors-origin",
                                   site));
  }

  if (!options_.token.empty()) {
    const std::string_view authorization = trim(header_value(request, "authorization"));
    const std::size_t space = authorization.find(' ');
    if (authorization.empty() || space == std::string_view::npos ||
        lower(authorization.substr(0, space)) != "bearer") {
      return unauthorized(
          "Authorization: this server needs a token to change the lab: send "
          "'Authorization: Bearer <token>'",
          false);
    }
    if (!constant_time_equal(options_.token, trim(authorization.substr(space + 1)))) {
      return unauthorized("Authorization: the bearer token is not this server's", true);
    }
  }

  const std::string_view content_type = header_value(request, "content-type");
  if (!request.body.empty() && !content_type.empty() && !is_json_media_type(content_type)) {
    return refuse(415,
                  fmt::format("Content-Type: must be application/json, got '{}'", content_type));
  }
  return std::nullopt;
}

Handler RequestGuard::wrap(Handler next) const {
  return [this, next = std::move(next)](Request request, Reply reply) {
    if (auto refused = check(request)) return reply(std::move(*refused));
    next(std::move(request), std::move(reply));
  };
}

}  // namespace hb::http
