#include "http/socket_tools.h"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <memory>
#include <system_error>
#include <utility>

namespace hb::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

// How long a turned-away client may take to read its answer before the socket is closed.
constexpr std::chrono::seconds kLinger{1};

class TurnAway : public std::enable_shared_from_this<TurnAway> {
 public:
  TurnAway(tcp::socket&& socket, std::string answer, std::function<void()> done)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        answer_(std::move(answer)),
        done_(std::move(done)) {}
  ~TurnAway() {
    if (done_) done_();
  }
  TurnAway(const TurnAway&) = delete;
  TurnAway& operator=(const TurnAway&) = delete;

  void start() {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->timer_.expires_after(kLinger);
      self->timer_.async_wait([self](error_code) { self->close(); });
      asio::async_write(self->socket_, asio::buffer(self->answer_),
                        [self](error_code ec, std::size_t) {
                          if (ec) return self->close();
                          error_code ignored;
                          self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                          self->discard();
                        });
    });
  }

 private:
  void discard() {
    socket_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->discard();
                            });
  }
  void close() {
    error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  std::string answer_;
  std::function<void()> done_;
  std::array<char, 1024> scratch_{};
};

}  // namespace

void listen_on(tcp::acceptor& acceptor, const tcp::endpoint& endpoint, const std::string& failure) {
  error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error_code ignored;
    acceptor.close(ignored);
    throw std::system_error(ec, failure);
  }
}

void turn_away(tcp::socket&& socket, std::string answer, std::function<void()> done) {
  std::make_shared<TurnAway>(std::move(socket), std::move(answer), std::move(done))->start();
}

}  // namespace hb::http
