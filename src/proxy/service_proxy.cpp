#include "proxy/service_proxy.h"

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

#include "proxy/client_session.h"
#include "proxy/proxy_context.h"

namespace hb::proxy {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using detail::ClientSession;
using detail::ProxyContext;

// How long a connection over the cap may take to read its 503 before it is closed.
constexpr std::chrono::seconds kRefusalLinger{1};
// After a failed accept (out of file descriptors), the wait before accepting again.
constexpr std::chrono::milliseconds kAcceptBackoff{50};

// A connection over the cap: answered 503 at once without reading its request, then closed once
// the client has read it (or after kRefusalLinger).
class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  explicit Refusal(tcp::socket&& socket)
      : socket_(std::move(socket)), timer_(socket_.get_executor()) {}

  void start(std::size_t cap) {
    const std::string body = detail::detail_body("connections: all " + std::to_string(cap) +
                                                 " allowed at once are open; try again later");
    text_ =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
    timer_.expires_after(kRefusalLinger);
    timer_.async_wait([self = shared_from_this()](beast::error_code) { self->close(); });
    asio::async_write(socket_, asio::buffer(text_),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->close();
                        beast::error_code ignored;
                        self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                        self->discard();
                      });
  }

 private:
  void discard() {
    socket_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->discard();
                            });
  }
  void close() {
    beast::error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  std::string text_;
  std::array<char, 1024> scratch_{};
};

}  // namespace

// Owns the listening socket (on a strand of its own), the health checks, and knows the client
// connections, so that stop() can close them.
class ServiceProxy::Acceptor : public std::enable_shared_from_this<Acceptor> {
 public:
  Acceptor(asio::io_context& ioc, ProxyOptions options, core::Rng rng, OutcomeCallback on_outcome)
      : context_(std::make_shared<ProxyContext>(ioc, std::move(options), std::move(rng),
                                                std::move(on_outcome))),
        acceptor_(asio::make_strand(ioc)),
        backoff_timer_(acceptor_.get_executor()) {}

  void start() {
    {
      std::lock_guard lock(mutex_);
      if (started_ || stopped_) throw std::logic_error("proxy: start() after start or stop");
      started_ = true;
    }
    listen();
    start_health_checks();
    asio::post(acceptor_.get_executor(),
               beast::bind_front_handler(&Acceptor::accept, shared_from_this()));
  }

  void stop() {
    std::vector<std::weak_ptr<ClientSession>> sessions;
    std::vector<std::unique_ptr<HealthCheck>> checks;
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
      sessions.swap(sessions_);
      checks.swap(checks_);
    }
    checks.clear();  // each stops
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
      self->backoff_timer_.cancel();
    });
    for (const auto& weak : sessions) {
      if (auto session = weak.lock()) session->stop();
    }
    for (std::size_t i = 0; i < context_->endpoints.size(); ++i)
      context_->endpoints.pool(i).clear();
  }

  std::uint16_t port() const { return port_; }
  ProxyContext& context() { return *context_; }

 private:
  void listen() {
    const ProxyOptions& options = context_->options;
    const std::string where = options.host + ":" + std::to_string(options.port);
    beast::error_code ec;
    const asio::ip::address address = asio::ip::make_address(options.host, ec);
    if (ec) throw std::system_error(ec, "proxy: cannot listen on " + where);
    const tcp::endpoint endpoint(address, options.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      beast::error_code ignored;
      acceptor_.close(ignored);
      throw std::system_error(ec, "proxy: cannot listen on " + where);
    }
    port_ = acceptor_.local_endpoint().port();
  }

  // One checker per endpoint; each result goes to the endpoint's readiness, then to the
  // caller's on_ready_change.
  void start_health_checks() {
    const ProxyOptions& options = context_->options;
    if (!options.health) return;
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < context_->endpoints.size(); ++i) {
      std::weak_ptr<ProxyContext> weak = context_;
      auto killed = [weak, i] {
        const auto context = weak.lock();
        return context && context->endpoints.faults(i).killed;
      };
      auto on_change = [weak, i](bool ready) {
        const auto context = weak.lock();
        if (!context) return;
        context->endpoints.set_ready(i, ready);
        if (context->options.on_ready_change) context->options.on_ready_change(i, ready);
      };
      checks_.push_back(std::make_unique<HealthCheck>(context_->ioc,
                                                      context_->endpoints.endpoint(i).address,
                                                      *options.health, killed, on_change));
      checks_.back()->start();
    }
  }

  void accept() {
    if (!acceptor_.is_open()) return;
    acceptor_.async_accept(asio::make_strand(context_->ioc),
                           beast::bind_front_handler(&Acceptor::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {  // out of file descriptors: wait rather than spin
      backoff_timer_.expires_after(kAcceptBackoff);
      backoff_timer_.async_wait([self = shared_from_this()](beast::error_code wait_error) {
        if (!wait_error) self->accept();
      });
      return;
    }
    const std::size_t cap = context_->options.max_connections;
    if (cap != 0 && context_->connections.load() >= cap) {
      std::make_shared<Refusal>(std::move(socket))->start(cap);
      return accept();
    }
    auto session = std::make_shared<ClientSession>(std::move(socket), context_);
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
      sessions_.push_back(session);
    }
    session->start();
    accept();
  }

  std::shared_ptr<ProxyContext> context_;
  tcp::acceptor acceptor_;
  asio::steady_timer backoff_timer_;
  std::atomic<std::uint16_t> port_{0};
  std::mutex mutex_;  // guards the fields below
  bool started_ = false;
  bool stopped_ = false;
  std::vector<std::weak_ptr<ClientSession>> sessions_;
  std::vector<std::unique_ptr<HealthCheck>> checks_;
};

ServiceProxy::ServiceProxy(asio::io_context& ioc, ProxyOptions options, core::Rng rng,
                           OutcomeCallback on_outcome)
    : acceptor_(std::make_shared<Acceptor>(ioc, std::move(options), std::move(rng),
                                           std::move(on_outcome))) {}

ServiceProxy::~ServiceProxy() {
  stop();
}

void ServiceProxy::start() {
  acceptor_->start();
}

std::uint16_t ServiceProxy::port() const {
  return acceptor_->port();
}

void ServiceProxy::stop() {
  acceptor_->stop();
}

std::size_t ServiceProxy::endpoint_count() const {
  return acceptor_->context().endpoints.size();
}

bool ServiceProxy::ready(std::size_t index) const {
  return acceptor_->context().endpoints.ready(index);
}

void ServiceProxy::set_ready(std::size_t index, bool ready) {
  acceptor_->context().endpoints.set_ready(index, ready);
}

Faults ServiceProxy::faults(std::size_t index) const {
  return acceptor_->context().endpoints.faults(index);
}

void ServiceProxy::set_faults(std::size_t index, const Faults& faults) {
  acceptor_->context().endpoints.set_faults(index, faults);
}

std::size_t ServiceProxy::open_connections() const {
  return acceptor_->context().connections.load();
}

}  // namespace hb::proxy
