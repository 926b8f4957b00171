#include "proxy/hop_by_hop.h"

#include <array>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <string>
#include <vector>

namespace hb::proxy {

namespace bhttp = boost::beast::http;

// Not among Beast's known fields.
constexpr boost::beast::string_view kForwardedFor = "X-Forwarded-For";

void strip_hop_by_hop(bhttp::fields& fields) {
  std::vector<std::string> named;
  const auto [first, last] = fields.equal_range(bhttp::field::connection);
  for (auto it = first; it != last; ++it) {
    for (const auto token : bhttp::token_list(it->value())) named.emplace_back(token);
  }
  for (const std::string& name : named) fields.erase(name);
  constexpr std::array kAlways = {bhttp::field::connection,       bhttp::field::keep_alive,
                                  bhttp::field::proxy_connection, bhttp::field::te,
                                  bhttp::field::trailer,          bhttp::field::transfer_encoding,
                                  bhttp::field::upgrade};
  for (const bhttp::field name : kAlways) fields.erase(name);
}

void append_forwarded_for(bhttp::fields& fields, std::string_view client) {
  std::string value;
  const auto [first, last] = fields.equal_range(kForwardedFor);
  for (auto it = first; it != last; ++it) {
    value.append(it->value().data(), it->value().size());
    value += ", ";
  }
  value += client;
  fields.set(kForwardedFor, value);
}

}  // namespace hb::proxy
