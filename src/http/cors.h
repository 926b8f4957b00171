// Cross-origin resource sharing for a frontend served from another origin (the original
// dashboard on http://localhost:3000 calling the API on :8000). Only the origins named are
// answered: an allowed origin may change the lab, so none is allowed by default.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/message.h"
#include "http/router.h"

namespace hb::http {

struct CorsPolicy {
  std::vector<std::string> origins;  // "http://localhost:3000", ...; "*" allows every origin

  bool allows(std::string_view origin) const;
};

// Checks one --cors-origin value: "*" or scheme://host[:port] with http or https, nothing after.
core::Status validate_cors_origin(std::string_view origin);

// Wraps the router's handler: a preflight (OPTIONS with Origin and
// Access-Control-Request-Method) from an allowed origin is answered 204 with the methods the
// router serves on that path and the Content-Type and Authorization headers; any other request
// from an allowed origin gets Access-Control-Allow-Origin on its answer. Requests from other
// origins, and preflights from them, are answered as if CORS did not exist (no CORS headers).
// The router must outlive the handler.
Handler with_cors(const Router& router, CorsPolicy policy);
// The same, with every request that is not an allowed preflight handed to `next` (the router
// behind other checks) rather than to the router itself.
Handler with_cors(const Router& router, CorsPolicy policy, Handler next);

}  // namespace hb::http
