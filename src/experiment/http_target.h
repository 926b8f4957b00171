// The experiment's target is a healthboard server: every call is an HTTP/1.1 request over one
// kept-alive connection (Boost.Beast). A pause sleeps while the server's lab runs on, then waits
// until the server's snapshots have caught up with it: the lab time of the answer before the
// pause plus the pause. The lab time of an answer is its `timestamp`; an answer without one (the
// actions') is followed by GET /health, which reads a snapshot at least as late.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "experiment/http_client.h"
#include "experiment/target.h"

namespace hb::experiment {

class HttpTarget : public Target {
 public:
  // `url` is http://HOST[:PORT][/PREFIX]; anything else is an error naming --server.
  static core::Result<std::unique_ptr<HttpTarget>> connect_to(
      const std::string& url, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpTarget() override;

  Answer call(std::string_view method, const std::string& path,
              const std::optional<json>& body) override;
  std::string pause(core::Duration duration) override;
  json describe() const override;

 private:
  explicit HttpTarget(std::unique_ptr<HttpClient> client);

  std::unique_ptr<HttpClient> client_;
  std::optional<double> last_lab_time_;  // the `timestamp` of the last answer; none without one
};

}  // namespace hb::experiment
