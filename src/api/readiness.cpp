#include "api/readiness.h"

#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>

namespace hb::api {
namespace {

double in_seconds(core::Duration duration) {
  return std::chrono::duration<double>(duration).count();
}

}  // namespace

http::Response readiness_response(const LabProgress& progress, core::Duration max_lag) {
  const bool ready = progress.lag <= max_lag;
  nlohmann::ordered_json body = {
      {"status", ready ? "ready" : "lagging"},
      {"lag_s", in_seconds(progress.lag)},
      {"max_lag_s", in_seconds(max_lag)},
      {"queued_commands", progress.queued},
      {"timestamp", progress.timestamp},
      {"saved_at",
       progress.saved_at ? nlohmann::ordered_json(*progress.saved_at) : nlohmann::ordered_json()}};
  if (!ready) {
    body["detail"] = fmt::format(
        "the lab is {:.3f} s behind real time, more than the {:.3f} s "
        "allowed (--max-lag)",
        in_seconds(progress.lag), in_seconds(max_lag));
  }
  http::Response response{ready ? 200u : 503u, "application/json", body.dump(), {}, {}};
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace hb::api
