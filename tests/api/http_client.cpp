#include "http_client.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace hbtest {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

beast::string_view bsv(std::string_view s) {
  return {s.data(), s.size()};
}
std::string str(beast::string_view s) {
  return std::string(s.data(), s.size());
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

HttpResponse convert(const http::response<http::string_body>& res) {
  HttpResponse out;
  out.status = res.result_int();
  for (const auto& field : res) {
    auto name = lower(str(field.name_string()));
    auto [it, inserted] = out.headers.emplace(name, str(field.value()));
    if (!inserted) it->second += ", " + str(field.value());
  }
  out.body = res.body();
  return out;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  const auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

bool HttpResponse::has_header(std::string_view name) const {
  return headers.find(lower(name)) != headers.end();
}

nlohmann::json HttpResponse::json() const {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("response body is not JSON (" + std::string(e.what()) +
                             "): " + describe());
  }
}

std::string HttpResponse::describe() const {
  std::string s = "HTTP " + std::to_string(status);
  if (has_header("content-type")) s += " [" + header("content-type") + "]";
  s += " " + detail::truncate(body, 2000);
  return s;
}

HttpResponse parse_response(std::string_view raw, bool head_request) {
  http::response_parser<http::string_body> parser;
  parser.eager(true);
  parser.skip(head_request);
  parser.body_limit(boost::none);
  beast::error_code ec;
  std::size_t offset = 0;
  while (!parser.is_done()) {
    if (offset == raw.size()) {
      parser.put_eof(ec);
      if (ec)
        throw std::runtime_error("incomplete HTTP response (" + ec.message() +
                                 "): " + detail::truncate(std::string(raw), 2000));
      break;
    }
    const std::size_t used = parser.put(asio::buffer(raw.data() + offset, raw.size() - offset), ec);
    offset += used;
    if (ec == http::error::need_more) {
      ec = {};
      if (used == 0) offset = raw.size();  // cannot progress: treat as end of input
      continue;
    }
    if (ec)
      throw std::runtime_error("malformed HTTP response (" + ec.message() +
                               "): " + detail::truncate(std::string(raw), 2000));
  }
  return convert(parser.get());
}

struct HttpClient::Impl {
  std::string host;
  unsigned short port;
  std::chrono::milliseconds timeout;
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  int connections = 0;
  int requests_on_connection = 0;

  std::string where() const { return host + ":" + std::to_string(port); }

  void run() {
    ioc.restart();
    ioc.run();
  }

  void close() {
    if (!stream) return;
    beast::error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream->close();
    stream.reset();
    buffer.clear();
  }

  beast::tcp_stream open(asio::io_context& ctx) {
    beast::tcp_stream s(ctx);
    s.expires_after(timeout);
    beast::error_code ec;
    s.async_connect(tcp::endpoint(asio::ip::make_address(host), port),
                    [&](beast::error_code e) { ec = e; });
    ctx.restart();
    ctx.run();
    if (ec) throw std::runtime_error("cannot connect to " + where() + ": " + ec.message());
    return s;
  }

  void connect() {
    close();
    stream.emplace(open(ioc));
    ++connections;
    requests_on_connection = 0;
  }

  HttpResponse exchange(const http::request<http::string_body>& req, bool head) {
    for (int attempt = 0;; ++attempt) {
      if (!stream) connect();
      const bool reused = requests_on_connection > 0;

      beast::error_code write_ec;
      stream->expires_after(timeout);
      http::async_write(*stream, req, [&](beast::error_code e, std::size_t) { write_ec = e; });
      run();
      if (write_ec == beast::error::timeout) {
        close();
        throw std::runtime_error("timeout writing " + str(req.method_string()) + " " +
                                 str(req.target()) + " to " + where());
      }
      // On other write errors still try to read: the server may have answered (e.g. 413) and
      // closed the connection before reading the whole request.

      http::response_parser<http::string_body> parser;
      parser.body_limit(boost::none);
      parser.skip(head);
      beast::error_code read_ec;
      stream->expires_after(timeout);
      http::async_read(*stream, buffer, parser,
                       [&](beast::error_code e, std::size_t) { read_ec = e; });
      run();
      if (read_ec) {
        const bool stale =
            reused && attempt == 0 && !parser.got_some() && read_ec != beast::error::timeout;
        close();
        if (stale) continue;  // the server closed an idle keep-alive connection: retry once
        std::string msg = "no HTTP response to " + str(req.method_string()) + " " +
                          str(req.target()) + " from " + where() + ": " + read_ec.message();
        if (write_ec) msg += " (write failed before: " + write_ec.message() + ")";
        throw std::runtime_error(msg);
      }
      ++requests_on_connection;
      const auto& res = parser.get();
      HttpResponse out = convert(res);
      if (!res.keep_alive()) close();
      return out;
    }
  }
};

HttpClient::HttpClient(std::string host, unsigned short port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout = timeout;
}

HttpClient::~HttpClient() {
  impl_->close();
}

int HttpClient::connections_opened() const {
  return impl_->connections;
}

void HttpClient::disconnect() {
  impl_->close();
}

HttpResponse HttpClient::get(std::string_view target) {
  return request("GET", target);
}

HttpResponse HttpClient::post(std::string_view target, std::string body,
                              std::string_view content_type) {
  return request("POST", target, std::move(body), content_type);
}

HttpResponse HttpClient::request(
    std::string_view method, std::string_view target, std::string body,
    std::string_view content_type,
    const std::vector<std::pair<std::string, std::string>>& extra_headers) {
  http::request<http::string_body> req;
  const auto verb = http::string_to_verb(bsv(method));
  if (verb == http::verb::unknown)
    req.method_string(bsv(method));
  else
    req.method(verb);
  req.target(bsv(target));
  req.version(11);
  req.set(http::field::host, impl_->where());
  req.set(http::field::user_agent, "hb_api_tests");
  if (!content_type.empty()) req.set(http::field::content_type, bsv(content_type));
  for (const auto& [name, value] : extra_headers) req.set(name, value);
  const bool has_body = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  req.body() = std::move(body);
  if (has_body) req.prepare_payload();
  return impl_->exchange(req, method == "HEAD");
}

std::string HttpClient::raw(std::string_view bytes, std::chrono::milliseconds read_timeout) {
  return raw_until(
      bytes, [](const std::string&) { return false; }, read_timeout);
}

std::string HttpClient::raw_until(std::string_view bytes,
                                  const std::function<bool(const std::string& answer)>& enough,
                                  std::chrono::milliseconds read_timeout) {
  asio::io_context ctx;
  beast::tcp_stream s = impl_->open(ctx);

  s.expires_after(impl_->timeout);
  beast::error_code ec;
  asio::async_write(s, asio::buffer(bytes.data(), bytes.size()),
                    [&](beast::error_code e, std::size_t) { ec = e; });
  ctx.restart();
  ctx.run();

  std::string answer;
  char chunk[4096];
  s.expires_after(read_timeout);
  for (;;) {
    std::size_t got = 0;
    s.async_read_some(asio::buffer(chunk), [&](beast::error_code e, std::size_t n) {
      ec = e;
      got = n;
    });
    ctx.restart();
    ctx.run();
    answer.append(chunk, got);
    if (ec) break;  // eof, reset or timeout: return what arrived
    if (enough(answer)) break;
  }
  beast::error_code ignored;
  s.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return answer;
}

}  // namespace hbtest
