// One client connection of a ServiceProxy (internal to src/proxy): reads each request's head,
// applies the endpoint's faults, forwards it over a pooled upstream connection and streams both
// bodies through one fixed buffer. Everything runs on the connection's strand. The client side
// is in client_session.cpp, the upstream exchange up to the response head in
// upstream_exchange.cpp, the two bodies in body_relay.cpp.
#pragma once

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "proxy/endpoint.h"
#include "proxy/header_faults.h"
#include "proxy/proxy_context.h"

namespace hb::proxy::detail {

// A response with this status has no body (RFC 9110 section 6.4.1).
inline bool has_no_body(unsigned status) {
  return status / 100 == 1 || status == 204 || status == 304;
}

// The one buffer each body goes through, each way in turn: what a connection holds of a body
// whatever its size.
inline constexpr std::size_t kBodyChunk = 64 * 1024;

// No body limit: Beast 1.74's parser refuses every Content-Length when the limit is
// boost::none (it compares the length with the empty optional), so the largest one stands in.
inline constexpr std::uint64_t kNoBodyLimit = std::numeric_limits<std::uint64_t>::max();

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
  void stop();  // from any thread: closes the connection, reporting nothing more

 private:
  using RequestParser = boost::beast::http::request_parser<boost::beast::http::buffer_body>;
  using ResponseParser = boost::beast::http::response_parser<boost::beast::http::buffer_body>;
  using RequestWriter = boost::beast::http::request_serializer<boost::beast::http::buffer_body>;
  using ResponseWriter = boost::beast::http::response_serializer<boost::beast::http::buffer_body>;

  // What the one deadline of the connection ends when it passes.
  enum class Phase { reading, request_body, delaying, upstream, writing, lingering };

  // --- client side (client_session.cpp)
  void read_request();
  void on_first_bytes(error_code ec, std::size_t bytes);
  void read_header();
  void on_header(error_code ec, std::size_t bytes);
  void refuse_request(error_code ec);
  void after_header_delay(error_code ec);
  void route();
  void after_delay(error_code ec);
  void apply_faults();
  void answer(unsigned status, std::string_view detail);
  void skip_buffered_body();
  void on_written(error_code ec, std::size_t bytes);
  void finish_exchange();
  void report();
  void linger();
  void on_drain(error_code ec, std::size_t bytes);
  void close();
  void expire_after(Clock::duration after);
  void expire_never() { deadline_ = Clock::time_point::max(); }
  void on_timer(error_code ec);

  // --- upstream side, up to the response head (upstream_exchange.cpp)
  void forward();
  void open_upstream(bool may_reuse);
  void on_connect(error_code ec);
  void send_upstream();
  void on_upstream_written(error_code ec, std::size_t bytes);
  void read_upstream_response();
  void on_upstream_header(error_code ec, std::size_t bytes);
  void upstream_failed(bool writing);
  void drop_upstream();
  void release_upstream();
  void upstream_timed_out();
  template <typename Handler>
  auto on_strand(Handler&& handler);

  // --- the bodies (body_relay.cpp)
  char* chunk();
  void read_request_body();
  void on_request_body(error_code ec, std::size_t bytes);
  void client_body_failed(error_code ec);
  void write_request_chunk();
  void relay_response_head();
  void write_response_chunk();
  void on_response_written(error_code ec, std::size_t bytes);
  void read_response_body();
  void on_response_body(error_code ec, std::size_t bytes);

  std::shared_ptr<ProxyContext> context_;
  tcp::socket client_;  // its executor is the connection's strand
  std::string client_ip_;
  bool counted_ = true;  // among context_->connections
  bool closed_ = false;
  bool stopping_ = false;  // stop(): close without reporting
  Phase phase_ = Phase::reading;

  // The request being answered: its head, then its body read through chunk_.
  boost::beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  boost::beast::http::response<boost::beast::http::string_body> answer_;  // the proxy's own
  Clock::time_point started_;  // the request's first byte read
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  bool continue_ = false;       // the client waits for 100 Continue before it sends its body
  bool pending_ = false;        // an outcome is owed for the request taken in hand
  HeaderFaults header_faults_;  // x-envoy-fault-* (ProxyOptions::header_faults)
  Faults faults_;
  Outcome outcome_;
  boost::asio::steady_timer delay_timer_;

  // The body buffer (kBodyChunk bytes, allocated at the first body), and how much of it is to be
  // written.
  std::unique_ptr<char[]> chunk_;
  std::size_t held_ = 0;

  // The upstream exchange.
  std::optional<tcp::socket> upstream_;
  bool reused_ = false;     // upstream_ came from the pool
  bool retried_ = false;    // the one retry on a new connection is spent
  bool timed_out_ = false;  // the upstream timeout passed
  // The whole request went in the first write (its body, replay_ bytes, is still in chunk_): it
  // can be sent again on a new connection.
  bool replayable_ = false;
  std::size_t replay_ = 0;
  std::optional<RequestWriter> request_writer_;
  boost::beast::flat_buffer upstream_buffer_;
  std::optional<ResponseParser> upstream_parser_;
  std::optional<ResponseWriter> response_writer_;

  // One timer for every deadline, moved only when a deadline comes earlier than it is set for.
  boost::asio::steady_timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point timer_at_ = Clock::time_point::max();
};

// Upstream sockets belong to no strand (they move between client connections through the
// pool): every completion is bound to this connection's strand.
template <typename Handler>
auto ClientSession::on_strand(Handler&& handler) {
  return boost::asio::bind_executor(client_.get_executor(), std::forward<Handler>(handler));
}

}  // namespace hb::proxy::detail
