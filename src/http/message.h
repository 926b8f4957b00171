// Plain request / response values exchanged between the Beast transport and the handlers.
// Nothing here knows about sockets, so handlers are tested without a server.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
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

// The rest of a response that stays open and grows, as server-sent events do: after the
// response's `body`, the server sends what `next()` returns, every `interval`, until the client
// goes away or the server stops. `next()` runs on the connection's strand; an empty string
// sends nothing that time.
struct BodyStream {
  std::chrono::milliseconds interval{1000};
  std::function<std::string()> next;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::shared_ptr<const BodyStream> stream;  // when set, the connection ends with the stream
};

// Completes one request. May be called from any thread, exactly once.
using Reply = std::function<void(Response)>;
// Asynchronous handler: answers through `reply`, possibly later and from another thread.
using Handler = std::function<void(Request, Reply)>;

// A JSON error body {"detail": "..."} with the given status.
Response error_response(unsigned status, const std::string& detail);

}  // namespace hb::http
