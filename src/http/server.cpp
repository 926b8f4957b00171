#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

namespace hb::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using WireRequest = bhttp::request<bhttp::string_body>;
using WireResponse = bhttp::response<bhttp::string_body>;
using StreamHead = bhttp::response<bhttp::empty_body>;

// After a response that closes the connection, what the client still sends is read and dropped
// for this long (at most), so that closing does not reset the connection under the response.
constexpr std::chrono::seconds kLingerTimeout{5};
constexpr std::size_t kLingerBytes = 1024 * 1024;

std::string to_string(beast::string_view text) {
  return std::string(text.data(), text.size());
}

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

Request to_request(WireRequest&& message) {
  Request request;
  request.method = to_string(message.method_string());
  request.target = to_string(message.target());
  const std::size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : message) {
    std::string name = to_string(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto [it, inserted] = request.headers.try_emplace(std::move(name), to_string(field.value()));
    if (!inserted) it->second += ", " + to_string(field.value());  // repeated field: one list
  }
  request.body = std::move(message.body());
  return request;
}

// The wire form of `response`. For HEAD: the Content-Length of the body, without the body.
WireResponse to_wire(Response response, unsigned version, bool keep_alive, bool head) {
  if (response.status < 200 || response.status > 599) {
    response =
        error_response(500, "internal error: invalid status " + std::to_string(response.status));
  }
  WireResponse message;
  message.version(version);
  message.result(response.status);
  message.keep_alive(keep_alive);
  message.set(bhttp::field::server, "healthboard");
  const bool bodiless = response.status == 204 || response.status == 304;
  if (!bodiless) message.set(bhttp::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) message.insert(name, value);
  if (bodiless) {
    message.prepare_payload();
  } else if (head) {
    message.content_length(response.body.size());
  } else {
    message.body() = std::move(response.body);
    message.prepare_payload();
  }
  return message;
}

// What the listener and all its sessions share, never modified after construction.
struct Shared {
  ServerOptions options;
  Handler handler;
};

