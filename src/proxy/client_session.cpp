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

namespace hb::proxy::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr std::size_t kReadChunk = 16 * 1024;
// After a response that closes the connection, what the client still sends is read and dropped
// for this long at most, so that closing does not reset the connection under the response.
constexpr std::chrono::seconds kLinger{2};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

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
  asio::dispatch(client_.get_executor(), [self = shared_from_this()] { self->close(); });
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
  parser_->body_limit(context_->options.request_body_limit);
  error_code ec;
  if (parse_buffered(*parser_, buffer_, false, ec) || ec) return on_header(ec, 0);
  bhttp::async_read_header(
      client_, buffer_, *parser_,
      beast::bind_front_handler(&ClientSession::on_header, shared_from_this()));
}

// A client that waits for 100 Continue before sending its body gets it from the proxy (the
// body is buffered here; the upstream never sees the Expect header).
void ClientSession::on_header(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec) return refuse_request(ec);
  const auto& head = parser_->get();
  if (!parser_->is_done() && beast::iequals(head[bhttp::field::expect], "100-continue")) {
    asio::async_write(client_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](error_code write_error, std::size_t) {
                        if (write_error || self->closed_) return self->close();
                        self->read_body();
                      });
    return;
  }
  read_body();
}

void ClientSession::read_body() {
  error_code ec;
  if (parse_buffered(*parser_, buffer_, true, ec) || ec) return on_request(ec, 0);
  bhttp::async_read(client_, buffer_, *parser_,
                    beast::bind_front_handler(&ClientSession::on_request, shared_from_this()));
}

void ClientSession::on_request(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec) return refuse_request(ec);
  request_ = parser_->release();
  parser_.reset();
  head_ = request_.method() == bhttp::verb::head;
  version_ = request_.version();
  keep_alive_ = request_.keep_alive();
  outcome_ = Outcome{};
  outcome_.request_bytes = request_.body().size();
  expire_never();
  const std::size_t endpoint = context_->endpoints.pick();
  if (endpoint == kNoEndpoint) return answer(503, "no ready endpoint");
  outcome_.endpoint = endpoint;
  faults_ = context_->endpoints.faults(endpoint);
  const auto delay = context_->draw_delay(faults_);
  if (delay.count() <= 0) return apply_faults();
  phase_ = Phase::delaying;
  delay_timer_.expires_after(delay);
  delay_timer_.async_wait(
      beast::bind_front_handler(&ClientSession::after_delay, shared_from_this()));
}

// A request that could not be read: answered (and the connection closed) when it is the
// client's fault, closed otherwise.
void ClientSession::refuse_request(error_code ec) {
  head_ = false;
  version_ = 11;
  keep_alive_ = false;
  outcome_ = Outcome{};
  const ProxyOptions& options = context_->options;
  if (ec == bhttp::error::body_limit) {
    return answer(
        413, "request body over the " + std::to_string(options.request_body_limit) + "-byte limit");
  }
  if (ec == bhttp::error::header_limit) {
    return answer(431, "request headers over the " + std::to_string(options.max_header_bytes) +
                           "-byte limit");
  }
  if (is_http_error(ec) && ec != bhttp::error::partial_message &&
      ec != bhttp::error::end_of_stream) {
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

// The proxy's own answer, {"detail": ...}.
void ClientSession::answer(unsigned status, std::string_view detail) {
  response_ = {};
  response_.version(version_);
  response_.result(status);
  response_.keep_alive(keep_alive_);
  if (!has_no_body(status)) {
    response_.set(bhttp::field::content_type, "application/json");
    response_.body() = detail_body(detail);
    response_.prepare_payload();
    if (head_) response_.body().clear();  // Content-Length stays that of the body
  }
  send_response();
}

void ClientSession::send_response() {
  phase_ = Phase::writing;
  outcome_.status = response_.result_int();
  outcome_.response_bytes = response_.body().size();
  expire_after(context_->options.client_timeout);
  bhttp::async_write(client_, response_,
                     beast::bind_front_handler(&ClientSession::on_written, shared_from_this()));
}

void ClientSession::on_written(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  report();
  response_ = {};
  request_ = {};
  if (ec) return close();
  if (!keep_alive_) return linger();
  read_request();
}

// The outcome of the request just answered; a failing callback does not take the proxy down.
void ClientSession::report() {
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

void ClientSession::close() {
  if (closed_) return;
  closed_ = true;
  timer_.cancel();
  delay_timer_.cancel();
  error_code ignored;
  client_.shutdown(tcp::socket::shutdown_both, ignored);
  client_.close(ignored);
  drop_upstream();
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
