#include "experiment/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace hb::experiment {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Connection {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  bool open = false;
};

core::Result<std::unique_ptr<HttpClient>> HttpClient::connect_to(const std::string& url,
                                                                 std::chrono::milliseconds timeout,
                                                                 std::string user_agent) {
  const std::string scheme = "http://";
  const auto refuse = [&](const std::string& why) {
    return core::invalid(
        "--server", "must be a URL such as http://localhost:8000 (" + why + "), got '" + url + "'");
  };
  if (url.rfind(scheme, 0) != 0) return refuse("http:// only");
  std::string rest = url.substr(scheme.size());
  std::string prefix;
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    prefix = rest.substr(slash);
    rest = rest.substr(0, slash);
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  }
  std::string host = rest;
  std::string port = "80";
  // [::1]:8000, host:8000 or host alone.
  const auto colon = rest.rfind(':');
  const auto bracket = rest.rfind(']');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
        std::stoi(port) > 65535) {
      return refuse("a port from 1 to 65535");
    }
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return refuse("a host");
  return std::unique_ptr<HttpClient>(
      new HttpClient(url, host, port, prefix, timeout, std::move(user_agent)));
}

HttpClient::HttpClient(std::string url, std::string host, std::string port, std::string prefix,
                       std::chrono::milliseconds timeout, std::string user_agent)
    : url_(std::move(url)),
      host_(std::move(host)),
      port_(std::move(port)),
      prefix_(std::move(prefix)),
      timeout_(timeout),
      user_agent_(std::move(user_agent)),
      connection_(std::make_unique<Connection>()) {}

HttpClient::~HttpClient() {
  if (connection_->open) {
    beast::error_code ignored;
    connection_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }
}

void HttpClient::close() {
  if (!connection_->open) return;
  beast::error_code ignored;
  connection_->stream.socket().close(ignored);
  connection_->open = false;
}

Answer HttpClient::call(std::string_view method, const std::string& path,
                        const std::optional<json>& body, const Headers& headers) {
  bhttp::request<bhttp::string_body> request{
      bhttp::string_to_verb(beast::string_view(method.data(), method.size())), prefix_ + path, 11};
  // An IPv6 address is bracketed in a Host header, as in the URL (RFC 9110, 7.2).
  const bool ipv6 = host_.find(':') != std::string::npos;
  request.set(bhttp::field::host, (ipv6 ? "[" + host_ + "]" : host_) + ":" + port_);
  request.set(bhttp::field::user_agent, user_agent_);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.keep_alive(true);
  if (body) {
    request.set(bhttp::field::content_type, "application/json");
    request.body() = body->dump();
  }
  request.prepare_payload();

  // A kept-alive connection that the server closed while it was idle fails on first use: the
  // request goes again, once, on a fresh connection.
  std::string last_error;
  for (int attempt = 0; attempt < 2; ++attempt) {
    Connection& c = *connection_;
    beast::error_code ec;
    const bool reused = c.open;
    if (!c.open) {
      tcp::resolver resolver(c.ioc);
      const auto endpoints = resolver.resolve(host_, port_, ec);
      if (ec) return Answer{0, nullptr, "cannot resolve " + host_ + ": " + ec.message()};
      c.stream.expires_after(timeout_);
      c.stream.connect(endpoints, ec);
      if (ec) return Answer{0, nullptr, "cannot connect to " + url_ + ": " + ec.message()};
      c.open = true;
    }
    c.stream.expires_after(timeout_);
    bhttp::write(c.stream, request, ec);
    bhttp::response<bhttp::string_body> response;
    beast::flat_buffer buffer;
    if (!ec) bhttp::read(c.stream, buffer, response, ec);
    if (ec) {
      last_error = ec.message();
      c.stream.socket().close(ec);
      c.open = false;
      if (reused) continue;
      return Answer{0, nullptr, "no answer from " + url_ + ": " + last_error};
    }
    if (!response.keep_alive()) {
      c.stream.socket().close(ec);
      c.open = false;
    }
    Answer answer;
    answer.status = response.result_int();
    answer.body = json::parse(response.body(), nullptr, false);
    if (answer.body.is_discarded()) answer.body = response.body();
    return answer;
  }
  return Answer{0, nullptr, "no answer from " + url_ + ": " + last_error};
}

}  // namespace hb::experiment
