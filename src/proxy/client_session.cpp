#include "proxy/client_session.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <utility>

#include "proxy/buffered_parse.h"
#include "proxy/header_faults.h"

namespace hb::proxy::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr std::size_t kReadChunk = 16 * 1024;
// After a response that closes the connection, what the client still sends is read and dropped
// for this long at most, so that closing does not reset the connection under the response.
constexpr std::chrono::seconds kLinger{2};
// nginx's status for a request whose client closed the connection before any response.
constexpr unsigned kClientClosed = 499;

}  // namespace

ClientSession::ClientSession(tcp::socket&& socket, std::shared_ptr<ProxyContext> context)
    : context_(std::move(context)),
      client_(std::move(socket)),
      delay_timer_(client_.get_executor()),
      timer_(client_.get_executor()) {
  context_->connections.fetch_add(1);
}

ClientSession::~ClientSession() {
  if (counted_) context_->connections.fetch_sub(1);
}

void ClientSession::start() {
  asio::dispatch(client_.get_executor(), [self = shared_from_this()] {
    error_code ec;
    self->client_.set_option(tcp::no_delay(true), ec);
    const tcp::endpoint peer = self->client_.remote_endpoint(ec);
    if (ec) return self->close();
    self->client_ip_ = peer.address().to_string();
    self->read_request();
  });
}

void ClientSession::stop() {
  asio::dispatch(client_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    self->close();
  });
}

// The latency starts at the request's first byte: read it first (unless a pipelined request is
// already buffered), then let Beast parse the rest.
void ClientSession::read_request() {
  phase_ = Phase::reading;
  expire_after(context_->options.client_timeout);
  if (buffer_.size() > 0) {
    started_ = Clock::now();
    return read_header();
  }
  client_.async_read_some(
      buffer_.prepare(kReadChunk),
      beast::bind_front_handler(&ClientSession::on_first_bytes, shared_from_this()));
}

void ClientSession::on_first_bytes(error_code ec, std::size_t bytes) {
  if (ec || closed_) return close();
  buffer_.commit(bytes);
  started_ = Clock::now();
  read_header();
}

void ClientSession::read_header() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(context_->options.max_header_bytes));
  const std::size_t limit = context_->options.request_body_limit;
  parser_->body_limit(limit == 0 ? kNoBodyLimit : limit);
  error_code ec;
  if (parse_buffered(*parser_, buffer_, false, ec) || ec) return on_header(ec, 0);
  bhttp::async_read_header(
      client_, buffer_, *parser_,
      beast::bind_front_handler(&ClientSession::on_header, shared_from_this()));
}

// The head is in: the body, if any, is read only once the request is forwarded (a Content-Length
// over the limit is refused here, before anything is forwarded).
void ClientSession::on_header(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec) return refuse_request(ec);
  const auto& head = parser_->get();
  head_ = head.method() == bhttp::verb::head;
  version_ = head.version();
  keep_alive_ = head.keep_alive();
  continue_ = !parser_->is_done() && beast::iequals(head[bhttp::field::expect], "100-continue");
  outcome_ = Outcome{};
  pending_ = true;
  expire_never();
  header_faults_ = HeaderFaults{};
  if (!context_->options.header_faults) return route();
  auto read = read_header_faults(parser_->get());
  if (!read.ok()) return answer(400, read.error().detail);
  header_faults_ = std::move(read).value();
  erase_header_faults(parser_->get());
  if (!header_faults_.delay || header_faults_.delay->count() <= 0 ||
      !context_->draw_percent(header_faults_.delay_percent)) {
    return after_header_delay({});
  }
  phase_ = Phase::delaying;
  delay_timer_.expires_after(*header_faults_.delay);
  delay_timer_.async_wait(
      beast::bind_front_handler(&ClientSession::after_header_delay, shared_from_this()));
}

// Envoy's fault filter runs before its router: the header's abort comes after the header's
// delay and before an endpoint is chosen (the outcome has none).
void ClientSession::after_header_delay(error_code ec) {
  if (ec || closed_) return;
  if (header_faults_.abort_status && context_->draw_percent(header_faults_.abort_percent)) {
    outcome_.injected = true;
    return answer(*header_faults_.abort_status, "fault filter abort");
  }
  route();
}

void ClientSession::route() {
  const std::size_t endpoint = context_->endpoints.pick();
  if (endpoint == kNoEndpoint) return answer(503, "no ready endpoint");
  outcome_.endpoint = endpoint;
  if (context_->options.on_routed) {
    try {
      outcome_.routed = context_->options.on_routed(endpoint);
    } catch (...) {
      // Not tracked; the request is forwarded all the same.
    }
  }
  faults_ = context_->endpoints.faults(endpoint);
  const auto delay = context_->draw_delay(faults_);
  if (delay.count() <= 0) return apply_faults();
  phase_ = Phase::delaying;
  delay_timer_.expires_after(delay);
  delay_timer_.async_wait(
      beast::bind_front_handler(&ClientSession::after_delay, shared_from_this()));
}

