// A real service (docs/proxy.md): healthboard listens at `listen` and forwards each request to
// one of `endpoints`, the upstream addresses of an application it does not simulate. Each
// endpoint is a pod on the board (`<service>-pod-<n>`, n its place in the list), and the
// readiness probe of the service's workload is the health check of each endpoint. Plain values;
// the proxy itself lives in src/proxy, outside the core.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace hb::core {

struct RealServiceSpec {
  std::string listen;                  // "127.0.0.1:9000"; port 0 takes any free port
  std::vector<std::string> endpoints;  // "127.0.0.1:8081", one pod each, in order
  std::string health_path = "/";       // the readiness probe's httpGet path
  int error_status = 500;              // what an error_rate fault answers, as the simulated pods do
};

// Checks an address of a real service: a loopback host (127.x.x.x, [::1] or localhost) and a
// port from 1 (0 too when `any_port`) to 65535. Only loopback: healthboard fronts services of
// the machine it runs on and is not an open proxy.
Status validate_loopback_address(const std::string& address, const std::string& field,
                                 bool any_port);

// Checks a real service's fields, naming them under `at` (e.g. "services[0]").
Status validate(const RealServiceSpec& real, const std::string& at);

}  // namespace hb::core
