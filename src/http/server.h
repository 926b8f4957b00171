// The HTTP/1.1 server: Boost.Beast over Asio. Reads one request at a time per connection, hands
// it to an asynchronous Handler and writes the Response it replies with.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.h"

namespace hb::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;              // 0 = ephemeral
  std::size_t body_limit = 64 * 1024;     // over it: 413 with JSON detail, connection closed
  std::chrono::seconds read_timeout{30};  // idle keep-alive / slow client read (and write) timeout
  std::size_t max_header_bytes = 16 * 1024;  // over it: 431, connection closed
  // 0: connections run on the io_context given to the Server, on a strand each, by whatever
  // threads run it. N: the server runs N threads of its own, each with its own io_context, and
  // spreads the connections over them; the given io_context then only accepts.
  unsigned threads = 0;
  // Open connections at once; the one beyond is answered 503 and closed. 0: no cap.
  std::size_t max_connections = 512;
  // Streamed responses (server-sent events) open at once; beyond it a stream is answered 503.
  // 0: no cap.
  std::size_t max_streams = 64;
  // After a failed accept (out of file descriptors: EMFILE), the acceptor waits this long before
  // it tries again, doubling the wait after each failure in a row up to accept_backoff_max.
  std::chrono::milliseconds accept_backoff{50};
  std::chrono::milliseconds accept_backoff_max{1000};
};

// The io_context must outlive the Server, and every Reply must be invoked (or dropped) before the
// io_context is destroyed. The io_context may be run by several threads: each connection has
// its own strand, and the handler is called on it. With ServerOptions::threads, connections run
// on the server's own threads instead (the handler is called on one of them), which the
// destructor joins.
class Server {
 public:
  Server(boost::asio::io_context& ioc, ServerOptions options, Handler handler);
  ~Server();  // stop()s
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts accepting. Throws std::system_error naming the address on failure
  // (e.g. the port is in use), std::logic_error when called twice or after stop().
  void start();
  // The bound port (the real one when options.port is 0). Valid after start().
  std::uint16_t port() const;
  // Stops accepting and closes every open connection; once pending operations finish, the
  // io_context runs out of work. Thread-safe and idempotent.
  void stop();
  // Stops accepting and lets the requests in flight finish: idle connections close at once, a
  // request being read or answered is answered (with Connection: close) and streams end. Calls
  // `done` on the io_context once every connection has closed, or once `grace` has passed,
  // whichever comes first; stop() then closes what is left. Call it once, after start().
  void shutdown(std::chrono::milliseconds grace, std::function<void()> done);
  // Connections open right now (for logs and tests).
  std::size_t open_connections() const;

 private:
  class Listener;
  std::shared_ptr<Listener> listener_;
};

}  // namespace hb::http
