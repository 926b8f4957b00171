// Maps (method, path) to a Handler. Patterns are exact paths whose segments are literals or
// `{name}` parameters: "/pods", "/fault/{pod_id}", "/fault/service/{service}".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace hb::http {

class Router {
 public:
  // Registers `handler` for `method` ("GET", "POST", ...) on `pattern`. A `{name}` segment
  // matches exactly one non-empty path segment, stored percent-decoded in Request::params[name].
  // Throws std::invalid_argument for a malformed pattern or a route registered twice.
  void add(std::string method, std::string pattern, Handler handler);

  // Answers through the best route. Among the routes whose pattern matches the path and whose
  // method matches the request, the most specific wins: comparing segments left to right, a
  // literal beats a parameter. HEAD is served by the GET route when no HEAD route exists (the
  // server drops the body). No pattern matches: 404. Only other methods match: 405 with
  // `Allow`. Paths are matched exactly: "/pods/" is not "/pods".
  void dispatch(Request request, Reply reply) const;

  // The methods some route serves on `path` (HEAD where GET is), sorted; empty when no pattern
  // matches it.
  std::vector<std::string> methods_for(std::string_view path) const;

  // A Handler that calls dispatch(); the Router must outlive it.
  Handler as_handler() const;

 private:
  struct Segment {
    std::string text;  // the literal, or the parameter name
    bool is_parameter = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };

  bool matches(const Route& route, const std::vector<std::string_view>& parts) const;

  std::vector<Route> routes_;
};

}  // namespace hb::http
