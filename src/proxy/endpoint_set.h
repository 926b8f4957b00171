// The endpoints of one proxied service: their addresses, readiness, faults and connection pools,
// and the round robin over the ready ones. Shared by the client connections and health checks.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "proxy/endpoint.h"
#include "proxy/upstream_pool.h"

namespace hb::proxy {

// "127.0.0.1:8081", "[::1]:8081" or "localhost:8081" as a TCP address. Throws
// std::invalid_argument naming the text when it is not a loopback address with a port.
boost::asio::ip::tcp::endpoint parse_loopback_address(std::string_view text);

// Thread-safe.
class EndpointSet {
 public:
  // Throws std::invalid_argument for an address parse_loopback_address refuses.
  EndpointSet(const std::vector<Endpoint>& endpoints, bool ready, std::size_t max_idle);

  std::size_t size() const { return slots_.size(); }
  const Endpoint& endpoint(std::size_t index) const { return slots_.at(index)->endpoint; }
  const boost::asio::ip::tcp::endpoint& address(std::size_t index) const {
    return slots_.at(index)->address;
  }
  UpstreamPool& pool(std::size_t index) { return slots_.at(index)->pool; }

  bool ready(std::size_t index) const { return slots_.at(index)->ready.load(); }
  void set_ready(std::size_t index, bool ready) { slots_.at(index)->ready.store(ready); }
  Faults faults(std::size_t index) const { return slots_.at(index)->faults.get(); }
  // Killing an endpoint also closes its idle connections: it refuses connections from now on.
  void set_faults(std::size_t index, const Faults& faults);

  // The next ready endpoint in round robin order, or kNoEndpoint when none is ready.
  std::size_t pick();

 private:
  struct Slot {
    Slot(Endpoint e, boost::asio::ip::tcp::endpoint a, bool r, std::size_t max_idle)
        : endpoint(std::move(e)), address(a), ready(r), pool(max_idle) {}
    Endpoint endpoint;
    boost::asio::ip::tcp::endpoint address;
    std::atomic<bool> ready;
    FaultSwitch faults;
    UpstreamPool pool;
  };
  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace hb::proxy
