// What the proxy's tests share: a ServiceProxy running on two threads with its outcomes
// collected, a keep-alive HTTP client whose every call is bounded, and waiting for a condition
// with a deadline (never for a fixed time). Header-only, as upstream.h.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "proxy/service_proxy.h"

namespace hb::proxy::testing {

// Generous: only reached when something is broken.
constexpr std::chrono::seconds kDeadline{10};

// Polls `condition` until it holds or kDeadline passes; returns whether it held.
inline bool wait_until(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

class RunningProxy {
 public:
  explicit RunningProxy(ProxyOptions options, std::uint64_t seed = 1)
      : proxy_(ioc_, std::move(options), core::Rng(seed), [this](const Outcome& outcome) {
          std::lock_guard lock(mutex_);
          outcomes_.push_back(outcome);
        }) {
    proxy_.start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  ~RunningProxy() {
    proxy_.stop();
    work_.reset();
    ioc_.stop();
    for (std::thread& thread : threads_) thread.join();
  }
  RunningProxy(const RunningProxy&) = delete;
  RunningProxy& operator=(const RunningProxy&) = delete;

  ServiceProxy& proxy() { return proxy_; }
  std::uint16_t port() const { return proxy_.port(); }

  // The outcomes so far, once there are at least `count` (throws after kDeadline).
  std::vector<Outcome> outcomes(std::size_t count) {
    const bool came = wait_until([&] {
      std::lock_guard lock(mutex_);
      return outcomes_.size() >= count;
    });
    if (!came) throw std::runtime_error("outcomes: fewer than expected");
    std::lock_guard lock(mutex_);
    return outcomes_;
  }

 private:
  boost::asio::io_context ioc_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      boost::asio::make_work_guard(ioc_)};
  ServiceProxy proxy_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::vector<Outcome> outcomes_;
};

using ClientRequest = boost::beast::http::request<boost::beast::http::string_body>;
using ClientResponse = boost::beast::http::response<boost::beast::http::string_body>;

// One keep-alive connection; each exchange is bounded by kDeadline.
class Client {
 public:
  explicit Client(std::uint16_t port) : stream_(ioc_) {
    stream_.expires_after(kDeadline);
    stream_.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }

  ClientResponse send(ClientRequest request) {
    namespace bhttp = boost::beast::http;
    // An HTTP/1.1 request gets a Host when it has none (an HTTP/1.0 one is sent as it is).
    if (request.version() >= 11 && request.count(bhttp::field::host) == 0) {
      request.set(bhttp::field::host, "service.test");
    }
    if (!request.chunked()) request.prepare_payload();  // a chunked one is sent chunked
    boost::beast::error_code error;
    ClientResponse response;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (request.method() == bhttp::verb::head) parser.skip(true);
    stream_.expires_after(kDeadline);
    bhttp::async_write(stream_, request, [&](boost::beast::error_code ec, std::size_t) {
      if (ec) {
        error = ec;
        return;
      }
      bhttp::async_read(
          stream_, buffer_, parser,
          [&](boost::beast::error_code read_error, std::size_t) { error = read_error; });
    });
    ioc_.restart();
    ioc_.run();
    if (error) throw boost::beast::system_error(error);
    return parser.release();
  }

  ClientResponse get(const std::string& target) {
    return send(ClientRequest(boost::beast::http::verb::get, target, 11));
  }

  // True once the proxy has closed the connection (a read ends), within kDeadline.
  bool closed_by_peer() {
    boost::beast::error_code error;
    char byte = 0;
    stream_.expires_after(kDeadline);
    stream_.async_read_some(boost::asio::buffer(&byte, 1),
                            [&](boost::beast::error_code ec, std::size_t) { error = ec; });
    ioc_.restart();
    ioc_.run();
    return error == boost::beast::http::error::end_of_stream || error == boost::asio::error::eof ||
           error == boost::asio::error::connection_reset;
  }

 private:
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

// A proxy in front of `addresses`, named "svc-pod-1", "svc-pod-2", ...
inline ProxyOptions options_for(const std::vector<std::string>& addresses) {
  ProxyOptions options;
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    options.endpoints.push_back({addresses[i], "svc-pod-" + std::to_string(i + 1)});
  }
  return options;
}

}  // namespace hb::proxy::testing
