// Envoy's HTTP fault filter headers, read from a request when ProxyOptions::header_faults is on:
// x-envoy-fault-delay-request (ms) and x-envoy-fault-abort-request (status), each with its
// -percentage header. Pure: no sockets, no draws.
#pragma once

#include <boost/beast/http/fields.hpp>
#include <chrono>
#include <optional>

#include "core/result.h"

namespace hb::proxy {

struct HeaderFaults {
  std::optional<std::chrono::milliseconds> delay;  // x-envoy-fault-delay-request
  unsigned delay_percent = 100;                    // x-envoy-fault-delay-request-percentage
  std::optional<unsigned> abort_status;            // x-envoy-fault-abort-request
  unsigned abort_percent = 100;                    // x-envoy-fault-abort-request-percentage

  bool any() const { return delay.has_value() || abort_status.has_value(); }
};

// The fault headers of `fields` (the first of each, as Envoy reads them). A percentage without
// its fault header has no effect, as in Envoy; a missing one is 100, as Envoy's header-controlled
// faults configured at 100% (the percentage a header asks for is capped by the configured one).
// A value that breaks its rule is an ErrorKind::kInvalid naming the header and the rule: a
// delay is a whole number of milliseconds, a status a whole number from 200 to 599, a
// percentage a whole number from 0 to 100 (Envoy ignores bad values instead).
core::Result<HeaderFaults> read_header_faults(const boost::beast::http::fields& fields);

// Removes the four headers, so that the upstream does not see them.
void erase_header_faults(boost::beast::http::fields& fields);

}  // namespace hb::proxy
