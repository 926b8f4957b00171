#include "proxy/proxy_context.h"

#include <algorithm>

namespace hb::proxy::detail {

std::chrono::milliseconds ProxyContext::draw_delay(const Faults& faults) {
  if (faults.jitter.count() <= 0) return std::max(faults.delay, std::chrono::milliseconds{0});
  double draw = 0;
  {
    std::lock_guard lock(rng_mutex_);
    draw = rng_.uniform();
  }
  const auto span = static_cast<double>(faults.jitter.count() + 1);
  const auto jitter =
      std::min(static_cast<std::chrono::milliseconds::rep>(draw * span), faults.jitter.count());
  return std::max(faults.delay, std::chrono::milliseconds{0}) + std::chrono::milliseconds{jitter};
}

bool ProxyContext::draw_error(const Faults& faults) {
  if (faults.error_rate <= 0.0) return false;
  if (faults.error_rate >= 1.0) return true;
  std::lock_guard lock(rng_mutex_);
  return rng_.bernoulli(faults.error_rate);
}

std::string detail_body(std::string_view detail) {
  std::string body = "{\"detail\": \"";
  body += detail;
  body += "\"}";
  return body;
}

}  // namespace hb::proxy::detail
