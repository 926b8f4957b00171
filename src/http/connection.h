// The connections of the Server (internal to src/http): one Session per accepted connection,
// which reads requests, calls the handler and writes the answers, streams and timeouts
// included; and the short answer to a connection over the cap. server.cpp accepts them.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <memory>
#include <vector>

#include "http/message.h"
#include "http/server.h"

namespace hb::http::detail {

// What the listener and all its sessions share, never modified after construction.
struct Shared {
  ServerOptions options;
  Handler handler;
};

// What the listener and all its sessions count, for the limits.
struct Gauges {
  std::atomic<std::size_t> connections{0};  // sessions not yet closed
  std::atomic<std::size_t> streams{0};      // streamed responses under way
  std::atomic<std::size_t> refusing{0};     // connections being answered 503 (over the cap)
};

// The server's own io_contexts (ServerOptions::threads), one per thread. Every session holds
// them, so that a session that outlives the server (its Reply kept by a lab command) never
// outlives the context its socket belongs to.
struct Workers {
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts;
};

// What the listener does with an open connection. Thread-safe.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void start() = 0;
  // Closes the connection.
  virtual void stop() = 0;
  // The server is shutting down: a request being read or answered is answered, with
  // Connection: close; an idle connection and a stream close now.
  virtual void wind_down() = 0;
};

// A connection to serve; it counts itself in gauges->connections until it closes.
std::shared_ptr<Connection> open_connection(boost::asio::ip::tcp::socket&& socket,
                                            std::shared_ptr<const Shared> shared,
                                            std::shared_ptr<Workers> workers,
                                            std::shared_ptr<Gauges> gauges);

// A connection over the cap of `cap`: answered 503 and closed (at once and unanswered when too
// many refusals are already under way).
void refuse_connection(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<Gauges> gauges,
                       std::size_t cap);

}  // namespace hb::http::detail
