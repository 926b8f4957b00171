// A real lab's traffic: one forwarding proxy (src/proxy) per service, in front of the service's
// endpoints, as the lab's TrafficSource. Each request a proxy answers and each verdict of an
// endpoint's health check waits in an inbox until the lab's strand measures it; the faults the
// API sets on the lab's pods are put in force on the proxies. The wiring between the producer
// (src/proxy) and the measuring side (core::Cluster): it decides nothing of its own.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/cluster.h"
#include "core/lab_spec.h"
#include "lab/traffic_source.h"
#include "proxy/service_proxy.h"

namespace hb::real {

struct RealTrafficOptions {
  // Envoy's x-envoy-fault-* request headers ask for a delay or an abort (off unless set).
  bool header_faults = false;
  // Client connections each proxy holds at once; the one beyond is answered 503.
  std::size_t max_connections = 1024;
};

class RealTraffic final : public lab::TrafficSource {
 public:
  // Starts a proxy for each service of `spec` (a real lab's) on `ioc`, which the caller runs:
  // they listen, and their health checks begin. Throws std::system_error naming an address that
  // cannot be listened on.
  RealTraffic(boost::asio::io_context& ioc, const core::LabSpec& spec, std::uint64_t seed,
              RealTrafficOptions options = {});
  ~RealTraffic() override;  // stop()s
  RealTraffic(const RealTraffic&) = delete;
  RealTraffic& operator=(const RealTraffic&) = delete;

  // `spec` with each service's `listen` as bound: a port 0 becomes the port taken.
  core::LabSpec bound(core::LabSpec spec) const;
  // Stops listening, the health checks and every connection. Idempotent.
  void stop();

  void deliver(core::Cluster& cluster, std::chrono::steady_clock::time_point lab_zero) override;
  void enforce(const core::Cluster& cluster) override;

 private:
  // A request handed to an endpoint or answered, or a readiness change, as it happened,
  // waiting for the lab's strand.
  struct Happening {
    enum class Kind { kRouted, kAnswered, kReadiness };
    Kind kind;
    std::chrono::steady_clock::time_point at;
    std::size_t service;
    std::optional<std::size_t> endpoint;          // always set but for an unrouted answer
    std::chrono::steady_clock::duration latency;  // an answer's
    int code = 0;                                 // an answer's
    bool ready = false;                           // a readiness change's
    std::uint64_t routed = 0;  // a request's number, when its routing was taken in; else 0
  };
  // Takes the happening in, unless the inbox is full; an answer whose routing was taken in
  // always is, so that no request stays in flight for ever (there are at most as many as
  // routings taken in).
  void add(const Happening& happening);
  // Takes in the routing of a request to `endpoint`: its number, or 0 when dropped.
  std::uint64_t route(std::size_t service, std::size_t endpoint);

  std::vector<core::RealServiceSpec> services_;
  std::vector<std::unique_ptr<proxy::ServiceProxy>> proxies_;
  std::vector<std::vector<proxy::Faults>> enforced_;  // per service and endpoint, as last set
  // Per service and endpoint, the readiness last set on a proxy without a health check, whose
  // endpoints follow the lab's (a killed one leaves after the readiness delay); -1: never set.
  std::vector<std::vector<int>> readiness_set_;
  std::vector<bool> health_checked_;  // per service
  std::mutex inbox_mutex_;
  std::vector<Happening> inbox_;
  std::uint64_t dropped_ = 0;          // beyond the inbox's bound since the last delivery
  std::uint64_t routed_ = 0;           // the last request number given
  std::vector<Happening> delivering_;  // the lab strand's: swapped with the inbox
  // The lab strand's: the requests delivered as routed and not yet as answered, by number.
  std::unordered_map<std::uint64_t, core::Cluster::ObservedStart> in_flight_;
};

}  // namespace hb::real
