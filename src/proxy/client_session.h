// One client connection of a ServiceProxy (internal to src/proxy): reads each request, applies
// the endpoint's faults, forwards it over a pooled upstream connection and writes the answer.
// Everything runs on the connection's strand. The client side is in client_session.cpp, the
// upstream side in upstream_exchange.cpp.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "proxy/endpoint.h"
#include "proxy/proxy_context.h"

namespace hb::proxy::detail {

// A response with this status has no body (RFC 9110 section 6.4.1).
inline bool has_no_body(unsigned status) {
  return status / 100 == 1 || status == 204 || status == 304;
}

class ClientSession : public std::enable_shared_from_this<ClientSession> {
 public:
  using tcp = boost::asio::ip::tcp;
  using error_code = boost::system::error_code;
  using Clock = std::chrono::steady_clock;

  // Counts itself in context->connections until it closes.
  ClientSession(tcp::socket&& socket, std::shared_ptr<ProxyContext> context);
  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  void start();
  void stop();  // from any thread: closes the connection

 private:
  // What the one deadline of the connection ends when it passes.
  enum class Phase { reading, delaying, upstream, writing, lingering };

  // --- client side (client_session.cpp)
  void read_request();
  void on_first_bytes(error_code ec, std::size_t bytes);
  void read_header();
  void on_header(error_code ec, std::size_t bytes);
  void read_body();
  void on_request(error_code ec, std::size_t bytes);
  void refuse_request(error_code ec);
  void after_delay(error_code ec);
  void apply_faults();
  void answer(unsigned status, std::string_view detail);
  void send_response();
  void on_written(error_code ec, std::size_t bytes);
  void report();
  void linger();
  void on_drain(error_code ec, std::size_t bytes);
  void close();
  void expire_after(Clock::duration after);
  void expire_never() { deadline_ = Clock::time_point::max(); }
  void on_timer(error_code ec);

  // --- upstream side (upstream_exchange.cpp)
  void forward();
  void open_upstream(bool may_reuse);
  void on_connect(error_code ec);
  void send_upstream();
  void on_upstream_written(error_code ec, std::size_t bytes);
  void read_upstream_response();
  void on_upstream_header(error_code ec, std::size_t bytes);
  void on_upstream_read(error_code ec, std::size_t bytes);
  void upstream_failed(error_code ec, bool written);
  void drop_upstream();
  void relay_response();
  void upstream_timed_out();
  template <typename Handler>
  auto on_strand(Handler&& handler);

  std::shared_ptr<ProxyContext> context_;
  tcp::socket client_;  // its executor is the connection's strand
  std::string client_ip_;
  bool counted_ = true;  // among context_->connections
  bool closed_ = false;
  Phase phase_ = Phase::reading;

  // The request being answered.
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::request<boost::beast::http::string_body> request_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  Clock::time_point started_;  // the request's first byte read
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  Faults faults_;
  Outcome outcome_;
  boost::asio::steady_timer delay_timer_;

  // The upstream exchange.
  std::optional<tcp::socket> upstream_;
  bool reused_ = false;     // upstream_ came from the pool
  bool retried_ = false;    // the one retry on a new connection is spent
  bool timed_out_ = false;  // the upstream timeout passed
  boost::beast::flat_buffer upstream_buffer_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>>
      upstream_parser_;

  // One timer for every deadline, moved only when a deadline comes earlier than it is set for.
  boost::asio::steady_timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point timer_at_ = Clock::time_point::max();
};

}  // namespace hb::proxy::detail
