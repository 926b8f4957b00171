#include "http/message.h"

#include <nlohmann/json.hpp>

namespace hb::http {

Response error_response(unsigned status, const std::string& detail) {
  Response response;
  response.status = status;
  // `detail` may echo client input: replace invalid UTF-8 rather than throw.
  response.body = nlohmann::json{{"detail", detail}}.dump(-1, ' ', false,
                                                          nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace hb::http
