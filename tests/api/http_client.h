// A small synchronous HTTP/1.1 client (Boost.Beast) for black-box tests, a raw-socket helper for
// malformed requests, and eventually(), the one way tests wait for measured behaviour.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace hbtest {

using nlohmann::json;

struct HttpResponse {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // names in lower case; repeated fields joined ", "
  std::string body;

  // The header's value, or "" when absent. `name` is matched case-insensitively.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // The body parsed as JSON; throws std::runtime_error quoting the body when it is not JSON.
  nlohmann::json json() const;
  // "HTTP 404 {"detail":...}" for assertion messages (body cut to a readable length).
  std::string describe() const;
};

// Parses a complete HTTP/1.1 response from raw bytes (as returned by HttpClient::raw). Throws
// std::runtime_error when the bytes are not a complete response.
HttpResponse parse_response(std::string_view raw, bool head_request = false);

class HttpClient {
 public:
  // Every operation (connect, write, read) must finish within `timeout`.
  HttpClient(std::string host, unsigned short port,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse get(std::string_view target);
  HttpResponse post(std::string_view target, std::string body,
                    std::string_view content_type = "application/json");
  // Any method ("DELETE", "HEAD", ...). An empty content_type sends no Content-Type header.
  HttpResponse request(std::string_view method, std::string_view target, std::string body = {},
                       std::string_view content_type = {},
                       const std::vector<std::pair<std::string, std::string>>& extra_headers = {});

  // The client keeps one connection open between requests (keep-alive) and reconnects when the
  // server closed it. Number of TCP connections opened so far.
  int connections_opened() const;
  void disconnect();

  // Opens a fresh connection, sends `bytes` exactly as given, and returns everything the server
  // sends back until it closes the connection or `read_timeout` passes (whichever comes first).
  // Write errors are ignored (the server may answer and close before reading everything).
  std::string raw(std::string_view bytes,
                  std::chrono::milliseconds read_timeout = std::chrono::seconds(5));
  // The same, but it stops reading as soon as `enough` holds for what has arrived (a stream that
  // never closes), or when `read_timeout` passes.
  std::string raw_until(std::string_view bytes,
                        const std::function<bool(const std::string& answer)>& enough,
                        std::chrono::milliseconds read_timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------
// eventually(): poll until a condition holds.

struct Poll {
  std::chrono::milliseconds timeout = std::chrono::seconds(15);
  std::chrono::milliseconds interval = std::chrono::milliseconds(100);
};

namespace detail {

inline std::string truncate(std::string s, std::size_t max = 6000) {
  if (s.size() > max) s = s.substr(0, max) + "... (" + std::to_string(s.size()) + " bytes)";
  return s;
}

template <typename T>
std::string describe_value(const T& value) {
  if constexpr (std::is_same_v<T, nlohmann::json>) {
    return truncate(value.dump());
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return truncate(std::string(std::string_view(value)));
  } else if constexpr (requires { value.describe(); }) {
    return truncate(std::string(value.describe()));
  } else {
    return truncate(::testing::PrintToString(value));
  }
}

}  // namespace detail

// Calls `observe()` every poll.interval until `predicate(observed)` is true or poll.timeout has
// passed. Exceptions from either (server not answering, a field missing) count as "not yet" and
// are reported if nothing better was seen. On failure the message names `what` and shows the
// last observed value. Use as ASSERT_TRUE(eventually("...", observe, predicate)).
template <typename Observe, typename Predicate>
::testing::AssertionResult eventually(std::string_view what, Observe&& observe,
                                      Predicate&& predicate, Poll poll = {}) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto deadline = start + poll.timeout;
  std::string last = "(nothing observed)";
  std::string last_error;
  int attempts = 0;
  for (;;) {
    ++attempts;
    try {
      auto value = observe();
      last = detail::describe_value(value);
      last_error.clear();
      if (predicate(value)) return ::testing::AssertionSuccess();
    } catch (const std::exception& e) {
      last_error = e.what();
    }
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(poll.interval);
  }
  const auto waited =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  auto failure = ::testing::AssertionFailure();
  failure << "not true after " << waited << " ms (" << attempts << " polls): " << what
          << "\n  last observed: " << last;
  if (!last_error.empty()) failure << "\n  last error: " << last_error;
  return failure;
}

// Form without a value to report: `condition()` returns bool.
template <typename Condition>
::testing::AssertionResult eventually_true(std::string_view what, Condition&& condition,
                                           Poll poll = {}) {
  return eventually(
      what, [&] { return condition(); }, [](bool ok) { return ok; }, poll);
}

}  // namespace hbtest
