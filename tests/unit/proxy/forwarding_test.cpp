// Requests and responses through the proxy, as the upstream sees them and as the client gets
// them back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "proxy_fixture.h"
#include "upstream.h"

namespace hb::proxy::testing {
namespace {

namespace bhttp = boost::beast::http;
using nlohmann::json;

ClientRequest make_request(bhttp::verb method, const std::string& target, unsigned status,
                           const std::string& body) {
  ClientRequest request(method, target, 11);
  request.set("x-upstream-status", std::to_string(status));
  request.set("X-Custom", "custom value");
  request.body() = body;
  return request;
}

TEST(ProxyForwarding, MethodsBodiesHeadersAndStatusesPassThrough) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());

  struct Case {
    bhttp::verb method;
    unsigned status;
    std::string body;
  };
  const Case cases[] = {{bhttp::verb::get, 200, ""},
                        {bhttp::verb::post, 201, R"({"name": "pod"})"},
                        {bhttp::verb::put, 200, std::string(100'000, 'x')},
                        {bhttp::verb::delete_, 404, ""},
                        {bhttp::verb::post, 500, "oops"}};
  for (const Case& c : cases) {
    const ClientResponse response =
        client.send(make_request(c.method, "/items/7?full=1", c.status, c.body));
    SCOPED_TRACE(std::string(bhttp::to_string(c.method)) + " " + std::to_string(c.status));
    EXPECT_EQ(response.result_int(), c.status);
    EXPECT_EQ(response["X-Upstream"], std::to_string(upstream.port()));
    EXPECT_EQ(response[bhttp::field::content_type], "application/json");
    const json echo = json::parse(response.body());
    EXPECT_EQ(echo["method"], std::string(bhttp::to_string(c.method)));
    EXPECT_EQ(echo["target"], "/items/7?full=1");
    EXPECT_EQ(echo["body"], c.body);
    EXPECT_EQ(echo["headers"]["x-custom"], "custom value");
    EXPECT_EQ(echo["headers"]["host"], "service.test");
  }

  const auto outcomes = running.outcomes(5);
  ASSERT_EQ(outcomes.size(), 5U);
  EXPECT_EQ(outcomes[2].status, 200U);
  EXPECT_EQ(outcomes[2].request_bytes, 100'000U);
  EXPECT_GT(outcomes[2].response_bytes, 100'000U);
  EXPECT_EQ(outcomes[3].status, 404U);
  for (const Outcome& outcome : outcomes) {
    EXPECT_EQ(outcome.endpoint, 0U);
    EXPECT_TRUE(outcome.reached);
    EXPECT_FALSE(outcome.injected);
    EXPECT_GT(outcome.latency.count(), 0);
  }
}

TEST(ProxyForwarding, HeadAnd204And304HaveNoBody) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());

  const ClientResponse get = client.get("/thing");
  const ClientResponse head = client.send(ClientRequest(bhttp::verb::head, "/thing", 11));
  EXPECT_EQ(head.result_int(), 200U);
  EXPECT_TRUE(head.body().empty());
  // The upstream's own Content-Length: that of the echo GET would get, one letter longer
  // ("HEAD" for "GET").
  EXPECT_EQ(head[bhttp::field::content_length], std::to_string(get.body().size() + 1));

  const ClientResponse no_content = client.send(make_request(bhttp::verb::delete_, "/x", 204, ""));
  EXPECT_EQ(no_content.result_int(), 204U);
  EXPECT_TRUE(no_content.body().empty());
  const ClientResponse not_modified = client.send(make_request(bhttp::verb::get, "/x", 304, ""));
  EXPECT_EQ(not_modified.result_int(), 304U);
  EXPECT_TRUE(not_modified.body().empty());
  // The connection is still in step: one more request on it works.
  EXPECT_EQ(client.get("/after").result_int(), 200U);
}

TEST(ProxyForwarding, RemovesHopByHopHeadersBothWaysAndAddsXForwardedFor) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());

  ClientRequest request(bhttp::verb::get, "/", 11);
  request.set(bhttp::field::connection, "keep-alive, X-Client-Hop");
  request.set("X-Client-Hop", "1");
  request.set(bhttp::field::keep_alive, "timeout=5");
  request.set(bhttp::field::proxy_connection, "keep-alive");
  request.set(bhttp::field::te, "trailers");
  request.set("X-Forwarded-For", "10.1.2.3");
  request.set("x-upstream-hop", "1");
  const ClientResponse response = client.send(request);

  const json headers = json::parse(response.body())["headers"];
  for (const char* name : {"connection", "x-client-hop", "keep-alive", "proxy-connection", "te",
                           "transfer-encoding", "upgrade"}) {
    EXPECT_FALSE(headers.contains(name)) << name;
  }
  EXPECT_EQ(headers["x-forwarded-for"], "10.1.2.3, 127.0.0.1");
  EXPECT_EQ(headers["host"], "service.test");
  EXPECT_EQ(response.count("X-Secret-Hop"), 0U);
  EXPECT_EQ(response.count(bhttp::field::keep_alive), 0U);
  EXPECT_EQ(response.count(bhttp::field::connection), 0U);  // HTTP/1.1 keep-alive: no header
}

TEST(ProxyForwarding, ReusesKeepAliveUpstreamConnections) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  for (int c = 0; c < 3; ++c) {  // one client connection after the other
    Client client(running.port());
    for (int i = 0; i < 10; ++i) EXPECT_EQ(client.get("/n").result_int(), 200U);
  }
  EXPECT_EQ(upstream.requests(), 30U);
  EXPECT_EQ(upstream.accepted(), 1U);
}

TEST(ProxyForwarding, ClosesWhenTheClientAsks) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/", 11);
  request.keep_alive(false);
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.closed_by_peer());
  // The upstream connection is kept all the same.
  Client second(running.port());
  EXPECT_EQ(second.get("/").result_int(), 200U);
  EXPECT_EQ(upstream.accepted(), 1U);
}

TEST(ProxyForwarding, AnHttp10ClientWithoutHostGetsAnHttp10Answer) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());
  const ClientResponse response = client.send(ClientRequest(bhttp::verb::get, "/old", 10));
  EXPECT_EQ(response.version(), 10U);
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_EQ(json::parse(response.body())["headers"]["host"], upstream.address());
  EXPECT_TRUE(client.closed_by_peer());
}

TEST(ProxyForwarding, RefusesABodyOverTheLimit) {
  TestUpstream upstream;
  ProxyOptions options = options_for({upstream.address()});
  options.request_body_limit = 1000;
  RunningProxy running(std::move(options));
  Client client(running.port());
  ClientRequest request(bhttp::verb::post, "/", 11);
  request.body() = std::string(1001, 'x');
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 413U);
  EXPECT_EQ(json::parse(response.body())["detail"], "request body over the 1000-byte limit");
  EXPECT_EQ(upstream.requests(), 0U);
}

}  // namespace
}  // namespace hb::proxy::testing
