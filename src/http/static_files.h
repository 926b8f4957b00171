// Serves fixed files (the dashboard's built assets) over GET and HEAD, with content types,
// ETags, caching headers and gzip: hashed files under /assets/ are cached for a year, the rest
// revalidated on every load.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "http/router.h"

namespace hb::http {

struct StaticFile {
  std::string_view path;     // as served, starting with '/'
  std::string_view content;  // must outlive the router
};

// "text/html; charset=utf-8" for ".html", and so on; "application/octet-stream" when unknown.
std::string_view content_type_for(std::string_view path);

// A strong ETag of `content`: a quoted hash.
std::string etag_for(std::string_view content);

// Adds a GET route for every file; "/index.html" is also served at "/". Text files (HTML, JS,
// CSS, JSON, SVG) are gzipped once, here, and served gzipped (Content-Encoding: gzip, with an
// ETag of their own) to clients whose Accept-Encoding takes gzip; they vary with Accept-Encoding.
// Bodies are served from `content` without a copy.
void add_static_routes(Router& router, std::span<const StaticFile> files);

}  // namespace hb::http
