// Raw bytes as HTTP requests, parsed by Beast as the server parses them, turned into Requests as
// the server turns them, and answered by the server's own handler chain (CORS, the request
// guard, the router, every route of the API and the static files) against a real lab on a
// manual clock, fresh for each input. An input may hold several requests, answered in turn
// against the same lab, so a fault can be followed by the reads that show it.
//
// A finding: a sanitizer report, an exception out of a handler, a handler that never replies, a
// 500 or a status outside 100..599, a refusal whose body is not JSON with a `detail`, a JSON
// answer that does not parse once decoded, or a gzipped answer that does not decode.
#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "api/routes.h"
#include "core/lab_spec.h"
#include "fuzz_checks.h"
#include "http/compression.h"
#include "http/cors.h"
#include "http/request_guard.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "http/wire_request.h"
#include "lab/lab_runner.h"

namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using hb::http::Response;

constexpr std::size_t kMaxRequests = 8;
constexpr std::uint16_t kPort = 8000;

// Stand-ins for the dashboard's built files, served by the same static routes.
constexpr std::array<hb::http::StaticFile, 2> kFiles = {{
    {"/index.html", "<!doctype html><title>healthboard</title><div id=root></div>"},
    {"/assets/index-0123abcd.js", "console.log('healthboard dashboard, a stand-in');"},
}};

// What `serve` builds, on a manual clock: a fresh one per input keeps runs repeatable.
struct Server {
  asio::io_context ioc;
  hb::lab::LabRunner lab{ioc, hb::core::default_lab_spec(), 42, std::chrono::milliseconds(100),
                         hb::lab::LabClock::kManual};
  hb::api::Api api{lab};
  hb::http::Router router;
  hb::http::CorsPolicy cors{{"https://dash.example.com"}};
  hb::http::RequestGuard guard{{"127.0.0.1", "https://lab.example.com", cors, ""}};
  hb::http::Handler handler;

  Server() {
    api.register_routes(router);
    hb::http::add_static_routes(router, kFiles);
    guard.listening_on(kPort);
    handler = hb::http::with_cors(router, cors, guard.wrap(router.as_handler()));
  }

  // Answers `request`, running the lab until the handler replies.
  Response answer(hb::http::Request request) {
    std::optional<Response> response;
    handler(std::move(request), [&response](Response answered) {
      if (response) hb::fuzz::fail("reply", "called twice");
      response = std::move(answered);
    });
    ioc.restart();
    while (!response) {
      if (ioc.run_one() == 0) hb::fuzz::fail("handler", "never replied");
    }
    return std::move(*response);
  }

  // Lab time moves on between requests, as it would between a client's calls.
  void pause() {
    lab.advance(std::chrono::milliseconds(100), [](auto) {});
    ioc.restart();
    ioc.run();
  }
};

// `response` as its client reads it: a body sent with Content-Encoding: gzip decoded, which it
// must allow.
Response decoded(const Response& response) {
  Response plain = response;
  for (const auto& [name, value] : response.headers) {
    if (!boost::beast::iequals(name, "Content-Encoding")) continue;
    if (value != "gzip") hb::fuzz::fail("response", "Content-Encoding " + value);
    auto body = hb::http::gunzip(response.body.view());
    if (!body) hb::fuzz::fail("response", "Content-Encoding gzip on a body that is not gzip");
    plain.body = std::move(*body);
  }
  return plain;
}

void check(const Response& answered) {
  const Response response = decoded(answered);
  if (response.status < 100 || response.status > 599 || response.status == 500) {
    hb::fuzz::fail("response",
                   "status " + std::to_string(response.status) + ": " + response.body.str());
  }
  if (response.status >= 400 && response.status != 503) {
    hb::fuzz::expect_refusal(response, "response");
  }
  if (response.content_type.starts_with("application/json") && !response.body.empty() &&
      !nlohmann::json::accept(response.body.view())) {
    hb::fuzz::fail("response", "a JSON answer that is not JSON: " + response.body.str());
  }
  if (response.stream && response.status == 200) {
    hb::fuzz::no_exception("stream", [&] { response.stream->next(); });
  }
}

// The next request of `input` as the server would read it, or nullopt at the end of the input
// or at bytes the server would refuse (400, 413 or 431) before any handler sees them.
std::optional<hb::http::WireRequest> next_request(asio::const_buffer& input) {
  const hb::http::ServerOptions limits;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.body_limit(limits.body_limit);
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  boost::beast::error_code ec;
  while (input.size() > 0 && !parser.is_done()) {
    const std::size_t used = parser.put(input, ec);
    input += used;
    if (ec) return std::nullopt;
  }
  if (!parser.is_done()) return std::nullopt;
  return parser.release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = (spdlog::set_level(spdlog::level::off), true);
  (void)quiet;
  asio::const_buffer input(data, size);
  std::unique_ptr<Server> server;
  for (std::size_t i = 0; i < kMaxRequests; ++i) {
    auto wire = next_request(input);
    if (!wire) break;
    if (!server) server = std::make_unique<Server>();
    hb::http::Request request = hb::http::to_request(std::move(*wire));
    hb::fuzz::no_exception("handler", [&] { check(server->answer(std::move(request))); });
    server->pause();
  }
  return 0;
}
