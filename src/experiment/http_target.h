// The experiment's target is a healthboard server: every call is an HTTP/1.1 request over one
// kept-alive connection (Boost.Beast), and a pause is a sleep while the server's lab runs on.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.h"
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
  void pause(core::Duration duration) override;
  json describe() const override;

 private:
  struct Connection;
  HttpTarget(std::string url, std::string host, std::string port, std::string prefix,
             std::chrono::milliseconds timeout);

  std::string url_;
  std::string host_;
  std::string port_;
  std::string prefix_;  // prepended to every path; empty for a server at the root
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace hb::experiment
