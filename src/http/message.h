// Plain request / response values exchanged between the Beast transport and the handlers.
// Nothing here knows about sockets, so handlers are tested without a server.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
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

// The bytes of a response body: a string of its own, or a view of bytes shared with other
// responses (a body serialised once and sent to many clients), kept alive by `owner` for as long
// as any Body refers to them. Copying a shared Body copies a pointer, never the bytes, so the
// server writes a shared body straight from the one buffer.
class Body {
 public:
  Body() = default;
  Body(std::string text) : owned_(std::move(text)) {}  // NOLINT: implicit, as a string
  Body(const char* text) : owned_(text) {}             // NOLINT
  explicit Body(std::string_view text) : owned_(text) {}
  // The whole of `*shared`.
  Body(std::shared_ptr<const std::string> shared);  // NOLINT
  // `view`, which `owner` keeps alive (it may point into *owner, or be static when owner is
  // null).
  Body(std::shared_ptr<const void> owner, std::string_view view)
      : owner_(std::move(owner)), view_(view), shared_(true) {}
  // Bytes that live as long as the program (compiled-in assets, literals).
  static Body borrowed(std::string_view view) { return Body(nullptr, view); }

  Body(const Body& other);
  Body(Body&& other) noexcept;
  Body& operator=(const Body& other);
  Body& operator=(Body&& other) noexcept;
  ~Body() = default;

  std::string_view view() const { return shared_ ? view_ : std::string_view(owned_); }
  operator std::string_view() const { return view(); }  // NOLINT
  const char* data() const { return view().data(); }
  std::size_t size() const { return view().size(); }
  bool empty() const { return size() == 0; }
  const char* begin() const { return data(); }
  const char* end() const { return data() + size(); }
  std::string str() const { return std::string(view()); }
  // True when the bytes are shared rather than owned.
  bool is_shared() const { return shared_; }
  void clear();
  // Appends, first copying shared bytes into a string of its own.
  Body& operator+=(std::string_view more);

  friend bool operator==(const Body& a, std::string_view b) { return a.view() == b; }
  friend std::ostream& operator<<(std::ostream& out, const Body& body);

 private:
  std::string owned_;
  std::shared_ptr<const void> owner_;
  std::string_view view_;
  bool shared_ = false;
};

// nlohmann::json: a Body converts to a JSON string, as a std::string would.
template <typename Json>
void to_json(Json& json, const Body& body) {
  json = body.str();
}

// The rest of a response that stays open and grows, as server-sent events do: after the
// response's `body`, the server sends what `next()` returns, every `interval`, until the client
// goes away or the server stops. `next()` runs on the connection's strand; an empty body sends
// nothing that time. A shared Body is written from its buffer, so one piece may serve every
// client.
struct BodyStream {
  std::chrono::milliseconds interval{1000};
  std::function<Body()> next;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  Body body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::shared_ptr<const BodyStream> stream;  // when set, the connection ends with the stream
};

// Completes one request. May be called from any thread, exactly once.
using Reply = std::function<void(Response)>;
// Asynchronous handler: answers through `reply`, possibly later and from another thread.
using Handler = std::function<void(Request, Reply)>;

// A JSON error body {"detail": "..."} with the given status.
Response error_response(unsigned status, const std::string& detail);

// The value of the request header `name` (lower case), or "" when absent.
std::string_view header_value(const Request& request, std::string_view name);

}  // namespace hb::http
