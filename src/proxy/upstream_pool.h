// The idle keep-alive connections to one endpoint, shared by every client connection of a proxy.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

namespace hb::proxy {

// Thread-safe. A connection is in the pool only while no request uses it.
class UpstreamPool {
 public:
  explicit UpstreamPool(std::size_t max_idle) : max_idle_(max_idle) {}

  // The idle connection put back last that is still open (one the upstream closed, or that has
  // bytes nobody asked for, is dropped on the way), or nothing.
  std::optional<boost::asio::ip::tcp::socket> take();
  // Keeps `socket` for the next request, or closes it when max_idle connections are idle.
  void put(boost::asio::ip::tcp::socket socket);
  // Closes every idle connection.
  void clear();
  std::size_t idle() const;

 private:
  std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<boost::asio::ip::tcp::socket> idle_;
};

}  // namespace hb::proxy
