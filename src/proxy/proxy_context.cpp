#include "proxy/proxy_context.h"

#include <algorithm>

namespace hb::proxy::detail {

std::chrono::microseconds ProxyContext::draw_delay(const Faults& faults) {
  if (faults.jitter.count() <= 0) return jittered_delay(faults, 0.0);
  double draw = 0;
  {
    std::lock_guard lock(rng_mutex_);
    draw = rng_.uniform();
  }
  return jittered_delay(faults, draw);
}

std::chrono::microseconds jittered_delay(const Faults& faults, double draw) {
  using std::chrono::microseconds;
  const microseconds delay = faults.delay;
  if (faults.jitter.count() <= 0) return std::max(delay, microseconds{0});
  const double offset =
      (draw * 2.0 - 1.0) * static_cast<double>(microseconds(faults.jitter).count());
  return std::max(delay + microseconds{static_cast<microseconds::rep>(offset)}, microseconds{0});
}

bool ProxyContext::draw_error(const Faults& faults) {
  if (faults.error_rate <= 0.0) return false;
  if (faults.error_rate >= 1.0) return true;
  std::lock_guard lock(rng_mutex_);
  return rng_.bernoulli(faults.error_rate);
}

bool ProxyContext::draw_percent(unsigned percent) {
  if (percent == 0) return false;
  if (percent >= 100) return true;
  std::lock_guard lock(rng_mutex_);
  return rng_.uniform() * 100.0 < static_cast<double>(percent);
}

std::string detail_body(std::string_view detail) {
  std::string body = "{\"detail\": \"";
  body += detail;
  body += "\"}";
  return body;
}

}  // namespace hb::proxy::detail
