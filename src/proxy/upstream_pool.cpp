#include "proxy/upstream_pool.h"

#include <sys/socket.h>

#include <cerrno>
#include <utility>

namespace hb::proxy {
namespace {

using tcp = boost::asio::ip::tcp;

// An idle connection is fit for a request when reading it would block: no end of stream (the
// upstream closed it) and no stray bytes.
bool still_open(tcp::socket& socket) {
  char byte = 0;
  const auto got = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

std::optional<tcp::socket> UpstreamPool::take() {
  for (;;) {
    std::optional<tcp::socket> socket;
    {
      std::lock_guard lock(mutex_);
      if (idle_.empty()) return std::nullopt;
      socket.emplace(std::move(idle_.back()));
      idle_.pop_back();
    }
    if (still_open(*socket)) return socket;
    boost::system::error_code ignored;
    socket->close(ignored);
  }
}

void UpstreamPool::put(tcp::socket socket) {
  {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(std::move(socket));
      return;
    }
  }
  boost::system::error_code ignored;
  socket.close(ignored);
}

void UpstreamPool::clear() {
  std::vector<tcp::socket> idle;
  {
    std::lock_guard lock(mutex_);
    idle.swap(idle_);
  }
  for (tcp::socket& socket : idle) {
    boost::system::error_code ignored;
    socket.close(ignored);
  }
}

std::size_t UpstreamPool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace hb::proxy
