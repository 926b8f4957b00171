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

#include "http/socket_tools.h"
#include "proxy/client_session.h"
#include "proxy/proxy_context.h"

namespace hb::proxy {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using detail::ClientSession;
using detail::ProxyContext;

// After a failed accept (out of file descriptors), the wait before accepting again.
constexpr std::chrono::milliseconds kAcceptBackoff{50};

// The 503 of a connection over the cap.
std::string busy_answer(std::size_t cap) {
  const std::string body = detail::detail_body("connections: all " + std::to_string(cap) +
                                               " allowed at once are open; try again later");
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
         "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

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
    http::listen_on(acceptor_, endpoint, "proxy: cannot listen on " + where);
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
      http::turn_away(std::move(socket), busy_answer(cap));
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
