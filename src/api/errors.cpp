#include "api/errors.h"

#include <nlohmann/json.hpp>

namespace hb::api {

unsigned http_status(core::ErrorKind kind) {
  switch (kind) {
    case core::ErrorKind::kNotFound:
      return 404;
    case core::ErrorKind::kInvalid:
      return 422;
    case core::ErrorKind::kConflict:
      return 409;
  }
  return 500;
}

http::Response error_response(const core::Error& error) {
  nlohmann::ordered_json body = {{"detail", error.detail}};
  if (!error.field.empty()) body["field"] = error.field;
  const auto text = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return http::Response{http_status(error.kind), "application/json", text, {}, {}};
}

http::Response refusal_response(lab::CommandRefusal why) {
  http::Response response;
  switch (why) {
    case lab::CommandRefusal::kQueueFull:
      response = http::error_response(
          503, "the lab is behind: too many commands are waiting; not applied, try again shortly");
      break;
    case lab::CommandRefusal::kTooLate:
      response = http::error_response(
          503,
          "the lab is behind: it did not reach the command in time; not applied, try again "
          "shortly");
      break;
    case lab::CommandRefusal::kFailed:
      return http::error_response(500, "internal error");
  }
  response.headers.emplace_back("Retry-After", "1");
  return response;
}

}  // namespace hb::api
