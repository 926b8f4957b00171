// CORS in front of the router, without a socket: preflights and simple requests from allowed
// origins get the headers, every other origin gets none, and --cors-origin values are checked.
#include "http/cors.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace hb::http {
namespace {

constexpr const char* kFrontend = "http://localhost:3000";

Router routes() {
  Router router;
  const Handler ok = [](Request, Reply reply) {
    reply(Response{200, "application/json", "{}", {}, {}});
  };
  router.add("GET", "/pods", ok);
  router.add("POST", "/fault/{pod_id}", ok);
  router.add("DELETE", "/fault/{pod_id}", ok);
  return router;
}

Response call(const Handler& handler, std::string method, std::string path,
              std::map<std::string, std::string> headers) {
  Request request;
  request.method = std::move(method);
  request.target = path;
  request.path = std::move(path);
  request.headers = std::move(headers);
  std::optional<Response> answer;
  handler(std::move(request), [&answer](Response response) { answer = std::move(response); });
  EXPECT_TRUE(answer.has_value()) << "no reply";
  return answer.value_or(Response{});
}

std::optional<std::string> header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

TEST(Cors, APreflightFromAnAllowedOriginNamesTheMethodsOfThePathAndTheHeaders) {
  const Router router = routes();
  const Handler handler = with_cors(router, {{kFrontend}});
  const Response preflight = call(handler, "OPTIONS", "/fault/sensor-sim-pod-1",
                                  {{"origin", kFrontend},
                                   {"access-control-request-method", "POST"},
                                   {"access-control-request-headers", "content-type"}});
  EXPECT_EQ(preflight.status, 204u);
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Origin"), kFrontend);
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Methods"), "DELETE, POST");
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Headers"), "Content-Type, Authorization");
  EXPECT_EQ(header(preflight, "Vary"), "Origin");
  EXPECT_EQ(header(call(handler, "OPTIONS", "/pods",
                        {{"origin", kFrontend}, {"access-control-request-method", "GET"}}),
                   "Access-Control-Allow-Methods"),
            "GET, HEAD");
}

TEST(Cors, ARequestFromAnAllowedOriginGetsTheOriginBack) {
  const Router router = routes();
  const Handler handler = with_cors(router, {{kFrontend, "https://board.example:8443"}});
  const Response answer = call(handler, "POST", "/fault/x", {{"origin", kFrontend}});
  EXPECT_EQ(answer.status, 200u);
  EXPECT_EQ(header(answer, "Access-Control-Allow-Origin"), kFrontend);
  EXPECT_EQ(header(call(handler, "GET", "/pods", {{"origin", "https://board.example:8443"}}),
                   "Access-Control-Allow-Origin"),
            "https://board.example:8443");
}

TEST(Cors, OtherOriginsAndRequestsWithoutOriginGetNoCorsHeaders) {
  const Router router = routes();
  const Handler handler = with_cors(router, {{kFrontend}});
  for (const auto& headers :
       std::vector<std::map<std::string, std::string>>{{{"origin", "http://evil.example"}},
                                                       {{"origin", "http://localhost:3001"}},
                                                       {{"origin", "null"}},
                                                       {}}) {
    const Response get = call(handler, "GET", "/pods", headers);
    EXPECT_EQ(get.status, 200u);
    EXPECT_FALSE(header(get, "Access-Control-Allow-Origin"));
    auto preflight_headers = headers;
    preflight_headers["access-control-request-method"] = "POST";
    const Response preflight = call(handler, "OPTIONS", "/fault/x", preflight_headers);
    EXPECT_EQ(preflight.status, 405u);  // as without CORS: no OPTIONS route
    EXPECT_FALSE(header(preflight, "Access-Control-Allow-Origin"));
    EXPECT_FALSE(header(preflight, "Access-Control-Allow-Methods"));
  }
}

TEST(Cors, AStarAllowsEveryOrigin) {
  const Router router = routes();
  const Handler handler = with_cors(router, {{"*"}});
  EXPECT_EQ(header(call(handler, "GET", "/pods", {{"origin", "http://anything:1"}}),
                   "Access-Control-Allow-Origin"),
            "http://anything:1");
}

TEST(Cors, OriginValuesAreCheckedWithAClearRule) {
  for (const char* good : {"http://localhost:3000", "https://board.example", "http://[::1]:3000",
                           "http://127.0.0.1:8080", "*"}) {
    EXPECT_TRUE(validate_cors_origin(good)) << good;
  }
  for (const char* bad :
       {"localhost:3000", "http://localhost:3000/", "http://", "ftp://x", "http://localhost:0",
        "http://localhost:70000", "http://host:port", "http://localhost:3000/app"}) {
    const auto status = validate_cors_origin(bad);
    ASSERT_FALSE(status) << bad;
    EXPECT_EQ(status.error().detail.rfind("--cors-origin: ", 0), 0u) << status.error().detail;
  }
}

}  // namespace
}  // namespace hb::http
