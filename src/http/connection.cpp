#include "http/connection.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <limits>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>

#include "http/socket_tools.h"
#include "http/wire_request.h"

namespace hb::http::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// After a response that closes the connection, what the client still sends is read and dropped
// for this long (at most), so that closing does not reset the connection under the response.
constexpr std::chrono::seconds kLingerTimeout{5};
constexpr std::size_t kLingerBytes = 1024 * 1024;
constexpr std::string_view kCrlf = "\r\n";

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

// A header a handler set may not break the framing: no CR, LF or NUL, a name without ':'.
bool is_safe_header(std::string_view name, std::string_view value) {
  return !name.empty() && name.find_first_of(":\r\n", 0) == std::string_view::npos &&
         name.find('\0') == std::string_view::npos &&
         value.find_first_of("\r\n") == std::string_view::npos &&
         value.find('\0') == std::string_view::npos;
}

void append_number(std::string& out, std::size_t value) {
  std::array<char, 24> digits{};
  const auto [end, error] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

// The status line and the headers every response has: Server, then Content-Type (unless
// `content_type` is empty), then the handler's own.
void append_head_start(std::string& out, unsigned version, unsigned status,
                       std::string_view content_type, const Response& response) {
  out += version >= 11 ? "HTTP/1.1 " : "HTTP/1.0 ";
  append_number(out, status);
  out += ' ';
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
  out.append(reason.data(), reason.size());
  out += "\r\nServer: healthboard\r\n";
  if (!content_type.empty()) {
    out += "Content-Type: ";
    out += content_type;
    out += kCrlf;
  }
  for (const auto& [name, value] : response.headers) {
    if (!is_safe_header(name, value)) {
      spdlog::warn("http: dropped a response header with a forbidden character: {}", name);
      continue;
    }
    out += name;
    out += ": ";
    out += value;
    out += kCrlf;
  }
}

// Beyond this many refusals under way, a connection over the cap is closed without an answer.
constexpr std::size_t kMaxRefusing = 64;

// One connection. Everything runs on the connection's strand, except the Reply, which posts
// back onto it when it is called from elsewhere.
//
// Timeouts: each operation that may wait on the client (reading a request, writing a response
// or a stream piece, lingering) sets a deadline; one timer per connection checks it, and is
// moved only when a deadline comes earlier than it is set for. A request on a keep-alive
// connection so costs no timer operation.
class Session final : public Connection, public std::enable_shared_from_this<Session> {
 public:
  // Counts itself among the open connections from construction to close().
  Session(tcp::socket&& socket, std::shared_ptr<const Shared> shared,
          std::shared_ptr<Workers> workers, std::shared_ptr<Gauges> gauges)
      : workers_(std::move(workers)),
        socket_(std::move(socket)),
        shared_(std::move(shared)),
        gauges_(std::move(gauges)),
        idle_timer_(socket_.get_executor()),
        stream_timer_(socket_.get_executor()) {
    gauges_->connections.fetch_add(1);
  }
  ~Session() { release_counts(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() override {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      // Responses go out in one write each; Nagle would only hold back stream pieces.
      self->socket_.set_option(tcp::no_delay(true), ignored);
      self->read_request();
    });
  }

  // From any thread: closes the connection.
  void stop() override {
    asio::post(socket_.get_executor(),
               beast::bind_front_handler(&Session::close, shared_from_this()));
  }

  // From any thread: the server is shutting down. A request being read or answered is answered,
  // with Connection: close; an idle connection and a stream close now.
  void wind_down() override {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->draining_ = true;
      const bool reading_one = self->parser_ && self->parser_->got_some();
      if (self->body_stream_ || !(self->busy_ || reading_one)) self->close();
    });
  }

 private:
  // --- timeouts -------------------------------------------------------------------------------

  void expire_after(Clock::duration timeout) {
    deadline_ = Clock::now() + timeout;
    if (deadline_ < timer_at_) arm_idle_timer(deadline_);
  }
  void expire_never() { deadline_ = Clock::time_point::max(); }

  void arm_idle_timer(Clock::time_point at) {
    timer_at_ = at;
    idle_timer_.expires_at(at);  // cancels a wait already pending, whose handler then returns
    idle_timer_.async_wait(beast::bind_front_handler(&Session::on_idle_timer, shared_from_this()));
  }

  void on_idle_timer(beast::error_code ec) {
    if (ec == asio::error::operation_aborted || closed_) return;
    const auto now = Clock::now();
    if (now >= deadline_) {
      spdlog::debug("http: connection timed out");
      return close();
    }
    // No deadline (a handler or a stream's cadence is running): look again one timeout later.
    arm_idle_timer(deadline_ == Clock::time_point::max() ? now + shared_->options.read_timeout
                                                         : deadline_);
  }

  // --- requests -------------------------------------------------------------------------------

  void read_request() {
    const ServerOptions& options = shared_->options;
    parser_.emplace();
    parser_->body_limit(options.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    expire_after(options.read_timeout);
    bhttp::async_read(socket_, buffer_, *parser_,
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
    busy_ = true;  // until the answer is written
    head_ = message.method() == bhttp::verb::head;
    version_ = message.version();
    keep_alive_ = message.keep_alive();
    expire_never();  // the handler takes the time it needs
    call_handler(to_request(std::move(message)));
  }

  // Calls the handler. A reply made during the call, on this strand (every read that answers
  // from a snapshot), is sent when the handler returns; one made later or elsewhere is posted
  // back onto the strand.
  void call_handler(Request request) {
    auto replied = std::make_shared<std::atomic<bool>>(false);
    Reply reply = [self = shared_from_this(), replied](Response response) {
      if (replied->exchange(true)) {
        spdlog::warn("http: reply called more than once; ignored");
        return;
      }
      if (self->handler_thread_.load(std::memory_order_relaxed) == std::this_thread::get_id()) {
        self->early_reply_.emplace(std::move(response));  // within the handler's call
        return;
      }
      asio::post(self->socket_.get_executor(), [self, response = std::move(response)]() mutable {
        self->send(std::move(response));
      });
    };
    handler_thread_.store(std::this_thread::get_id(), std::memory_order_relaxed);
    // A failing handler's text stays in the log: the client learns only that it failed.
    try {
      shared_->handler(std::move(request), reply);
    } catch (const std::exception& e) {
      spdlog::error("http: handler threw: {}", e.what());
      reply(error_response(500, "internal error"));
    } catch (...) {
      spdlog::error("http: handler threw a non-exception");
      reply(error_response(500, "internal error"));
    }
    handler_thread_.store(std::thread::id(), std::memory_order_relaxed);
    if (early_reply_) {
      Response response = std::move(*early_reply_);
      early_reply_.reset();
      send(std::move(response));
    }
  }

  void send(Response response) {
    if (closed_) return;
    if (response.stream && !head_ && response.status == 200) {
      if (draining_) {
        response = error_response(503, "the server is shutting down");
      } else if (!take_stream_slot()) {
        response =
            error_response(503, "streams: all " + std::to_string(shared_->options.max_streams) +
                                    " allowed at once are open; try again later");
        response.headers.emplace_back("Retry-After", "5");
      } else {
        return start_stream(std::move(response));
      }
    }
    response.stream.reset();
    write_response(std::move(response), version_, keep_alive_, head_);
  }

  // Writes the head and the body in one go, the body straight from its buffer (shared or not).
  // For HEAD: the Content-Length of the body, without the body.
  void write_response(Response response, unsigned version, bool keep_alive, bool head) {
    if (response.status < 200 || response.status > 599) {
      response =
          error_response(500, "internal error: invalid status " + std::to_string(response.status));
    }
    const bool bodiless = response.status == 204 || response.status == 304;
    if (draining_) keep_alive = false;
    head_text_.clear();
    append_head_start(head_text_, version, response.status,
                      bodiless ? std::string_view{} : std::string_view(response.content_type),
                      response);
    if (version >= 11 && !keep_alive) head_text_ += "Connection: close\r\n";
    if (version < 11 && keep_alive) head_text_ += "Connection: keep-alive\r\n";
    if (!bodiless) {
      head_text_ += "Content-Length: ";
      append_number(head_text_, response.body.size());
      head_text_ += kCrlf;
    }
    head_text_ += kCrlf;
    body_ = bodiless || head ? Body{} : std::move(response.body);
    const std::array<asio::const_buffer, 2> buffers = {asio::buffer(head_text_),
                                                       asio::buffer(body_.data(), body_.size())};
    expire_after(shared_->options.read_timeout);
    asio::async_write(
        socket_, buffers,
        beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
  }

  void on_write(bool keep_alive, beast::error_code ec, std::size_t /*bytes*/) {
    if (closed_) return;
    body_.clear();
    busy_ = false;
    if (ec) {
      if (ec != asio::error::operation_aborted)
        spdlog::debug("http: write failed: {}", ec.message());
      return close();
    }
    // Shutting down since this answer was sent as keep-alive: the client waits for nothing more.
    if (keep_alive && draining_) return close();
    if (keep_alive) return read_request();
    linger();
  }

  // Answers a request that could not be read, then closes.
  void reject(unsigned status, const std::string& detail) {
    spdlog::debug("http: rejected with {}: {}", status, detail);
    write_response(error_response(status, detail), 11, false, false);
  }

  // --- streams --------------------------------------------------------------------------------

  // A streamed response: the head and the first body, then a piece every interval. HTTP/1.1
  // gets chunked encoding; HTTP/1.0 a body that ends when the connection closes.
  void start_stream(Response response) {
    body_stream_ = std::move(response.stream);
    chunked_ = version_ >= 11;
    head_text_.clear();
    append_head_start(head_text_, version_, response.status, response.content_type, response);
    if (version_ >= 11) head_text_ += "Connection: close\r\n";
    if (chunked_) head_text_ += "Transfer-Encoding: chunked\r\n";
    head_text_ += kCrlf;
    next_piece_at_ = Clock::now();
    write_piece(std::move(response.body), true);
  }

  // Sends `piece` (after the head when `with_head`), which stays alive until the write
  // completes. A shared piece is written from its own buffer.
  void write_piece(Body piece, bool with_head) {
    sending_ = std::move(piece);
    chunk_line_.clear();
    const bool framed = chunked_ && !sending_.empty();
    if (framed) {
      std::array<char, 20> digits{};
      const auto [end, error] =
          std::to_chars(digits.data(), digits.data() + digits.size(), sending_.size(), 16);
      chunk_line_.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
      chunk_line_ += kCrlf;
    }
    const std::array<asio::const_buffer, 4> buffers = {
        with_head ? asio::buffer(head_text_) : asio::const_buffer{},
        asio::buffer(chunk_line_),
        asio::buffer(sending_.data(), sending_.size()),
        framed ? asio::buffer(kCrlf.data(), kCrlf.size()) : asio::const_buffer{},
    };
    expire_after(shared_->options.read_timeout);
    asio::async_write(socket_, buffers,
                      beast::bind_front_handler(&Session::on_stream_write, shared_from_this()));
  }

  void on_stream_write(beast::error_code ec, std::size_t /*bytes*/) {
    if (closed_) return;
    sending_.clear();
    if (ec) {
      spdlog::debug("http: stream ended: {}", ec.message());
      return close();
    }
    expire_never();
    wait_for_next_piece();
  }

  // Pieces keep their cadence: each is due one interval after the previous one was due (at
  // once when the client fell behind).
  void wait_for_next_piece() {
    next_piece_at_ = std::max(next_piece_at_ + body_stream_->interval, Clock::now());
    stream_timer_.expires_at(next_piece_at_);
    stream_timer_.async_wait(
        beast::bind_front_handler(&Session::on_stream_timer, shared_from_this()));
  }

  void on_stream_timer(beast::error_code ec) {
    if (closed_ || ec) return close();
    Body piece;
    try {
      piece = body_stream_->next();
    } catch (const std::exception& e) {
      spdlog::error("http: a stream's next piece failed, stream closed: {}", e.what());
      return close();
    } catch (...) {
      spdlog::error("http: a stream's next piece failed, stream closed");
      return close();
    }
    if (piece.empty()) return wait_for_next_piece();
    write_piece(std::move(piece), false);
  }

  // --- closing --------------------------------------------------------------------------------

  // Closes politely: stops sending, then drops what the client still sends until it closes, so
  // that the kernel does not answer unread data with a reset that destroys the response.
  void linger() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    lingered_ = 0;
    expire_after(std::min<Clock::duration>(shared_->options.read_timeout, kLingerTimeout));
    drain();
  }

  void drain() {
    socket_.async_read_some(buffer_.prepare(4096),
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
    idle_timer_.cancel();
    stream_timer_.cancel();
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    release_counts();
  }

  // --- limits ---------------------------------------------------------------------------------

  bool take_stream_slot() {
    const std::size_t cap = shared_->options.max_streams;
    if (gauges_->streams.fetch_add(1) >= cap && cap != 0) {
      gauges_->streams.fetch_sub(1);
      return false;
    }
    counted_stream_ = true;
    return true;
  }

  void release_counts() {
    if (counted_stream_) gauges_->streams.fetch_sub(1);
    if (counted_connection_) gauges_->connections.fetch_sub(1);
    counted_stream_ = false;
    counted_connection_ = false;
  }

  std::shared_ptr<Workers> workers_;  // declared first: destroyed after the socket
  tcp::socket socket_;
  std::shared_ptr<const Shared> shared_;
  std::shared_ptr<Gauges> gauges_;
  bool counted_connection_ = true;  // among gauges_->connections (until close())
  bool counted_stream_ = false;     // among gauges_->streams
  bool busy_ = false;               // a request was read and its answer is not written yet
  bool draining_ = false;           // the server is shutting down: answer, then close
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  // The response being written: its head, and its body kept alive until the write completes.
  std::string head_text_;
  Body body_;
  // A reply made while the handler was running, sent once it returns.
  std::atomic<std::thread::id> handler_thread_;  // while the handler runs: the thread it runs on
  std::optional<Response> early_reply_;
  // Timeouts (see the class comment).
  asio::steady_timer idle_timer_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point timer_at_ = Clock::time_point::max();
  // A streamed response (see BodyStream).
  asio::steady_timer stream_timer_;
  std::shared_ptr<const BodyStream> body_stream_;
  Body sending_;            // the piece being sent
  std::string chunk_line_;  // its chunk-size line
  bool chunked_ = false;
  Clock::time_point next_piece_at_;  // when the next piece is due
  bool head_ = false;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool closed_ = false;
  std::size_t lingered_ = 0;
};

// The 503 of a connection over the cap.
std::string busy_answer(std::size_t cap) {
  Response response = error_response(503, "connections: all " + std::to_string(cap) +
                                              " allowed at once are open; try again later");
  response.headers.emplace_back("Retry-After", "1");
  std::string text;
  append_head_start(text, 11, response.status, response.content_type, response);
  text += "Connection: close\r\nContent-Length: ";
  append_number(text, response.body.size());
  text += "\r\n\r\n";
  text += response.body.view();
  return text;
}

}  // namespace

std::shared_ptr<Connection> open_connection(tcp::socket&& socket,
                                            std::shared_ptr<const Shared> shared,
                                            std::shared_ptr<Workers> workers,
                                            std::shared_ptr<Gauges> gauges) {
  return std::make_shared<Session>(std::move(socket), std::move(shared), std::move(workers),
                                   std::move(gauges));
}

void refuse_connection(tcp::socket&& socket, std::shared_ptr<Gauges> gauges, std::size_t cap) {
  if (gauges->refusing.load() >= kMaxRefusing) {
    beast::error_code ignored;
    socket.close(ignored);
    return;
  }
  spdlog::debug("http: connection refused: {} open", gauges->connections.load());
  gauges->refusing.fetch_add(1);
  turn_away(std::move(socket), busy_answer(cap), [gauges] { gauges->refusing.fetch_sub(1); });
}

}  // namespace hb::http::detail
