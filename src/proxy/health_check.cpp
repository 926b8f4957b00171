#include "proxy/health_check.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <utility>

#include "proxy/endpoint_set.h"

namespace hb::proxy {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// The kubelet reads at most 10 KiB of a probe's body; more is not a failure.
constexpr std::size_t kProbeBodyLimit = 10 * 1024;

}  // namespace

// Runs on a strand of its own; handlers hold it alive.
class HealthCheck::Prober : public std::enable_shared_from_this<Prober> {
 public:
  Prober(asio::io_context& ioc, const std::string& address, HealthCheckOptions options,
         std::function<bool()> killed, std::function<void(bool)> on_change)
      : strand_(asio::make_strand(ioc)),
        address_(parse_loopback_address(address)),
        host_(address),
        options_(std::move(options)),
        killed_(std::move(killed)),
        on_change_(std::move(on_change)),
        period_timer_(strand_),
        timeout_timer_(strand_),
        socket_(strand_) {}

  void start() {
    asio::dispatch(strand_, [self = shared_from_this()] {
      self->period_timer_.expires_after(self->options_.initial_delay);
      self->period_timer_.async_wait([self](beast::error_code ec) {
        if (!ec) self->probe();
      });
    });
  }

  void stop() {
    asio::dispatch(strand_, [self = shared_from_this()] {
      self->stopped_ = true;
      self->period_timer_.cancel();
      self->timeout_timer_.cancel();
      beast::error_code ignored;
      self->socket_.close(ignored);
    });
  }

  bool ready() const { return ready_.load(); }

 private:
  void probe() {
    if (stopped_) return;
    next_at_ = Clock::now() + options_.period;
    if (killed_ && killed_()) return finish(false);
    probing_ = true;
    beast::error_code ignored;
    socket_.close(ignored);
    socket_ = tcp::socket(strand_);
    timeout_timer_.expires_after(options_.timeout);
    timeout_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || !self->probing_) return;
      beast::error_code ignored_close;
      self->socket_.close(ignored_close);  // the pending operation fails: finish(false)
    });
    socket_.async_connect(address_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->finish(false);
      self->send();
    });
  }

  void send() {
    request_ = {bhttp::verb::get, options_.path, 11};
    request_.set(bhttp::field::host, host_);
    request_.set(bhttp::field::user_agent, "healthboard-probe");
    request_.set(bhttp::field::connection, "close");
    bhttp::async_write(socket_, request_,
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec) return self->finish(false);
                         self->receive();
                       });
  }

  void receive() {
    parser_.emplace();
    parser_->body_limit(kProbeBodyLimit);
    buffer_.clear();
    bhttp::async_read_header(socket_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) return self->finish(false);
                               const unsigned status = self->parser_->get().result_int();
                               self->finish(status >= 200 && status < 400);
                             });
  }

  // One probe's result: counted in a run of equal results, which flips readiness once it is
  // long enough; then the next probe, one period after this one started.
  void finish(bool success) {
    if (stopped_) return;
    probing_ = false;
    timeout_timer_.cancel();
    beast::error_code ignored;
    socket_.close(ignored);
    if (run_ > 0 && last_ == success) {
      ++run_;
    } else {
      last_ = success;
      run_ = 1;
    }
    const bool ready = ready_.load();
    if (success && !ready && run_ >= std::max(1U, options_.success_threshold)) {
      ready_.store(true);
      if (on_change_) on_change_(true);
    } else if (!success && ready && run_ >= std::max(1U, options_.failure_threshold)) {
      ready_.store(false);
      if (on_change_) on_change_(false);
    }
    period_timer_.expires_at(std::max(next_at_, Clock::now()));
    period_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->probe();
    });
  }

  asio::strand<asio::io_context::executor_type> strand_;
  tcp::endpoint address_;
  std::string host_;
  HealthCheckOptions options_;
  std::function<bool()> killed_;
  std::function<void(bool)> on_change_;
  asio::steady_timer period_timer_;
  asio::steady_timer timeout_timer_;
  tcp::socket socket_;
  bhttp::request<bhttp::empty_body> request_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  Clock::time_point next_at_;
  bool stopped_ = false;
  bool probing_ = false;
  bool last_ = false;               // the last result
  unsigned run_ = 0;                // results equal to last_ in a row
  std::atomic<bool> ready_{false};  // Kubernetes: a readiness probe starts as a failure
};

HealthCheck::HealthCheck(asio::io_context& ioc, const std::string& address,
                         HealthCheckOptions options, std::function<bool()> killed,
                         std::function<void(bool)> on_change)
    : prober_(std::make_shared<Prober>(ioc, address, std::move(options), std::move(killed),
                                       std::move(on_change))) {}

HealthCheck::~HealthCheck() {
  stop();
}

void HealthCheck::start() {
  prober_->start();
}

void HealthCheck::stop() {
  prober_->stop();
}

bool HealthCheck::ready() const {
  return prober_->ready();
}

}  // namespace hb::proxy
