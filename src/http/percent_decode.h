// The one percent-decoder (RFC 3986, section 2.1) of paths and query strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hb::http {

enum class UrlPart {
  kPath,   // '+' is itself; a malformed escape ("%zz", a '%' at the end) is kept as it is, as
           // a path that holds one can only fail to name anything
  kQuery,  // '+' is a space (HTML forms); a malformed escape is an error: nullopt
};

std::optional<std::string> percent_decode(std::string_view text, UrlPart part);

}  // namespace hb::http
