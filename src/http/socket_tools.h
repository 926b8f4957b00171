// What the HTTP server and the fault-injecting proxy both do with raw sockets: open a listening
// socket, and turn away a connection over a cap.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <string>

namespace hb::http {

// Opens, binds and listens `acceptor` on `endpoint` (address reuse on). When it cannot, leaves
// the acceptor closed and throws std::system_error with `failure` ("proxy: cannot listen on
// 127.0.0.1:8081") and the system's reason.
void listen_on(boost::asio::ip::tcp::acceptor& acceptor,
               const boost::asio::ip::tcp::endpoint& endpoint, const std::string& failure);

// Writes `answer` (a whole HTTP response, meant to say "Connection: close") to `socket` without
// reading its request, then closes it once the client has read it, or after a second at most.
// What the client sends meanwhile is read and dropped, so that closing does not reset the
// answer. `done` runs when the socket is closed and let go.
void turn_away(boost::asio::ip::tcp::socket&& socket, std::string answer,
               std::function<void()> done = {});

}  // namespace hb::http