// A request whose head could not be read: answered (and the connection closed) when it is the
// client's fault, closed otherwise.
void ClientSession::refuse_request(error_code ec) {
  parser_.reset();
  head_ = false;
  version_ = 11;
  keep_alive_ = false;
  outcome_ = Outcome{};
  const ProxyOptions& options = context_->options;
  if (ec == bhttp::error::body_limit) {
    pending_ = true;
    return answer(
        413, "request body over the " + std::to_string(options.request_body_limit) + "-byte limit");
  }
  if (ec == bhttp::error::header_limit) {
    pending_ = true;
    return answer(431, "request headers over the " + std::to_string(options.max_header_bytes) +
                           "-byte limit");
  }
  if (is_malformed(ec)) {
    pending_ = true;
    return answer(400, "bad request: " + ec.message());
  }
  close();
}

void ClientSession::after_delay(error_code ec) {
  if (ec || closed_) return;
  apply_faults();
}

void ClientSession::apply_faults() {
  if (faults_.killed) {
    outcome_.injected = true;
    return answer(503, "upstream connect error");
  }
  if (context_->draw_error(faults_)) {
    outcome_.injected = true;
    return answer(faults_.error_status, "injected error");
  }
  forward();
}

// The proxy's own answer, {"detail": ...}. A request body not read yet is skipped as far as it
// is already buffered; beyond that, the connection closes after the answer (and lingers, so the
// client's unread body does not reset it under the answer).
void ClientSession::answer(unsigned status, std::string_view detail) {
  request_writer_.reset();
  skip_buffered_body();
  if (parser_ && !parser_->is_done()) keep_alive_ = false;
  answer_ = {};
  answer_.version(version_);
  answer_.result(status);
  answer_.keep_alive(keep_alive_);
  if (!has_no_body(status)) {
    answer_.set(bhttp::field::content_type, "application/json");
    answer_.body() = detail_body(detail);
    answer_.prepare_payload();
    if (head_) answer_.body().clear();  // Content-Length stays that of the body
  }
  phase_ = Phase::writing;
  outcome_.status = status;
  outcome_.response_bytes = answer_.body().size();
  expire_after(context_->options.client_timeout);
  bhttp::async_write(client_, answer_,
                     beast::bind_front_handler(&ClientSession::on_written, shared_from_this()));
}

void ClientSession::skip_buffered_body() {
  if (!parser_ || parser_->is_done() || !parser_->is_header_done()) return;
  error_code ec;
  while (!parser_->is_done() && buffer_.size() > 0) {
    const std::size_t before = buffer_.size();
    parser_->get().body().data = chunk();
    parser_->get().body().size = kBodyChunk;
    parse_buffered_body(*parser_, buffer_, ec);
    outcome_.request_bytes += kBodyChunk - parser_->get().body().size;
    if (ec || buffer_.size() == before) return;
  }
}

void ClientSession::on_written(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec) return close();
  finish_exchange();
}

// Both bodies are through: report, then the next request (or close).
void ClientSession::finish_exchange() {
  report();
  answer_ = {};
  response_writer_.reset();
  upstream_parser_.reset();
  request_writer_.reset();
  parser_.reset();
  if (!keep_alive_) return linger();
  read_request();
}

// The outcome of the request just answered; a failing callback does not take the proxy down.
void ClientSession::report() {
  pending_ = false;
  outcome_.latency = Clock::now() - started_;
  if (!context_->on_outcome) return;
  try {
    context_->on_outcome(outcome_);
  } catch (...) {
    // This outcome is lost; the connection and the proxy carry on.
  }
}

void ClientSession::linger() {
  error_code ec;
  client_.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return close();
  phase_ = Phase::lingering;
  expire_after(std::min<Clock::duration>(context_->options.client_timeout, kLinger));
  buffer_.clear();
  client_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&ClientSession::on_drain, shared_from_this()));
}

void ClientSession::on_drain(error_code ec, std::size_t /*bytes*/) {
  if (ec || closed_) return close();
  client_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&ClientSession::on_drain, shared_from_this()));
}

// An exchange broken off owes its outcome: the status already sent (499 when none was), and
// the stream error (the client's, unless the caller named another).
void ClientSession::close() {
  if (closed_) return;
  closed_ = true;
  timer_.cancel();
  delay_timer_.cancel();
  error_code ignored;
  client_.shutdown(tcp::socket::shutdown_both, ignored);
  client_.close(ignored);
  drop_upstream();
  if (pending_ && !stopping_) {
    if (outcome_.stream_error == StreamError::none) outcome_.stream_error = StreamError::client;
    if (outcome_.status == 0) outcome_.status = kClientClosed;
    report();
  }
  if (counted_) context_->connections.fetch_sub(1);
  counted_ = false;
}

void ClientSession::expire_after(Clock::duration after) {
  deadline_ = Clock::now() + after;
  if (deadline_ >= timer_at_) return;  // the timer fires earlier and looks again then
  timer_at_ = deadline_;
  timer_.expires_at(timer_at_);
  timer_.async_wait(beast::bind_front_handler(&ClientSession::on_timer, shared_from_this()));
}

void ClientSession::on_timer(error_code ec) {
  if (ec == asio::error::operation_aborted || closed_) return;  // moved, or closed
  timer_at_ = Clock::time_point::max();
  if (deadline_ == Clock::time_point::max()) return;
  if (Clock::now() < deadline_) {
    timer_at_ = deadline_;
    timer_.expires_at(timer_at_);
    timer_.async_wait(beast::bind_front_handler(&ClientSession::on_timer, shared_from_this()));
    return;
  }
  if (phase_ == Phase::upstream) return upstream_timed_out();
  if (phase_ != Phase::delaying) close();
}

}  // namespace hb::proxy::detail
