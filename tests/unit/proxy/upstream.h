// A small upstream for the proxy's tests: a Beast server on 127.0.0.1 (ephemeral port), on a
// thread of its own, that answers every request with its method, target, headers and body as
// JSON. The request steers the answer: `x-upstream-status: 404` sets the status,
// `x-upstream-delay-ms: 300` waits first, `x-upstream-hop: 1` adds hop-by-hop headers to the
// response, `x-upstream-interim: 1` sends a 103 Early Hints before it, `x-upstream-size: N`
// answers pattern(N) instead of the echo, `x-upstream-chunked: 1` sends the answer chunked,
// `x-upstream-stall: 1` sends a head and a few bytes of a longer body, then nothing more;
// `x-upstream-cut: 1` the same, then closes the connection. The echo carries the body's size
// and std::hash. GET /healthz answers health_status(). Header-only: the unit-test build
// compiles only *_test.cpp files.
#pragma once

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>

namespace hb::proxy::testing {

class TestUpstream {
 public:
  TestUpstream() : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    boost::asio::co_spawn(ioc_, accept_loop(), boost::asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~TestUpstream() {
    ioc_.stop();
    thread_.join();
  }
  TestUpstream(const TestUpstream&) = delete;
  TestUpstream& operator=(const TestUpstream&) = delete;

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port()); }
  // Connections accepted, and requests read (health probes included), so far.
  std::size_t accepted() const { return accepted_.load(); }
  std::size_t requests() const { return requests_.load(); }
  // The next request that comes on a connection that has already served one is read, and the
  // connection closed without an answer (an upstream closing an idle keep-alive connection).
  void drop_next_reused() { drop_next_reused_.store(true); }
  void set_health_status(unsigned status) { health_status_.store(status); }
  // The body of x-upstream-size: N, bytes 'a' to 'z' over and over.
  static std::string pattern(std::size_t size) {
    std::string text(size, 'a');
    for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 26);
    return text;
  }

 private:
  using tcp = boost::asio::ip::tcp;
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  boost::asio::awaitable<void> accept_loop() {
    for (;;) {
      tcp::socket socket = co_await acceptor_.async_accept(boost::asio::use_awaitable);
      accepted_.fetch_add(1);
      boost::asio::co_spawn(ioc_, serve(std::move(socket)), boost::asio::detached);
    }
  }

  static unsigned number(const Request& request, boost::beast::string_view name,
                         unsigned fallback) {
    const auto text = request[name];
    unsigned value = fallback;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }

  boost::asio::awaitable<void> serve(tcp::socket socket) {
    namespace bhttp = boost::beast::http;
    boost::beast::flat_buffer buffer;
    std::size_t served = 0;
    try {
      for (;;) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(kMaxBody);
        co_await bhttp::async_read(socket, buffer, parser, boost::asio::use_awaitable);
        Request request = parser.release();
        requests_.fetch_add(1);
        if (served++ > 0 && drop_next_reused_.exchange(false)) co_return;
        const unsigned delay = number(request, "x-upstream-delay-ms", 0);
        if (delay > 0) {
          boost::asio::steady_timer timer(socket.get_executor(), std::chrono::milliseconds(delay));
          co_await timer.async_wait(boost::asio::use_awaitable);
        }
        if (request.count("x-upstream-interim") > 0) {
          static constexpr std::string_view kEarlyHints = "HTTP/1.1 103 Early Hints\r\n\r\n";
          co_await boost::asio::async_write(socket, boost::asio::buffer(kEarlyHints),
                                            boost::asio::use_awaitable);
        }
        if (request.count("x-upstream-stall") > 0 || request.count("x-upstream-cut") > 0) {
          static constexpr std::string_view kHead =
              "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789";
          co_await boost::asio::async_write(socket, boost::asio::buffer(kHead),
                                            boost::asio::use_awaitable);
          if (request.count("x-upstream-cut") > 0) co_return;  // closes the socket
          char byte = 0;  // then nothing, until the proxy closes the connection
          co_await socket.async_read_some(boost::asio::buffer(&byte, 1),
                                          boost::asio::use_awaitable);
          co_return;
        }
        Response response = answer(request);
        co_await bhttp::async_write(socket, response, boost::asio::use_awaitable);
        if (!response.keep_alive()) co_return;
      }
    } catch (const std::exception&) {  // the client went away
    }
  }

  Response answer(const Request& request) {
    namespace bhttp = boost::beast::http;
    Response response;
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    if (request.target() == "/healthz") {
      response.result(health_status_.load());
      response.body() = "ok";
      response.prepare_payload();
      return response;
    }
    response.result(number(request, "x-upstream-status", 200));
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& field : request) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      headers[name] = std::string(field.value());
    }
    const nlohmann::json echo = {{"method", std::string(request.method_string())},
                                 {"target", std::string(request.target())},
                                 {"headers", headers},
                                 {"body", request.body()},
                                 {"body_size", request.body().size()},
                                 {"body_hash", std::hash<std::string>{}(request.body())},
                                 {"upstream", port()}};
    response.set("X-Upstream", std::to_string(port()));
    if (request.count("x-upstream-hop") > 0) {
      response.set(bhttp::field::connection, "keep-alive, X-Secret-Hop");
      response.set("X-Secret-Hop", "1");
      response.set(bhttp::field::keep_alive, "timeout=5");
    }
    const unsigned status = response.result_int();
    if (status == 204 || status == 304) return response;
    response.set(bhttp::field::content_type, "application/json");
    response.body() = echo.dump();
    const unsigned size = number(request, "x-upstream-size", 0);
    if (size > 0) response.body() = pattern(size);
    if (request.count("x-upstream-chunked") > 0) {
      response.chunked(true);
      return response;
    }
    response.prepare_payload();
    if (request.method() == bhttp::verb::head) response.body().clear();
    return response;
  }

  static constexpr std::uint64_t kMaxBody = 64 * 1024 * 1024;

  boost::asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::atomic<std::size_t> accepted_{0};
  std::atomic<std::size_t> requests_{0};
  std::atomic<bool> drop_next_reused_{false};
  std::atomic<unsigned> health_status_{200};
};

}  // namespace hb::proxy::testing
