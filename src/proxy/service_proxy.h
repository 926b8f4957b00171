// A forwarding HTTP/1.1 proxy for one service: listens on a loopback address, forwards each
// request to one of the service's ready endpoints (round robin) over keep-alive connection
// pools, applies the injected faults in front of each endpoint, and reports an Outcome for every
// request it answers. It simulates nothing.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/random.h"
#include "proxy/endpoint.h"
#include "proxy/health_check.h"

namespace hb::proxy {

struct ProxyOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = ephemeral
  std::vector<Endpoint> endpoints;
  // Each step of an upstream exchange: connecting, each write of the request, the wait for the
  // response head once the request is sent (beyond any of these: 504), then each read of the
  // response body (a stall beyond it closes the client's connection: the head is sent).
  std::chrono::milliseconds upstream_timeout{15'000};
  // An idle keep-alive client, or a slow one (each read of a request, each write of a response).
  std::chrono::milliseconds client_timeout{60'000};
  // Bodies are streamed both ways through one 64 KiB buffer per connection, whatever their size.
  // A request body over this limit is answered 413 and the connection closed (nginx's
  // client_max_body_size, 1 MiB): before anything is forwarded when its Content-Length says so,
  // mid-body for a chunked one (the upstream connection is then dropped). 0: no limit.
  std::size_t request_body_limit = 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;  // a request's; over it: 431, connection closed
  // Client connections open at once; the one beyond is answered 503 and closed. 0: no cap.
  std::size_t max_connections = 1024;
  std::size_t max_idle_per_endpoint = 64;  // idle upstream connections kept per endpoint
  // Envoy's fault headers (x-envoy-fault-delay-request, x-envoy-fault-abort-request and their
  // -percentage headers) steer each request, and are removed before forwarding; a bad value is
  // answered 400. Off: they are forwarded like any other header. See docs/proxy-forwarder.md.
  bool header_faults = false;
  // With a health check, endpoints start not ready and follow its results; without, they start
  // ready and follow set_ready().
  std::optional<HealthCheckOptions> health;
  // Called when the health check changes an endpoint's readiness (index, ready), on the
  // checker's strand.
  std::function<void(std::size_t, bool)> on_ready_change;
  // Called when a request is handed to an endpoint (its index), once the endpoint is picked and
  // before any injected delay, on the client connection's strand: must be thread-safe and quick.
  // What it answers comes back in the request's Outcome::routed, so that the caller can tell
  // which request ended (src/real counts the requests in flight on each endpoint this way).
  std::function<std::uint64_t(std::size_t)> on_routed;
};

// The io_context must outlive the proxy; the caller runs it on as many threads as it likes (one
// strand per client connection). Every member function is thread-safe.
class ServiceProxy {
 public:
  // Throws std::invalid_argument for an endpoint address that is not loopback host:port.
  ServiceProxy(boost::asio::io_context& ioc, ProxyOptions options, core::Rng rng,
               OutcomeCallback on_outcome);
  ~ServiceProxy();  // stop()s
  ServiceProxy(const ServiceProxy&) = delete;
  ServiceProxy& operator=(const ServiceProxy&) = delete;

  // Binds, listens, starts accepting and the health checks. Throws std::system_error naming the
  // address when it cannot listen.
  void start();
  std::uint16_t port() const;  // valid after start()
  // Stops accepting, the health checks and every client connection. Idempotent.
  void stop();

  std::size_t endpoint_count() const;
  bool ready(std::size_t index) const;
  void set_ready(std::size_t index, bool ready);
  Faults faults(std::size_t index) const;
  void set_faults(std::size_t index, const Faults& faults);
  std::size_t open_connections() const;

 private:
  class Acceptor;
  std::shared_ptr<Acceptor> acceptor_;
};

}  // namespace hb::proxy
