#include "http/static_files.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <utility>

namespace hb::http {
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

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
    const std::string etag = etag_for(file.content);
    const std::string_view cache = file.path.starts_with("/assets/") ? kImmutable : kRevalidate;
    Handler handler = [file, etag, cache](Request request, Reply reply) {
      Response response{200, std::string(content_type_for(file.path)), {}, {}, {}};
      response.headers = {{"ETag", etag},
                          {"Cache-Control", std::string(cache)},
                          {"X-Content-Type-Options", "nosniff"}};
      const auto if_none_match = request.headers.find("if-none-match");
      if (if_none_match != request.headers.end() && matches(if_none_match->second, etag)) {
        response.status = 304;
      } else {
        response.body = std::string(file.content);
      }
      reply(std::move(response));
    };
    router.add("GET", std::string(file.path), handler);
    if (file.path == "/index.html") router.add("GET", "/", handler);
  }
}

}  // namespace hb::http
