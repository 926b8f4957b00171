// What the client gets when the upstream is slow, gone, or closes its keep-alive connection.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

#include "proxy_fixture.h"
#include "upstream.h"

namespace hb::proxy::testing {
namespace {

namespace bhttp = boost::beast::http;
using nlohmann::json;
using std::chrono::milliseconds;

TEST(ProxyUpstreamFailures, SlowUpstreamIs504AfterTheTimeout) {
  TestUpstream upstream;
  ProxyOptions options = options_for({upstream.address()});
  options.upstream_timeout = milliseconds(100);
  RunningProxy running(std::move(options));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/", 11);
  request.set("x-upstream-delay-ms", "2000");
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 504U);
  EXPECT_EQ(json::parse(response.body())["detail"], "upstream timeout");
  const Outcome outcome = running.outcomes(1).at(0);
  EXPECT_GE(outcome.latency, milliseconds(100));
  EXPECT_LT(outcome.latency, milliseconds(2000));
  EXPECT_TRUE(outcome.reached);
  // The client's connection goes on; the timed-out upstream connection is not reused.
  EXPECT_EQ(client.get("/").result_int(), 200U);
  EXPECT_EQ(upstream.accepted(), 2U);
}

TEST(ProxyUpstreamFailures, RetriesOnceWhenAReusedConnectionWasClosed) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());
  EXPECT_EQ(client.get("/first").result_int(), 200U);
  upstream.drop_next_reused();
  const ClientResponse response = client.get("/second");
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_EQ(json::parse(response.body())["target"], "/second");
  EXPECT_EQ(upstream.accepted(), 2U);
  EXPECT_EQ(upstream.requests(), 3U);  // the dropped one, and its retry
}

TEST(ProxyUpstreamFailures, DoesNotResendAPostThatAReusedConnectionDropped) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());
  EXPECT_EQ(client.get("/first").result_int(), 200U);
  upstream.drop_next_reused();
  ClientRequest request(bhttp::verb::post, "/orders", 11);
  request.body() = "one order";
  EXPECT_EQ(client.send(request).result_int(), 503U);
  EXPECT_EQ(upstream.requests(), 2U);
}

// A body streamed past the first write is no longer held whole: even a PUT is not sent again.
TEST(ProxyUpstreamFailures, DoesNotResendARequestWhoseBodyWasStreamed) {
  TestUpstream upstream;
  ProxyOptions options = options_for({upstream.address()});
  options.request_body_limit = 0;
  RunningProxy running(std::move(options));
  Client client(running.port());
  EXPECT_EQ(client.get("/first").result_int(), 200U);
  upstream.drop_next_reused();
  ClientRequest request(bhttp::verb::put, "/big", 11);
  request.body() = std::string(1024 * 1024, 'x');
  EXPECT_EQ(client.send(request).result_int(), 503U);
  EXPECT_EQ(upstream.requests(), 2U);
}

TEST(ProxyUpstreamFailures, InterimResponsesAreDropped) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/hints", 11);
  request.set("x-upstream-interim", "1");
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_EQ(json::parse(response.body())["target"], "/hints");
  EXPECT_EQ(client.get("/next").result_int(), 200U);
}

TEST(ProxyUpstreamFailures, RefusedConnectionIs503) {
  std::string address;
  {
    TestUpstream gone;  // a port that was free a moment ago and is closed now
    address = gone.address();
  }
  RunningProxy running(options_for({address}));
  Client client(running.port());
  const ClientResponse response = client.get("/");
  EXPECT_EQ(response.result_int(), 503U);
  EXPECT_EQ(json::parse(response.body())["detail"], "upstream connect error");
  const Outcome outcome = running.outcomes(1).at(0);
  EXPECT_FALSE(outcome.reached);
  EXPECT_FALSE(outcome.injected);
}

}  // namespace
}  // namespace hb::proxy::testing
