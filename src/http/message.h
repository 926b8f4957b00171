// Plain request / response values exchanged between the Beast transport and the handlers.
// Nothing here knows about sockets, so handlers are tested without a server.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hb::http {

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // as sent: "/pods?x=1"
  std::string path;                            // target without the query: "/pods"
  std::string query;                           // after '?', undecoded; empty when absent
  std::map<std::string, std::string> params;   // path parameters filled by the Router
  std::map<std::string, std::string> headers;  // header names in lower case
  std::string body;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// Completes one request. May be called from any thread, exactly once.
using Reply = std::function<void(Response)>;
// Asynchronous handler: answers through `reply`, possibly later and from another thread.
using Handler = std::function<void(Request, Reply)>;

// A JSON error body {"detail": "..."} with the given status.
Response error_response(unsigned status, const std::string& detail);

}  // namespace hb::http
