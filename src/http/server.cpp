#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "http/connection.h"
#include "http/socket_tools.h"

namespace hb::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using detail::Connection;
using detail::Gauges;
using detail::open_connection;
using detail::refuse_connection;
using detail::Shared;
using detail::Workers;

// How often shutdown() looks whether every connection has closed.
constexpr std::chrono::milliseconds kDrainPoll{20};

}  // namespace

// Owns the acceptor (on its own strand) and knows the open sessions, so that stop() can close
// them.
class Server::Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, ServerOptions options, Handler handler)
      : ioc_(ioc),
        acceptor_(asio::make_strand(ioc)),
        backoff_timer_(acceptor_.get_executor()),
        drain_timer_(acceptor_.get_executor()),
        shared_(std::make_shared<const Shared>(Shared{std::move(options), std::move(handler)})) {}

  void start() {
    {
      std::lock_guard lock(mutex_);
      if (started_ || stopped_) throw std::logic_error("http server: start() after start/stop");
      started_ = true;
    }
    const ServerOptions& options = shared_->options;
    const std::string where = options.host + ":" + std::to_string(options.port);
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    const auto endpoints =
        resolver.resolve(options.host, std::to_string(options.port),
                         tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) throw std::system_error(ec, "http server: cannot resolve " + where);
    if (endpoints.empty()) {
      throw std::system_error(beast::error_code(asio::error::host_not_found),
                              "http server: cannot resolve " + where);
    }
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();

    listen_on(acceptor_, endpoint, "http server: cannot listen on " + where);
    port_ = acceptor_.local_endpoint().port();
    start_workers();
    asio::post(acceptor_.get_executor(),
               beast::bind_front_handler(&Listener::accept, shared_from_this()));
  }

  std::uint16_t port() const { return port_; }

  void stop() {
    std::vector<std::weak_ptr<Connection>> sessions;
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
      sessions.swap(sessions_);
    }
    // Keeps the io_context from running out of work until every close below is posted. Without
    // it, once the acceptor and the first sessions are closed, the io_context can run out of
    // work (a session waiting for its Reply has no operation pending) before the later closes
    // are posted: run() returns, and those sessions are never closed.
    const auto work = asio::make_work_guard(ioc_);
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
      self->backoff_timer_.cancel();
      self->drain_timer_.cancel();
    });
    for (const auto& weak : sessions) {
      if (auto session = weak.lock()) session->stop();
    }
    // The workers' threads end once their sessions have closed.
    std::lock_guard lock(mutex_);
    guards_.clear();
  }

  void shutdown(std::chrono::milliseconds grace, std::function<void()> done) {
    std::vector<std::weak_ptr<Connection>> sessions;
    {
      std::lock_guard lock(mutex_);
      if (stopped_ || draining_) throw std::logic_error("http server: shutdown() twice or late");
      draining_ = true;
      sessions = sessions_;
    }
    asio::post(acceptor_.get_executor(),
               [self = shared_from_this(), grace, done = std::move(done)]() mutable {
                 beast::error_code ignored;
                 self->acceptor_.close(ignored);
                 self->backoff_timer_.cancel();
                 self->drain_deadline_ = Clock::now() + grace;
                 self->drain_done_ = std::move(done);
                 self->watch_drain();
               });
    for (const auto& weak : sessions) {
      if (auto session = weak.lock()) session->wind_down();
    }
  }

  std::size_t open_connections() const { return gauges_->connections.load(); }

  // Waits for the workers' threads (after stop()). From one of them, it leaves them be.
  void join() {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mutex_);
      threads.swap(threads_);
    }
    for (std::thread& thread : threads) {
      if (thread.get_id() == std::this_thread::get_id()) {
        thread.detach();
      } else {
        thread.join();
      }
    }
  }

 private:
  void start_workers() {
    const unsigned count = shared_->options.threads;
    if (count == 0) return;
    workers_ = std::make_shared<Workers>();
    std::lock_guard lock(mutex_);
    for (unsigned i = 0; i < count; ++i) {
      workers_->contexts.push_back(std::make_unique<asio::io_context>(1));
      guards_.push_back(asio::make_work_guard(*workers_->contexts.back()));
    }
    for (unsigned i = 0; i < count; ++i) {
      threads_.emplace_back([context = workers_->contexts[i].get()] {
        // A handler that throws out of the io_context does not end the thread: it runs on.
        for (;;) {
          try {
            context->run();
            return;
          } catch (const std::exception& e) {
            spdlog::error("http: a connection's work threw, carrying on: {}", e.what());
          } catch (...) {
            spdlog::error("http: a connection's work threw, carrying on");
          }
        }
      });
    }
  }

  // With workers, each connection goes to the next worker's io_context, which one thread runs
  // (as nginx's workers do): no strand, no hand-over between threads. Without, each connection
  // gets a strand of the server's io_context.
  void accept() {
    if (!acceptor_.is_open()) return;
    if (workers_) {
      auto& context = *workers_->contexts[next_worker_++ % workers_->contexts.size()];
      acceptor_.async_accept(context,
                             beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    } else {
      acceptor_.async_accept(asio::make_strand(ioc_),
                             beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) return back_off(ec);
    if (failures_ > 0) {
      spdlog::info("http: accepting again after {} failed accepts", failures_);
      failures_ = 0;
    }
    const std::size_t cap = shared_->options.max_connections;
    if (cap != 0 && gauges_->connections.load() >= cap) {
      refuse_connection(std::move(socket), gauges_, cap);
      return accept();
    }
    auto session = open_connection(std::move(socket), shared_, workers_, gauges_);
    bool draining = false;
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      draining = draining_;
      std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
      sessions_.push_back(session);
    }
    session->start();
    if (draining) session->wind_down();
    accept();
  }

  // An accept failed: with the file descriptors used up (EMFILE, ENFILE) the listening socket
  // stays readable, so accepting again at once would spin a core. Waits, longer after each
  // failure in a row; connections wait in the backlog meanwhile.
  void back_off(const beast::error_code& ec) {
    const ServerOptions& options = shared_->options;
    backoff_ = failures_ == 0 ? options.accept_backoff
                              : std::min(backoff_ * 2, options.accept_backoff_max);
    if (failures_ == 0) {
      spdlog::warn("http: accept failed ({}); trying again in {} ms, waiting up to {} ms",
                   ec.message(), backoff_.count(), options.accept_backoff_max.count());
    }
    ++failures_;
    backoff_timer_.expires_after(backoff_);
    backoff_timer_.async_wait([self = shared_from_this()](beast::error_code wait_error) {
      if (wait_error) return;
      self->accept();
    });
  }

  // On the acceptor's strand: calls drain_done_ once no connection is left or the grace is over.
  void watch_drain() {
    if (gauges_->connections.load() == 0 || Clock::now() >= drain_deadline_) {
      if (gauges_->connections.load() != 0) {
        spdlog::warn("http: {} connections still open at the end of the grace period",
                     gauges_->connections.load());
      }
      if (auto done = std::exchange(drain_done_, {})) done();
      return;
    }
    drain_timer_.expires_after(kDrainPoll);
    drain_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) {  // stop() came first
        if (auto done = std::exchange(self->drain_done_, {})) done();
        return;
      }
      self->watch_drain();
    });
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  // On the acceptor's strand: the back-off after failed accepts, and the shutdown's drain.
  asio::steady_timer backoff_timer_;
  std::chrono::milliseconds backoff_{0};
  std::size_t failures_ = 0;  // failed accepts in a row
  asio::steady_timer drain_timer_;
  Clock::time_point drain_deadline_;
  std::function<void()> drain_done_;
  std::shared_ptr<const Shared> shared_;
  std::shared_ptr<Gauges> gauges_ = std::make_shared<Gauges>();
  std::atomic<std::uint16_t> port_{0};
  std::shared_ptr<Workers> workers_;  // set by start() when options.threads > 0
  std::size_t next_worker_ = 0;       // on the acceptor's strand
  std::mutex mutex_;                  // guards the fields below
  bool started_ = false;
  bool stopped_ = false;
  bool draining_ = false;
  std::vector<std::weak_ptr<Connection>> sessions_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
};

Server::Server(boost::asio::io_context& ioc, ServerOptions options, Handler handler)
    : listener_(std::make_shared<Listener>(ioc, std::move(options), std::move(handler))) {}

Server::~Server() {
  stop();
  listener_->join();
}

void Server::start() {
  listener_->start();
}

std::uint16_t Server::port() const {
  return listener_->port();
}

void Server::stop() {
  listener_->stop();
}

void Server::shutdown(std::chrono::milliseconds grace, std::function<void()> done) {
  listener_->shutdown(grace, std::move(done));
}

std::size_t Server::open_connections() const {
  return listener_->open_connections();
}

}  // namespace hb::http
