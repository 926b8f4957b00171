// The header rules of a forwarding proxy (RFC 9110 section 7.6): what it removes both ways and
// what it adds on the way to the upstream.
#pragma once

#include <boost/beast/http/fields.hpp>
#include <string_view>

namespace hb::proxy {

// Removes the hop-by-hop headers: Connection and every header it names, Keep-Alive,
// Proxy-Connection, TE, Trailer, Transfer-Encoding (Beast frames the body again) and Upgrade.
void strip_hop_by_hop(boost::beast::http::fields& fields);

// Appends `client` to X-Forwarded-For ("a, b" when the request came with "a"), joining repeated
// X-Forwarded-For headers into one.
void append_forwarded_for(boost::beast::http::fields& fields, std::string_view client);

}  // namespace hb::proxy
