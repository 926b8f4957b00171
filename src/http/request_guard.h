// Who may change the lab: the checks every request passes before the router sees it.
//
// - DNS rebinding: while the server listens on loopback only, a request whose Host is not one
//   of the server's own names (localhost, 127.0.0.1, [::1] with its port, the --public-url's
//   host) is refused with 403, whatever it asks.
// - Cross-site requests: a change (any method but GET, HEAD and OPTIONS) whose Origin is
//   neither the server's own nor an allowed CORS origin, or that the browser marks
//   `Sec-Fetch-Site: cross-site` / `same-site` without such an origin, is refused with 403.
//   curl and scripts send neither header and pass.
// - The token: when one is set, a change without `Authorization: Bearer <token>` is refused
//   with 401 and `WWW-Authenticate: Bearer`; the comparison takes the same time wherever the
//   token differs.
// - The body: a change whose body comes with a Content-Type other than application/json is
//   refused with 415 (a body without one is read as JSON, as FastAPI does).
//
// The server's own origins are the names it listens on and --public-url, never what a request's
// Host header says.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/cors.h"
#include "http/message.h"

namespace hb::http {

struct GuardOptions {
  std::string listen_host = "127.0.0.1";  // the --host the server binds to
  std::string public_url;                 // "https://lab.example.com"; empty: none
  CorsPolicy cors;                        // origins whose pages may also change the lab
  std::string token;                      // empty: changes need no token
};

// True for an address that only this machine can reach: 127.0.0.0/8, ::1, "localhost".
bool is_loopback_host(std::string_view host);

// Checks a --public-url: http:// or https://, a host, an optional port; a path is allowed (a
// reverse proxy's prefix) but only the origin counts.
core::Status validate_public_url(std::string_view url);

// Compares two secrets in a time that depends on the expected one's length only.
bool constant_time_equal(std::string_view expected, std::string_view given);

class RequestGuard {
 public:
  explicit RequestGuard(GuardOptions options);

  // The port the server listens on (known once it is bound): before it, every own origin is
  // unknown and the Host check refuses everything. Thread-safe.
  void listening_on(std::uint16_t port);

  // nullopt when `request` may go on; otherwise the answer that refuses it.
  std::optional<Response> check(const Request& request) const;

  // A Handler that answers refused requests and passes the others to `next`. The guard must
  // outlive it.
  Handler wrap(Handler next) const;

  // The origins the server counts as its own, "http://localhost:8000", ... (for logs and docs).
  std::vector<std::string> own_origins() const;

 private:
  bool is_own_origin(std::string_view origin) const;
  bool is_own_host(std::string_view host) const;

  GuardOptions options_;
  bool loopback_only_;
  std::vector<std::string> names_;  // host names of the own origins: "localhost", "[::1]", ...
  std::string public_origin_;       // normalised --public-url origin, or empty
  std::atomic<std::uint16_t> port_{0};
};

}  // namespace hb::http
