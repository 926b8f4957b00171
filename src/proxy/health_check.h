// An active health check of one endpoint, with the rules of a Kubernetes readiness probe
// (httpGet): GET `path` every `period` on a new connection, a status from 200 to 399 within
// `timeout` is a success, anything else (refused, reset, timed out, another status) a failure.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "proxy/endpoint.h"

namespace hb::proxy {

// Kubernetes' defaults (initialDelaySeconds 0, periodSeconds 10, timeoutSeconds 1,
// successThreshold 1, failureThreshold 3).
struct HealthCheckOptions {
  std::string path = "/";
  std::chrono::milliseconds initial_delay{0};  // before the first probe (still not ready)
  std::chrono::milliseconds period{10'000};
  std::chrono::milliseconds timeout{1'000};
  unsigned success_threshold = 1;  // successes in a row that make a not-ready endpoint ready
  unsigned failure_threshold = 3;  // failures in a row that make a ready endpoint not ready
};

// As a Kubernetes readiness probe, an endpoint starts not ready: it becomes ready after
// success_threshold successes in a row (the first probe goes out initial_delay after start()),
// and not ready
// again after failure_threshold failures in a row. `on_change(ready)` is called on each change,
// on the checker's strand. While `killed()` says so, probes fail without connecting: a killed
// endpoint refuses connections.
class HealthCheck {
 public:
  // `address` as parse_loopback_address takes it; throws std::invalid_argument otherwise.
  HealthCheck(boost::asio::io_context& ioc, const std::string& address, HealthCheckOptions options,
              std::function<bool()> killed, std::function<void(bool ready)> on_change);
  ~HealthCheck();  // stop()s
  HealthCheck(const HealthCheck&) = delete;
  HealthCheck& operator=(const HealthCheck&) = delete;

  void start();
  // Ends the probes; on_change is not called after the checker's strand has seen it.
  void stop();
  bool ready() const;

 private:
  class Prober;
  std::shared_ptr<Prober> prober_;
};

}  // namespace hb::proxy
