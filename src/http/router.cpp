#include "http/router.h"

#include <cstddef>
#include <set>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "http/percent_decode.h"

namespace hb::http {
namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}. `path` starts with '/'.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  path.remove_prefix(1);
  for (;;) {
    const std::size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return parts;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  if (method.empty()) throw std::invalid_argument("route method is empty: " + pattern);
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  Route route{std::move(method), std::move(pattern), {}, std::move(handler)};
  std::set<std::string_view> names;
  for (const std::string_view part : split_path(route.pattern)) {
    const bool is_parameter = part.size() >= 2 && part.front() == '{' && part.back() == '}';
    const std::string_view text = is_parameter ? part.substr(1, part.size() - 2) : part;
    if (text.find_first_of("{}") != std::string_view::npos || (is_parameter && text.empty())) {
      throw std::invalid_argument("malformed segment '" + std::string(part) +
                                  "' in route pattern " + route.pattern);
    }
    if (is_parameter && !names.insert(text).second) {
      throw std::invalid_argument("parameter '" + std::string(text) + "' repeated in " +
                                  route.pattern);
    }
    route.segments.push_back({std::string(text), is_parameter});
  }
  for (const Route& other : routes_) {
    bool same = other.method == route.method && other.segments.size() == route.segments.size();
    for (std::size_t i = 0; same && i < route.segments.size(); ++i) {
      const Segment& a = other.segments[i];
      const Segment& b = route.segments[i];
      same = a.is_parameter == b.is_parameter && (a.is_parameter || a.text == b.text);
    }
    if (same) {
      throw std::invalid_argument("route " + route.method + " " + route.pattern + " clashes with " +
                                  other.pattern);
    }
  }
  routes_.push_back(std::move(route));
}

bool Router::matches(const Route& route, const std::vector<std::string_view>& parts) const {
  if (route.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Segment& segment = route.segments[i];
    if (segment.is_parameter ? parts[i].empty() : segment.text != parts[i]) return false;
  }
  return true;
}

std::vector<std::string> Router::methods_for(std::string_view path) const {
  if (path.empty() || path.front() != '/') return {};
  const std::vector<std::string_view> parts = split_path(path);
  std::set<std::string> methods;
  for (const Route& route : routes_) {
    if (!matches(route, parts)) continue;
    methods.insert(route.method);
    if (route.method == "GET") methods.insert("HEAD");
  }
  return {methods.begin(), methods.end()};
}

void Router::dispatch(Request request, Reply reply) const {
  if (request.path.empty() || request.path.front() != '/') {
    return reply(error_response(404, "Not Found"));
  }
  const std::vector<std::string_view> parts = split_path(request.path);
  // More specific: the first segment where the kinds differ is a literal; then an exact method
  // (a HEAD route) beats a GET route serving HEAD.
  const auto more_specific = [&request](const Route& a, const Route& b) {
    for (std::size_t i = 0; i < a.segments.size(); ++i) {
      if (a.segments[i].is_parameter != b.segments[i].is_parameter) {
        return !a.segments[i].is_parameter;
      }
    }
    return a.method == request.method && b.method != request.method;
  };

  const Route* best = nullptr;
  std::set<std::string> allowed;
  for (const Route& route : routes_) {
    if (!matches(route, parts)) continue;
    allowed.insert(route.method);
    if (route.method == "GET") allowed.insert("HEAD");
    const bool serves =
        route.method == request.method || (request.method == "HEAD" && route.method == "GET");
    if (serves && (best == nullptr || more_specific(route, *best))) best = &route;
  }

  if (best != nullptr) {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const Segment& segment = best->segments[i];
      if (segment.is_parameter)
        request.params[segment.text] = *percent_decode(parts[i], UrlPart::kPath);
    }
    return best->handler(std::move(request), std::move(reply));
  }
  if (allowed.empty()) return reply(error_response(404, "Not Found"));

  std::string allow;
  for (const std::string& method : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  Response response = error_response(405, "Method Not Allowed");
  response.headers.emplace_back("Allow", std::move(allow));
  reply(std::move(response));
}

Handler Router::as_handler() const {
  return [this](Request request, Reply reply) { dispatch(std::move(request), std::move(reply)); };
}

}  // namespace hb::http
