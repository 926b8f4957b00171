#include "proxy/endpoint_set.h"

#include <charconv>
#include <stdexcept>
#include <string>

namespace hb::proxy {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

tcp::endpoint parse_loopback_address(std::string_view text) {
  const auto refuse = [text](std::string_view why) {
    return std::invalid_argument("endpoint address '" + std::string(text) +
                                 "': " + std::string(why));
  };
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) throw refuse("expected host:port");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc{} || end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535) {
    throw refuse("the port must be a number from 1 to 65535");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  boost::system::error_code ec;
  const asio::ip::address address = host == "localhost"
                                        ? asio::ip::address(asio::ip::address_v4::loopback())
                                        : asio::ip::make_address(std::string(host), ec);
  if (ec) throw refuse("the host must be an IP address or localhost");
  if (!address.is_loopback()) throw refuse("the host must be a loopback address");
  return {address, static_cast<unsigned short>(port)};
}

EndpointSet::EndpointSet(const std::vector<Endpoint>& endpoints, bool ready, std::size_t max_idle) {
  for (const Endpoint& endpoint : endpoints) {
    slots_.push_back(std::make_unique<Slot>(endpoint, parse_loopback_address(endpoint.address),
                                            ready, max_idle));
  }
}

void EndpointSet::set_faults(std::size_t index, const Faults& faults) {
  Slot& slot = *slots_.at(index);
  slot.faults.set(faults);
  if (faults.killed) slot.pool.clear();
}

std::size_t EndpointSet::pick() {
  const std::size_t count = slots_.size();
  // Each look takes the next turn, so that the ready endpoints take turns evenly when some are
  // skipped.
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t index = next_.fetch_add(1, std::memory_order_relaxed) % count;
    if (slots_[index]->ready.load(std::memory_order_relaxed)) return index;
  }
  return kNoEndpoint;
}

}  // namespace hb::proxy
