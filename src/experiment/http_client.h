// A small blocking HTTP/1.1 client for a healthboard server (Boost.Beast): one kept-alive
// connection, JSON in and out. The experiment's HttpTarget and the kubectl-like commands share it.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "experiment/target.h"

namespace hb::experiment {

class HttpClient {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  // `url` is http://HOST[:PORT][/PREFIX]; anything else is an error naming --server.
  static core::Result<std::unique_ptr<HttpClient>> connect_to(const std::string& url,
                                                              std::chrono::milliseconds timeout,
                                                              std::string user_agent);
  ~HttpClient();

  // Sends `method` `path` (after the URL's prefix) with `body` (JSON; none: no body) and any
  // extra `headers`. Never throws for a failed call: the Answer says what happened.
  Answer call(std::string_view method, const std::string& path, const std::optional<json>& body,
              const Headers& headers = {});
  // Drops the kept-alive connection; the next call opens a new one.
  void close();
  const std::string& url() const { return url_; }
  std::chrono::milliseconds timeout() const { return timeout_; }

 private:
  struct Connection;
  HttpClient(std::string url, std::string host, std::string port, std::string prefix,
             std::chrono::milliseconds timeout, std::string user_agent);

  std::string url_;
  std::string host_;
  std::string port_;
  std::string prefix_;  // prepended to every path; empty for a server at the root
  std::chrono::milliseconds timeout_;
  std::string user_agent_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace hb::experiment