// One connection. Everything runs on the connection's strand, except the Reply, which posts
// back onto it.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<const Shared> shared)
      : stream_(std::move(socket)),
        shared_(std::move(shared)),
        stream_timer_(stream_.get_executor()) {}

  void start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::read_request, shared_from_this()));
  }

  // From any thread: closes the connection.
  void stop() {
    asio::post(stream_.get_executor(),
               beast::bind_front_handler(&Session::close, shared_from_this()));
  }

 private:
  void read_request() {
    const ServerOptions& options = shared_->options;
    parser_.emplace();
    parser_->body_limit(options.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    stream_.expires_after(options.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t /*bytes*/) {
    if (closed_) return;
    const ServerOptions& options = shared_->options;
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted) return close();
    if (ec == bhttp::error::body_limit) {
      return reject(413,
                    "body: larger than the " + std::to_string(options.body_limit) + "-byte limit");
    }
    if (ec == bhttp::error::header_limit) {
      return reject(431, "headers: larger than the " + std::to_string(options.max_header_bytes) +
                             "-byte limit");
    }
    if (ec && is_http_error(ec) && ec != bhttp::error::partial_message) {
      return reject(400, "bad request: " + ec.message());
    }
    if (ec) {
      spdlog::debug("http: read failed: {}", ec.message());
      return close();
    }

    WireRequest message = parser_->release();
    head_ = message.method() == bhttp::verb::head;
    version_ = message.version();
    keep_alive_ = message.keep_alive();
    stream_.expires_never();  // the handler takes the time it needs
    call_handler(to_request(std::move(message)));
  }

  void call_handler(Request request) {
    auto replied = std::make_shared<std::atomic<bool>>(false);
    Reply reply = [self = shared_from_this(), executor = stream_.get_executor(),
                   replied](Response response) {
      if (replied->exchange(true)) {
        spdlog::warn("http: reply called more than once; ignored");
        return;
      }
      asio::post(executor, [self, response = std::move(response)]() mutable {
        self->send(std::move(response));
      });
    };
    try {
      shared_->handler(std::move(request), reply);
    } catch (const std::exception& e) {
      spdlog::warn("http: handler threw: {}", e.what());
      reply(error_response(500, std::string("internal error: ") + e.what()));
    } catch (...) {
      spdlog::warn("http: handler threw a non-exception");
      reply(error_response(500, "internal error: unknown exception"));
    }
  }

  void send(Response response) {
    if (closed_) return;
    if (response.stream && !head_ && response.status == 200)
      return start_stream(std::move(response));
    response.stream.reset();
    response_ = to_wire(std::move(response), version_, keep_alive_, head_);
    write();
  }

  // A streamed response: the head, the first body, then a piece every interval. HTTP/1.1 gets
  // chunked encoding; HTTP/1.0 a body that ends when the connection closes.
  void start_stream(Response response) {
    body_stream_ = std::move(response.stream);
    chunked_ = version_ >= 11;
    stream_head_.emplace(static_cast<bhttp::status>(response.status), version_);
    stream_head_->keep_alive(false);
    stream_head_->set(bhttp::field::server, "healthboard");
    stream_head_->set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) stream_head_->insert(name, value);
    if (chunked_) stream_head_->chunked(true);
    stream_serializer_.emplace(*stream_head_);
    stream_piece_ = std::move(response.body);
    next_piece_at_ = std::chrono::steady_clock::now();
    stream_.expires_after(shared_->options.read_timeout);
    bhttp::async_write_header(
        stream_, *stream_serializer_,
        beast::bind_front_handler(&Session::on_stream_write, shared_from_this()));
  }

  void on_stream_write(beast::error_code ec, std::size_t /*bytes*/) {
    if (closed_) return;
    if (ec) {
      spdlog::debug("http: stream ended: {}", ec.message());
      return close();
    }
    if (!stream_piece_.empty()) return write_stream_piece();
    // Pieces keep their cadence: each is due one interval after the previous one was due (at
    // once when the client fell behind).
    const auto now = std::chrono::steady_clock::now();
    next_piece_at_ = std::max(next_piece_at_ + body_stream_->interval, now);
    stream_timer_.expires_at(next_piece_at_);
    stream_timer_.async_wait(
        beast::bind_front_handler(&Session::on_stream_timer, shared_from_this()));
  }

  void on_stream_timer(beast::error_code ec) {
    if (closed_ || ec) return close();
    stream_piece_ = body_stream_->next();
    on_stream_write({}, 0);
  }

  // Sends stream_piece_, which stays alive until the write completes.
  void write_stream_piece() {
    sending_ = std::move(stream_piece_);
    stream_piece_.clear();
    stream_.expires_after(shared_->options.read_timeout);
    auto done = beast::bind_front_handler(&Session::on_stream_write, shared_from_this());
    if (chunked_) {
      asio::async_write(stream_, bhttp::make_chunk(asio::buffer(sending_)), std::move(done));
    } else {
      asio::async_write(stream_, asio::buffer(sending_), std::move(done));
    }
  }

  // Answers a request that could not be read, then closes.
  void reject(unsigned status, const std::string& detail) {
    spdlog::debug("http: rejected with {}: {}", status, detail);
    response_ = to_wire(error_response(status, detail), 11, false, false);
    write();
  }

  void write() {
    stream_.expires_after(shared_->options.read_timeout);
    bhttp::async_write(
        stream_, response_,
        beast::bind_front_handler(&Session::on_write, shared_from_this(), response_.keep_alive()));
  }

  void on_write(bool keep_alive, beast::error_code ec, std::size_t /*bytes*/) {
    if (closed_) return;
    if (ec) {
      if (ec != asio::error::operation_aborted)
        spdlog::debug("http: write failed: {}", ec.message());
      return close();
    }
    if (keep_alive) return read_request();
    linger();
  }

  // Closes politely: stops sending, then drops what the client still sends until it closes, so
  // that the kernel does not answer unread data with a reset that destroys the response.
  void linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    lingered_ = 0;
    drain();
  }

  void drain() {
    stream_.expires_after(
        std::min<std::chrono::seconds>(shared_->options.read_timeout, kLingerTimeout));
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&Session::on_drain, shared_from_this()));
  }

  void on_drain(beast::error_code ec, std::size_t bytes) {
    lingered_ += bytes;
    if (ec || closed_ || lingered_ > kLingerBytes) return close();
    drain();
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    stream_timer_.cancel();
    stream_.close();
  }

  beast::tcp_stream stream_;
  std::shared_ptr<const Shared> shared_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  WireResponse response_;  // kept alive while it is written
  // A streamed response (see BodyStream).
  asio::steady_timer stream_timer_;
  std::shared_ptr<const BodyStream> body_stream_;
  std::optional<StreamHead> stream_head_;
  std::optional<bhttp::response_serializer<bhttp::empty_body>> stream_serializer_;
  std::string stream_piece_;  // the next piece to send
  std::string sending_;       // the piece being sent
  bool chunked_ = false;
  std::chrono::steady_clock::time_point next_piece_at_;  // when the next piece is due
  bool head_ = false;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool closed_ = false;
  std::size_t lingered_ = 0;
};

}  // namespace

