#include "http/static_files.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <memory>
#include <utility>

#include "http/compression.h"

namespace hb::http {
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

// Types that gzip shrinks; images and fonts are compressed already.
bool is_compressible(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
         content_type.starts_with("application/manifest+json") ||
         content_type.starts_with("image/svg+xml");
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Whether `header` (an If-None-Match value) names `etag`, or is "*".
bool matches(const std::string& header, const std::string& etag) {
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string_view tag(header.data() + start, end - start);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag || tag == "*") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::string_view content_type_for(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  }};
  for (const auto& [extension, type] : kTypes) {
    if (ends_with(path, extension)) return type;
  }
  return "application/octet-stream";
}

std::string etag_for(std::string_view content) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bits
  for (const char c : content) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return fmt::format("\"{:016x}-{:x}\"", hash, content.size());
}

void add_static_routes(Router& router, std::span<const StaticFile> files) {
  for (const StaticFile& file : files) {
    const std::string_view type = content_type_for(file.path);
    const std::string etag = etag_for(file.content);
    const std::string_view cache = file.path.starts_with("/assets/") ? kImmutable : kRevalidate;
    // Compressed once, here, and served to every client that accepts gzip; its own ETag, since
    // it is another representation of the file.
    std::shared_ptr<const std::string> gzipped;
    if (is_compressible(type)) {
      if (auto compressed = gzip_if_smaller(file.content, 9)) {
        gzipped = std::make_shared<const std::string>(std::move(*compressed));
      }
    }
    const std::string gzip_etag = etag.substr(0, etag.size() - 1) + "-gzip\"";
    Handler handler = [file, type, etag, gzip_etag, gzipped, cache](Request request, Reply reply) {
      const bool gzip = gzipped && accepts_gzip(header_value(request, "accept-encoding"));
      const std::string& tag = gzip ? gzip_etag : etag;
      Response response{200, std::string(type), {}, {}, {}};
      response.headers = {{"ETag", tag},
                          {"Cache-Control", std::string(cache)},
                          {"X-Content-Type-Options", "nosniff"}};
      if (gzipped) response.headers.emplace_back("Vary", "Accept-Encoding");
      if (gzip) response.headers.emplace_back("Content-Encoding", "gzip");
      const auto if_none_match = request.headers.find("if-none-match");
      if (if_none_match != request.headers.end() && matches(if_none_match->second, tag)) {
        response.status = 304;
      } else {
        response.body = gzip ? Body(gzipped) : Body::borrowed(file.content);
      }
      reply(std::move(response));
    };
    router.add("GET", std::string(file.path), handler);
    if (file.path == "/index.html") router.add("GET", "/", handler);
  }
}

}  // namespace hb::http
