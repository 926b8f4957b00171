#include "api/errors.h"

#include <nlohmann/json.hpp>

namespace hb::api {

unsigned http_status(core::ErrorKind kind) {
  switch (kind) {
    case core::ErrorKind::kNotFound:
      return 404;
    case core::ErrorKind::kInvalid:
      return 422;
  }
  return 500;
}

http::Response error_response(const core::Error& error) {
  nlohmann::ordered_json body = {{"detail", error.detail}};
  if (!error.field.empty()) body["field"] = error.field;
  return http::Response{http_status(error.kind), "application/json", body.dump(), {}, {}};
}

}  // namespace hb::api
