// What a ServiceProxy and all its client connections share (internal to src/proxy).
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "core/random.h"
#include "proxy/endpoint.h"
#include "proxy/endpoint_set.h"
#include "proxy/service_proxy.h"

namespace hb::proxy::detail {

class ProxyContext {
 public:
  ProxyContext(boost::asio::io_context& context, ProxyOptions proxy_options, core::Rng rng,
               OutcomeCallback callback)
      : ioc(context),
        options(std::move(proxy_options)),
        endpoints(options.endpoints, !options.health.has_value(), options.max_idle_per_endpoint),
        on_outcome(std::move(callback)),
        rng_(std::move(rng)) {}

  // The wait before forwarding: jittered_delay() with a draw from the proxy's Rng (none when
  // there is no jitter, so that a seed replays the same error draws with or without it).
  std::chrono::microseconds draw_delay(const Faults& faults);
  // True when the error fault answers this request (probability error_rate).
  bool draw_error(const Faults& faults);
  // True with probability percent / 100; no draw at 0 or 100, which are exact.
  bool draw_percent(unsigned percent);

  boost::asio::io_context& ioc;
  const ProxyOptions options;
  EndpointSet endpoints;
  const OutcomeCallback on_outcome;
  std::atomic<std::size_t> connections{0};  // client connections not yet closed

 private:
  std::mutex rng_mutex_;
  core::Rng rng_;
};

// The wait that `faults` asks for, given a uniform draw in [0, 1): uniform in
// [delay - jitter, delay + jitter], never below 0, as the simulated pods wait
// (core::Cluster::own_work), so that a fault means the same on a simulated and a real lab.
std::chrono::microseconds jittered_delay(const Faults& faults, double draw);

// The body of every answer the proxy makes itself: {"detail": "..."} (detail: our own text,
// nothing to escape).
std::string detail_body(std::string_view detail);

}  // namespace hb::proxy::detail
