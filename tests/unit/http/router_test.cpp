#include "http/router.h"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>

namespace hb::http {
namespace {

Request make_request(std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.target = path;
  request.path = std::move(path);
  return request;
}

// Dispatches synchronously and returns what the route replied.
Response call(const Router& router, std::string method, std::string path) {
  std::optional<Response> answer;
  router.dispatch(make_request(std::move(method), std::move(path)),
                  [&answer](Response response) { answer = std::move(response); });
  EXPECT_TRUE(answer.has_value()) << "no reply";
  return answer.value_or(Response{});
}

// A handler answering `name` and the parameters it received, as "name key=value ...".
Handler named(std::string name) {
  return [name](Request request, Reply reply) {
    Response response;
    response.content_type = "text/plain";
    response.body = name;
    for (const auto& [key, value] : request.params) response.body += " " + key + "=" + value;
    reply(std::move(response));
  };
}

std::string header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

TEST(RouterTest, LiteralRoute) {
  Router router;
  router.add("GET", "/pods", named("pods"));
  router.add("GET", "/", named("root"));
  EXPECT_EQ(call(router, "GET", "/pods").body, "pods");
  EXPECT_EQ(call(router, "GET", "/").body, "root");
}

TEST(RouterTest, ParameterRouteStoresPercentDecodedValue) {
  Router router;
  router.add("POST", "/fault/{pod_id}", named("fault"));
  router.add("GET", "/a/{x}/b/{y}", named("two"));
  EXPECT_EQ(call(router, "POST", "/fault/sensor-sim-pod-1").body, "fault pod_id=sensor-sim-pod-1");
  EXPECT_EQ(call(router, "POST", "/fault/a%20b%2Fc").body, "fault pod_id=a b/c");
  EXPECT_EQ(call(router, "POST", "/fault/100%25%zz%4").body, "fault pod_id=100%%zz%4");
  EXPECT_EQ(call(router, "GET", "/a/1/b/2").body, "two x=1 y=2");
}

TEST(RouterTest, ParameterMatchesExactlyOneNonEmptySegment) {
  Router router;
  router.add("POST", "/fault/{pod_id}", named("fault"));
  EXPECT_EQ(call(router, "POST", "/fault/").status, 404u);
  EXPECT_EQ(call(router, "POST", "/fault").status, 404u);
  EXPECT_EQ(call(router, "POST", "/fault/a/b").status, 404u);
}

TEST(RouterTest, TrailingSlashIsNotStripped) {
  Router router;
  router.add("GET", "/pods", named("pods"));
  EXPECT_EQ(call(router, "GET", "/pods/").status, 404u);
}

TEST(RouterTest, LiteralBeatsParameterWhateverTheOrder) {
  Router router;
  router.add("POST", "/fault/{pod_id}", named("pod"));
  router.add("POST", "/fault/service", named("service-list"));
  router.add("POST", "/fault/service/{service}", named("service"));
  router.add("GET", "/x/{a}/z", named("param-first"));
  router.add("GET", "/x/y/{b}", named("literal-first"));
  EXPECT_EQ(call(router, "POST", "/fault/service").body, "service-list");
  EXPECT_EQ(call(router, "POST", "/fault/planner-sim-pod-1").body, "pod pod_id=planner-sim-pod-1");
  EXPECT_EQ(call(router, "POST", "/fault/service/ui-proxy").body, "service service=ui-proxy");
  EXPECT_EQ(call(router, "GET", "/x/y/z").body, "literal-first b=z");
}

TEST(RouterTest, UnknownPathIs404) {
  Router router;
  router.add("GET", "/pods", named("pods"));
  const Response response = call(router, "GET", "/nope");
  EXPECT_EQ(response.status, 404u);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"detail":"Not Found"})");
  EXPECT_EQ(call(router, "GET", "").status, 404u);
  EXPECT_EQ(call(router, "GET", "*").status, 404u);
}

TEST(RouterTest, WrongMethodIs405WithSortedAllow) {
  Router router;
  router.add("POST", "/fault/{pod_id}", named("post"));
  router.add("DELETE", "/fault/{pod_id}", named("delete"));
  router.add("GET", "/fault/{id}", named("get"));
  const Response response = call(router, "PUT", "/fault/p1");
  EXPECT_EQ(response.status, 405u);
  EXPECT_EQ(response.body, R"({"detail":"Method Not Allowed"})");
  EXPECT_EQ(header(response, "Allow"), "DELETE, GET, HEAD, POST");
}

TEST(RouterTest, HeadIsServedByTheGetRoute) {
  Router router;
  router.add("GET", "/health", named("health"));
  router.add("POST", "/restart/{pod_id}", named("restart"));
  EXPECT_EQ(call(router, "HEAD", "/health").body, "health");
  const Response response = call(router, "HEAD", "/restart/p1");
  EXPECT_EQ(response.status, 405u);
  EXPECT_EQ(header(response, "Allow"), "POST");
}

TEST(RouterTest, ExplicitHeadRouteBeatsGet) {
  Router router;
  router.add("GET", "/health", named("get"));
  router.add("HEAD", "/health", named("head"));
  EXPECT_EQ(call(router, "HEAD", "/health").body, "head");
  EXPECT_EQ(call(router, "GET", "/health").body, "get");
}

TEST(RouterTest, MatchingMethodWinsOverMoreSpecificPath) {
  Router router;
  router.add("GET", "/fault/{pod_id}", named("get"));
  router.add("POST", "/fault/service", named("post"));
  EXPECT_EQ(call(router, "GET", "/fault/service").body, "get pod_id=service");
}

TEST(RouterTest, RejectsMalformedAndDuplicatePatterns) {
  Router router;
  router.add("GET", "/fault/{pod_id}", named("a"));
  EXPECT_THROW(router.add("GET", "/fault/{other}", named("b")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "pods", named("b")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{}", named("b")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{x", named("b")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{x}/{x}", named("b")), std::invalid_argument);
  EXPECT_THROW(router.add("", "/a", named("b")), std::invalid_argument);
  EXPECT_NO_THROW(router.add("POST", "/fault/{pod_id}", named("c")));
}

TEST(RouterTest, AsHandlerDispatches) {
  Router router;
  router.add("GET", "/pods", named("pods"));
  const Handler handler = router.as_handler();
  std::optional<Response> answer;
  handler(make_request("GET", "/pods"), [&answer](Response response) { answer = response; });
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->body, "pods");
}

TEST(RouterTest, ErrorResponseEscapesAndSurvivesInvalidUtf8) {
  EXPECT_EQ(error_response(400, "a \"b\"").body, R"({"detail":"a \"b\""})");
  const Response response = error_response(404, std::string("bad \xff byte"));
  EXPECT_EQ(response.status, 404u);
  EXPECT_EQ(response.body, "{\"detail\":\"bad \xEF\xBF\xBD byte\"}");
}

}  // namespace
}  // namespace hb::http
