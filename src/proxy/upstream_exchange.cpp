// The upstream side of a ClientSession: one request sent to the chosen endpoint over a pooled
// keep-alive connection (or a new one), its response read whole, within the upstream timeout.
#include <boost/asio/bind_executor.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <exception>
#include <utility>

#include "proxy/buffered_parse.h"
#include "proxy/client_session.h"
#include "proxy/hop_by_hop.h"

namespace hb::proxy::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// Methods that may be sent twice (RFC 9110 section 9.2.2).
bool is_idempotent(bhttp::verb method) {
  switch (method) {
    case bhttp::verb::get:
    case bhttp::verb::head:
    case bhttp::verb::options:
    case bhttp::verb::trace:
    case bhttp::verb::put:
    case bhttp::verb::delete_:
      return true;
    default:
      return false;
  }
}

}  // namespace

// Upstream sockets belong to no strand (they move between client connections through the
// pool): every completion is bound to this connection's strand.
template <typename Handler>
auto ClientSession::on_strand(Handler&& handler) {
  return asio::bind_executor(client_.get_executor(), std::forward<Handler>(handler));
}

void ClientSession::forward() {
  try {
    strip_hop_by_hop(request_);
    append_forwarded_for(request_, client_ip_);
    request_.erase(bhttp::field::expect);
    // HTTP/1.1 needs a Host: an HTTP/1.0 client may have sent none.
    if (request_.count(bhttp::field::host) == 0) {
      request_.set(bhttp::field::host, context_->endpoints.endpoint(outcome_.endpoint).address);
    }
    request_.version(11);
    request_.prepare_payload();  // throws for a TRACE with a body
  } catch (const std::exception&) {
    keep_alive_ = false;
    return answer(400, "bad request: a body this method cannot carry");
  }
  phase_ = Phase::upstream;
  timed_out_ = false;
  retried_ = false;
  expire_after(context_->options.upstream_timeout);
  open_upstream(true);
}

void ClientSession::open_upstream(bool may_reuse) {
  const std::size_t endpoint = outcome_.endpoint;
  upstream_.reset();
  if (may_reuse) upstream_ = context_->endpoints.pool(endpoint).take();
  reused_ = upstream_.has_value();
  if (reused_) return send_upstream();
  upstream_.emplace(context_->ioc.get_executor());
  upstream_->async_connect(
      context_->endpoints.address(endpoint),
      on_strand(beast::bind_front_handler(&ClientSession::on_connect, shared_from_this())));
}

void ClientSession::on_connect(error_code ec) {
  if (closed_) return;
  if (ec) {
    drop_upstream();
    outcome_.reached = false;
    if (timed_out_) return answer(504, "upstream connect timeout");
    return answer(503, "upstream connect error");
  }
  error_code ignored;
  upstream_->set_option(tcp::no_delay(true), ignored);
  send_upstream();
}

void ClientSession::send_upstream() {
  upstream_buffer_.clear();
  outcome_.reached = true;
  bhttp::async_write(*upstream_, request_,
                     on_strand(beast::bind_front_handler(&ClientSession::on_upstream_written,
                                                         shared_from_this())));
}

void ClientSession::on_upstream_written(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec) return upstream_failed(ec, false);
  read_upstream_response();
}

// The head first, then the body: Beast 1.74 misses the body limit when it parses a head and a
// body that came in one read in one go (eager parsing), which async_read does. A body already
// read with the head is parsed at once.
void ClientSession::read_upstream_response() {
  upstream_parser_.emplace();
  upstream_parser_->body_limit(context_->options.response_body_limit);
  if (head_) upstream_parser_->skip(true);  // the answer to HEAD has no body
  bhttp::async_read_header(
      *upstream_, upstream_buffer_, *upstream_parser_,
      on_strand(beast::bind_front_handler(&ClientSession::on_upstream_header, shared_from_this())));
}

void ClientSession::on_upstream_header(error_code ec, std::size_t bytes) {
  if (closed_) return;
  if (ec) return on_upstream_read(ec, bytes);
  if (parse_buffered(*upstream_parser_, upstream_buffer_, true, ec) || ec) {
    return on_upstream_read(ec, bytes);
  }
  bhttp::async_read(
      *upstream_, upstream_buffer_, *upstream_parser_,
      on_strand(beast::bind_front_handler(&ClientSession::on_upstream_read, shared_from_this())));
}

void ClientSession::on_upstream_read(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec) return upstream_failed(ec, true);
  // An interim answer (100 Continue, 103 Early Hints) is dropped: the final one follows.
  const unsigned status = upstream_parser_->get().result_int();
  if (status / 100 == 1 && status != 101) return read_upstream_response();
  response_ = upstream_parser_->release();
  upstream_parser_.reset();
  // Back to the pool unless the upstream closes it, or sent more than it was asked for.
  if (response_.keep_alive() && upstream_buffer_.size() == 0) {
    context_->endpoints.pool(outcome_.endpoint).put(std::move(*upstream_));
    upstream_.reset();
  } else {
    drop_upstream();
  }
  relay_response();
}

// A reused connection that the upstream had closed (no byte of response came back) is tried
// once more on a new connection, when the request may be sent twice or was not sent at all.
void ClientSession::upstream_failed(error_code ec, bool written) {
  const bool got_some = upstream_parser_ && upstream_parser_->got_some();
  upstream_parser_.reset();
  drop_upstream();
  if (timed_out_) return answer(504, "upstream timeout");
  if (ec == bhttp::error::body_limit) {
    return answer(502, "upstream response body over the " +
                           std::to_string(context_->options.response_body_limit) + "-byte limit");
  }
  if (reused_ && !retried_ && !got_some && (!written || is_idempotent(request_.method()))) {
    retried_ = true;
    return open_upstream(false);
  }
  if (got_some) return answer(502, "upstream sent an incomplete or invalid response");
  answer(503, "upstream connect error or disconnect/reset before headers");
}

void ClientSession::drop_upstream() {
  if (!upstream_) return;
  error_code ignored;
  upstream_->close(ignored);
  upstream_.reset();
}

// The upstream's response as the client's: hop-by-hop headers replaced by the client's own
// framing. A response without a body (to HEAD, 1xx, 204, 304) keeps the upstream's headers as
// they are, Content-Length included.
void ClientSession::relay_response() {
  strip_hop_by_hop(response_);
  response_.version(version_);
  response_.keep_alive(keep_alive_);
  if (!head_ && !has_no_body(response_.result_int())) response_.prepare_payload();
  send_response();
}

// The upstream timeout passed: closing the connection ends the pending operation, whose
// handler answers 504.
void ClientSession::upstream_timed_out() {
  timed_out_ = true;
  if (upstream_) {
    error_code ignored;
    upstream_->close(ignored);
  }
}

}  // namespace hb::proxy::detail
