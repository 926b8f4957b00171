// What the proxy forwards to: its endpoints (each one a pod on the board), the faults injected in
// front of each, and what it reports of every request it answers (an Outcome). Plain values; no
// sockets.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <string>

namespace hb::proxy {

// One upstream: `address` is "host:port" on a loopback address ("127.0.0.1:8081"); `name` is the
// pod's id on the board ("sensor-sim-pod-1").
struct Endpoint {
  std::string address;
  std::string name;
};

// The faults injected in front of one endpoint, applied to each request in this order: wait
// uniform in [delay - jitter, delay + jitter], never below 0 (as the simulated pods wait); then,
// when `killed`, answer 503 "upstream connect error" (what Envoy answers for an upstream that
// refuses connections; the request is not sent to another endpoint, as the simulated pods fail
// the same way until readiness takes them out); then, with probability `error_rate`, answer
// `error_status` with {"detail": "injected error"} without contacting the endpoint.
struct Faults {
  std::chrono::milliseconds delay{0};
  std::chrono::milliseconds jitter{0};
  double error_rate = 0.0;  // in [0, 1]
  unsigned error_status = 500;
  bool killed = false;  // the endpoint refuses connections, health probes included

  bool operator==(const Faults&) const = default;
};

// Faults that one thread sets while others read them: each read is a consistent copy.
class FaultSwitch {
 public:
  Faults get() const {
    std::lock_guard lock(mutex_);
    return faults_;
  }
  void set(const Faults& faults) {
    std::lock_guard lock(mutex_);
    faults_ = faults;
  }

 private:
  mutable std::mutex mutex_;
  Faults faults_;
};

// No endpoint: the request was answered before one was chosen (none was ready).
inline constexpr std::size_t kNoEndpoint = std::numeric_limits<std::size_t>::max();

// Why an exchange ended before both bodies were through (bodies are streamed, so the status may
// already be sent). The client's connection is closed in every case.
enum class StreamError {
  none,
  // The client closed, reset or stalled (client_timeout) while its request body was read or
  // the response body written. Before any response was sent, the status is 499 (nginx's
  // "client closed request"; nothing was sent).
  client,
  upstream,          // the upstream closed, reset or sent a malformed body mid-response-body
  upstream_timeout,  // the upstream sent no byte for upstream_timeout mid-response-body
};

// One request the proxy answered, reported once its response is written to the client (or its
// exchange broken off: see stream_error).
struct Outcome {
  std::size_t endpoint = kNoEndpoint;  // index in the proxy's endpoints, or kNoEndpoint
  unsigned status = 0;                 // the status the client got
  // From the first byte of the request read to the last byte of the response written (or to
  // the failure that ended the exchange).
  std::chrono::steady_clock::duration latency{};
  std::size_t request_bytes = 0;   // request body bytes read from the client
  std::size_t response_bytes = 0;  // response body bytes written to the client
  bool reached = false;            // the request was sent to the endpoint
  // A fault answered it (error_rate, killed, or an x-envoy-fault-abort-request header).
  bool injected = false;
  StreamError stream_error = StreamError::none;
  // What ProxyOptions::on_routed answered when the request was handed to its endpoint; 0 when
  // it was not (or without the callback).
  std::uint64_t routed = 0;
};

// Called on the client connection's strand, from any of the threads that run the io_context:
// must be thread-safe and quick.
using OutcomeCallback = std::function<void(const Outcome&)>;

}  // namespace hb::proxy
