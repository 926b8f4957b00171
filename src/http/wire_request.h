// A request as Beast read it off the wire, turned into the plain Request the handlers see: the
// server does it for every request, and the HTTP fuzz target for every input it parses.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.h"

namespace hb::http {

using WireRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Splits the target into path and query, lower-cases the header names and joins a repeated
// header's values with ", ".
Request to_request(WireRequest&& message);

}  // namespace hb::http
