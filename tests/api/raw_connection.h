// One TCP connection driven byte by byte (POSIX sockets), for what HttpClient hides: a request
// sent in parts, a stream held open, a connection the server closes, and how many bytes the
// server has not read yet.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace hbtest {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; throws std::runtime_error when it cannot.
  explicit RawConnection(unsigned short port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // True when a connection to 127.0.0.1:port is refused (nothing listens there).
  static bool refused(unsigned short port);

  void send(std::string_view bytes);
  // Reads until `text` has been received, the server closes or `timeout` passes; returns all
  // that was received so far.
  std::string read_until(std::string_view text,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Reads until the server closes the connection (true) or `timeout` passes (false).
  bool read_until_closed(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  const std::string& received() const { return received_; }
  // Bytes sent on this connection that the server's process has not read yet (from the
  // kernel's table of TCP sockets, /proc/net/tcp), or -1 when its socket is not found.
  long unread_by_server(unsigned short server_port) const;
  void close();

 private:
  int fd_ = -1;
  unsigned short local_port_ = 0;
  std::string received_;
  bool closed_by_peer_ = false;
};

}  // namespace hbtest