// Owns the acceptor (on its own strand) and knows the open sessions, so that stop() can close
// them.
class Server::Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, ServerOptions options, Handler handler)
      : ioc_(ioc),
        acceptor_(asio::make_strand(ioc)),
        shared_(std::make_shared<const Shared>(Shared{std::move(options), std::move(handler)})) {}

  void start() {
    {
      std::lock_guard lock(mutex_);
      if (started_ || stopped_) throw std::logic_error("http server: start() after start/stop");
      started_ = true;
    }
    const ServerOptions& options = shared_->options;
    const std::string where = options.host + ":" + std::to_string(options.port);
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    const auto endpoints =
        resolver.resolve(options.host, std::to_string(options.port),
                         tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) throw std::system_error(ec, "http server: cannot resolve " + where);
    if (endpoints.empty()) {
      throw std::system_error(beast::error_code(asio::error::host_not_found),
                              "http server: cannot resolve " + where);
    }
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();

    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      beast::error_code ignored;
      acceptor_.close(ignored);
      throw std::system_error(ec, "http server: cannot listen on " + where);
    }
    port_ = acceptor_.local_endpoint().port();
    asio::post(acceptor_.get_executor(),
               beast::bind_front_handler(&Listener::accept, shared_from_this()));
  }

  std::uint16_t port() const { return port_; }

  void stop() {
    std::vector<std::weak_ptr<Session>> sessions;
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
      sessions.swap(sessions_);
    }
    // Keeps the io_context from running out of work until every close below is posted. Without
    // it, once the acceptor and the first sessions are closed, the io_context can run out of
    // work (a session waiting for its Reply has no operation pending) before the later closes
    // are posted: run() returns, and those sessions are never closed.
    const auto work = asio::make_work_guard(ioc_);
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
    });
    for (const auto& weak : sessions) {
      if (auto session = weak.lock()) session->stop();
    }
  }

 private:
  void accept() {
    if (!acceptor_.is_open()) return;
    acceptor_.async_accept(asio::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {
      spdlog::debug("http: accept failed: {}", ec.message());
    } else {
      auto session = std::make_shared<Session>(std::move(socket), shared_);
      {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
        sessions_.push_back(session);
      }
      session->start();
    }
    accept();
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  std::shared_ptr<const Shared> shared_;
  std::atomic<std::uint16_t> port_{0};
  std::mutex mutex_;  // guards the fields below
  bool started_ = false;
  bool stopped_ = false;
  std::vector<std::weak_ptr<Session>> sessions_;
};

Server::Server(boost::asio::io_context& ioc, ServerOptions options, Handler handler)
    : listener_(std::make_shared<Listener>(ioc, std::move(options), std::move(handler))) {}

Server::~Server() {
  stop();
}

void Server::start() {
  listener_->start();
}

std::uint16_t Server::port() const {
  return listener_->port();
}

void Server::stop() {
  listener_->stop();
}

}  // namespace hb::http
