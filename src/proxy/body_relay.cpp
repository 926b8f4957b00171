// The two bodies of a ClientSession's exchange, streamed through one kBodyChunk buffer: the
// request body from the client to the upstream as it is read, then the response head and body
// from the upstream to the client as they come. Each read and each write has its own deadline:
// client_timeout on the client's side, upstream_timeout on the upstream's.
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <string_view>

#include "proxy/buffered_parse.h"
#include "proxy/client_session.h"
#include "proxy/hop_by_hop.h"

namespace hb::proxy::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace

char* ClientSession::chunk() {
  if (!chunk_) chunk_ = std::make_unique<char[]>(kBodyChunk);
  return chunk_.get();
}

// --- the request body, client to upstream

// A client that waits for 100 Continue gets it from the proxy once the request is on its way
// (the upstream never sees the Expect header).
void ClientSession::read_request_body() {
  if (continue_) {
    continue_ = false;
    phase_ = Phase::request_body;
    expire_after(context_->options.client_timeout);
    asio::async_write(client_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        if (self->closed_) return;
                        if (ec) return self->close();
                        self->read_request_body();
                      });
    return;
  }
  auto& body = parser_->get().body();
  body.data = chunk();
  body.size = kBodyChunk;
  error_code ec;
  parse_buffered_body(*parser_, buffer_, ec);
  if (ec || body.size < kBodyChunk || parser_->is_done()) return on_request_body(ec, 0);
  phase_ = Phase::request_body;
  expire_after(context_->options.client_timeout);
  bhttp::async_read_some(
      client_, buffer_, *parser_,
      beast::bind_front_handler(&ClientSession::on_request_body, shared_from_this()));
}

void ClientSession::on_request_body(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec == bhttp::error::need_buffer) ec = {};
  if (ec) return client_body_failed(ec);
  held_ = kBodyChunk - parser_->get().body().size;
  outcome_.request_bytes += held_;
  if (held_ == 0 && !parser_->is_done()) return read_request_body();  // a chunk's size line
  write_request_chunk();
}

// The client failed mid-body: a body over the limit (only a chunked one gets that far) or a
// malformed one is answered and the connection closed; a client gone is closed, its outcome
// reported with StreamError::client. The upstream, which got part of the body, is dropped.
void ClientSession::client_body_failed(error_code ec) {
  request_writer_.reset();
  drop_upstream();
  keep_alive_ = false;
  if (ec == bhttp::error::body_limit) {
    return answer(413, "request body over the " +
                           std::to_string(context_->options.request_body_limit) + "-byte limit");
  }
  if (is_malformed(ec)) {
    return answer(400, "bad request: " + ec.message());
  }
  close();
}

void ClientSession::write_request_chunk() {
  auto& body = parser_->get().body();
  body.data = held_ > 0 ? chunk() : nullptr;
  body.size = held_;
  body.more = !parser_->is_done();
  phase_ = Phase::upstream;
  expire_after(context_->options.upstream_timeout);
  bhttp::async_write(*upstream_, *request_writer_,
                     on_strand(beast::bind_front_handler(&ClientSession::on_upstream_written,
                                                         shared_from_this())));
}

// --- the response, upstream to client

// The upstream's head as the client's: hop-by-hop headers replaced by the client's own framing.
// A response without a body (to HEAD, 1xx, 204, 304) keeps the upstream's headers as they are,
// Content-Length included. A body keeps its Content-Length; one without (chunked, or up to the
// close) goes chunked to an HTTP/1.1 client and up to the close to an HTTP/1.0 one.
void ClientSession::relay_response_head() {
  auto& response = upstream_parser_->get();
  held_ = 0;
  if (!upstream_parser_->is_done()) {  // what of the body came with the head goes with it
    response.body().data = chunk();
    response.body().size = kBodyChunk;
    error_code ec;
    parse_buffered_body(*upstream_parser_, upstream_buffer_, ec);
    if (ec) return upstream_failed(false);  // nothing sent yet: 502
    held_ = kBodyChunk - response.body().size;
  }
  const auto length = upstream_parser_->content_length();
  const bool bodiless = head_ || has_no_body(response.result_int());
  strip_hop_by_hop(response);
  response.version(version_);
  if (!bodiless) {
    if (length) {
      response.content_length(*length);
    } else if (version_ >= 11) {
      response.chunked(true);
    } else {
      keep_alive_ = false;
    }
  }
  response.keep_alive(keep_alive_);
  outcome_.status = response.result_int();
  response_writer_.emplace(response);
  if (upstream_parser_->is_done()) release_upstream();
  write_response_chunk();
}

void ClientSession::write_response_chunk() {
  auto& body = upstream_parser_->get().body();
  body.data = held_ > 0 ? chunk() : nullptr;
  body.size = held_;
  body.more = !upstream_parser_->is_done();
  phase_ = Phase::writing;
  expire_after(context_->options.client_timeout);
  bhttp::async_write(
      client_, *response_writer_,
      beast::bind_front_handler(&ClientSession::on_response_written, shared_from_this()));
}

void ClientSession::on_response_written(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec == bhttp::error::need_buffer) ec = {};
  if (ec) return close();  // the client is gone: StreamError::client
  outcome_.response_bytes += held_;
  held_ = 0;
  if (upstream_parser_->is_done()) return finish_exchange();
  read_response_body();
}

void ClientSession::read_response_body() {
  auto& body = upstream_parser_->get().body();
  body.data = chunk();
  body.size = kBodyChunk;
  phase_ = Phase::upstream;
  expire_after(context_->options.upstream_timeout);
  bhttp::async_read_some(
      *upstream_, upstream_buffer_, *upstream_parser_,
      on_strand(beast::bind_front_handler(&ClientSession::on_response_body, shared_from_this())));
}

// The upstream failed mid-body, after the head went to the client: nothing else can be said
// to the client but closing its connection.
void ClientSession::on_response_body(error_code ec, std::size_t /*bytes*/) {
  if (closed_) return;
  if (ec == bhttp::error::need_buffer) ec = {};
  if (ec) {
    outcome_.stream_error = timed_out_ ? StreamError::upstream_timeout : StreamError::upstream;
    return close();
  }
  held_ = kBodyChunk - upstream_parser_->get().body().size;
  if (upstream_parser_->is_done()) release_upstream();
  if (held_ == 0 && !upstream_parser_->is_done()) return read_response_body();
  write_response_chunk();
}

}  // namespace hb::proxy::detail
