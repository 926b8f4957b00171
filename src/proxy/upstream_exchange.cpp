// The upstream side of a ClientSession up to the response head: the request's head (and what of
// its body is already buffered) sent to the chosen endpoint over a pooled keep-alive connection
// or a new one, the one retry, and the response head read. The bodies are in body_relay.cpp.
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
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

// The request's head as the upstream gets it, framed as the client framed its body: the same
// Content-Length, or chunked.
void ClientSession::forward() {
  auto& request = parser_->get();
  const bool has_body = parser_->chunked() || parser_->content_length().value_or(0) > 0;
  if (request.method() == bhttp::verb::trace && has_body) {
    return answer(400, "bad request: a body this method cannot carry");
  }
  strip_hop_by_hop(request);
  append_forwarded_for(request, client_ip_);
  request.erase(bhttp::field::expect);
  // HTTP/1.1 needs a Host: an HTTP/1.0 client may have sent none.
  if (request.count(bhttp::field::host) == 0) {
    request.set(bhttp::field::host, context_->endpoints.endpoint(outcome_.endpoint).address);
  }
  request.version(11);
  if (parser_->chunked()) {
    request.chunked(true);
  } else if (parser_->content_length()) {
    request.content_length(*parser_->content_length());
  }
  // What of the body came with the head goes with it in the first write.
  held_ = 0;
  if (!parser_->is_done()) {
    request.body().data = chunk();
    request.body().size = kBodyChunk;
    error_code ec;
    parse_buffered_body(*parser_, buffer_, ec);
    if (ec) return client_body_failed(ec);
    held_ = kBodyChunk - request.body().size;
    outcome_.request_bytes = held_;
  }
  replayable_ = parser_->is_done();
  replay_ = held_;
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

// The head and the body bytes held, in one write.
void ClientSession::send_upstream() {
  upstream_buffer_.clear();
  outcome_.reached = true;
  request_writer_.emplace(parser_->get());
  write_request_chunk();
}

void ClientSession::on_upstream_written(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec == bhttp::error::need_buffer) ec = {};
  if (ec) return upstream_failed(true);
  held_ = 0;
  if (!parser_->is_done()) return read_request_body();
  read_upstream_response();
}

// Once the whole request is sent, the upstream has upstream_timeout to send its response head.
void ClientSession::read_upstream_response() {
  upstream_parser_.emplace();
  upstream_parser_->body_limit(kNoBodyLimit);  // streamed: no limit
  if (head_) upstream_parser_->skip(true);     // the answer to HEAD has no body
  phase_ = Phase::upstream;
  expire_after(context_->options.upstream_timeout);
  error_code ec;
  if (parse_buffered(*upstream_parser_, upstream_buffer_, false, ec) || ec) {
    return on_upstream_header(ec, 0);
  }
  bhttp::async_read_header(
      *upstream_, upstream_buffer_, *upstream_parser_,
      on_strand(beast::bind_front_handler(&ClientSession::on_upstream_header, shared_from_this())));
}

void ClientSession::on_upstream_header(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec) return upstream_failed(false);
  // An interim answer (100 Continue, 103 Early Hints) is dropped: the final one follows.
  const unsigned status = upstream_parser_->get().result_int();
  if (status / 100 == 1 && status != 101) return read_upstream_response();
  relay_response_head();
}

// A reused connection that the upstream had closed (no byte of response came back) is tried
// once more on a new connection, when the whole request is still held and it may be sent twice
// or could not be written (a POST is never sent twice). Before the response head, a failure is
// answered; the client's connection closes with it when its body was not all read.
void ClientSession::upstream_failed(bool writing) {
  const bool got_some = upstream_parser_ && upstream_parser_->got_some();
  upstream_parser_.reset();
  request_writer_.reset();
  drop_upstream();
  if (timed_out_) return answer(504, "upstream timeout");
  const bool may_resend = writing || is_idempotent(parser_->get().method());
  if (reused_ && !retried_ && !got_some && replayable_ && may_resend) {
    retried_ = true;
    held_ = replay_;
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

// Both bodies are through: the connection goes back to the pool unless the upstream closes it,
// or sent more than it was asked for.
void ClientSession::release_upstream() {
  if (!upstream_) return;
  if (upstream_parser_->keep_alive() && upstream_buffer_.size() == 0) {  // as parsed
    context_->endpoints.pool(outcome_.endpoint).put(std::move(*upstream_));
    upstream_.reset();
  } else {
    drop_upstream();
  }
}

// The upstream timeout passed: closing the connection ends the pending operation, whose
// handler answers 504 (or, mid-response-body, closes the client's connection).
void ClientSession::upstream_timed_out() {
  timed_out_ = true;
  if (upstream_) {
    error_code ignored;
    upstream_->close(ignored);
  }
}

}  // namespace hb::proxy::detail
