// Parsing what a buffer already holds without an asynchronous operation: Beast's reads post
// their completion when the bytes were already there, which a request that came in one read
// would pay two or three times.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

namespace hb::proxy::detail {

// Feeds `buffer` to `parser` until the head (or, with `whole_message`, the whole message) is
// parsed: true then. False when it needs more bytes, or on an error (in `ec`). The body is
// parsed only once the head is: Beast 1.74 misses the body limit when it parses a head and its
// body in one go.
template <bool isRequest>
bool parse_buffered(boost::beast::http::basic_parser<isRequest>& parser,
                    boost::beast::flat_buffer& buffer, bool whole_message,
                    boost::beast::error_code& ec) {
  const auto finished = [&] { return whole_message ? parser.is_done() : parser.is_header_done(); };
  ec = {};
  parser.eager(whole_message && parser.is_header_done());
  while (buffer.size() > 0 && !finished()) {
    const std::size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == boost::beast::http::error::need_more) ec = {};
    if (ec || used == 0) return false;
    parser.eager(whole_message && parser.is_header_done());
  }
  return finished();
}

// Feeds `buffer` to `parser`, whose head is parsed, until its buffer_body is full, the message
// is done or `buffer` holds no more (or an error, in `ec`). Every body byte it takes goes
// into the body's buffer: the caller reads how many from the body's size left.
template <bool isRequest>
void parse_buffered_body(boost::beast::http::basic_parser<isRequest>& parser,
                         boost::beast::flat_buffer& buffer, boost::beast::error_code& ec) {
  ec = {};
  parser.eager(true);
  while (buffer.size() > 0 && !parser.is_done()) {
    const std::size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == boost::beast::http::error::need_more) ec = {};
    if (ec == boost::beast::http::error::need_buffer) {
      ec = {};
      return;
    }
    if (ec || used == 0) return;
  }
}

// The client sent something that is not HTTP (answered 400), as opposed to a message cut short
// by the connection's end (closed quietly).
inline bool is_malformed(const boost::beast::error_code& ec) {
  namespace bhttp = boost::beast::http;
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::partial_message && ec != bhttp::error::end_of_stream;
}

}  // namespace hb::proxy::detail
