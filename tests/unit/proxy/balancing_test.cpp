// Which endpoint a request goes to: round robin over the ready ones.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "proxy_fixture.h"
#include "upstream.h"

namespace hb::proxy::testing {
namespace {

using nlohmann::json;

TEST(ProxyBalancing, RoundRobinOverTheReadyEndpoints) {
  TestUpstream first;
  TestUpstream second;
  TestUpstream third;
  RunningProxy running(options_for({first.address(), second.address(), third.address()}));
  Client client(running.port());

  std::vector<std::string> answered;
  for (int i = 0; i < 6; ++i) answered.push_back(std::string(client.get("/")["X-Upstream"]));
  EXPECT_NE(answered[0], answered[1]);
  EXPECT_NE(answered[1], answered[2]);
  EXPECT_NE(answered[0], answered[2]);
  EXPECT_EQ(answered[3], answered[0]);
  EXPECT_EQ(answered[4], answered[1]);
  EXPECT_EQ(answered[5], answered[2]);

  // Without the second endpoint: the other two take turns.
  running.proxy().set_ready(1, false);
  const std::string second_port = std::to_string(second.port());
  std::vector<std::string> after;
  for (int i = 0; i < 4; ++i) after.push_back(std::string(client.get("/")["X-Upstream"]));
  for (const std::string& port : after) EXPECT_NE(port, second_port);
  EXPECT_NE(after[0], after[1]);
  EXPECT_EQ(after[0], after[2]);
  EXPECT_EQ(after[1], after[3]);

  const auto outcomes = running.outcomes(10);
  for (std::size_t i = 6; i < 10; ++i) EXPECT_NE(outcomes[i].endpoint, 1U);
}

TEST(ProxyBalancing, NoReadyEndpointIs503) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  running.proxy().set_ready(0, false);
  Client client(running.port());
  const ClientResponse response = client.get("/");
  EXPECT_EQ(response.result_int(), 503U);
  EXPECT_EQ(json::parse(response.body())["detail"], "no ready endpoint");
  EXPECT_EQ(upstream.requests(), 0U);
  const Outcome outcome = running.outcomes(1).at(0);
  EXPECT_EQ(outcome.endpoint, kNoEndpoint);
  EXPECT_EQ(outcome.status, 503U);
  EXPECT_FALSE(outcome.reached);
  // And the connection stays usable once an endpoint is back.
  running.proxy().set_ready(0, true);
  EXPECT_EQ(client.get("/").result_int(), 200U);
}

TEST(ProxyBalancing, RefusesAnAddressThatIsNotLoopback) {
  boost::asio::io_context ioc;
  EXPECT_THROW(ServiceProxy(ioc, options_for({"10.0.0.1:80"}), core::Rng(1), nullptr),
               std::invalid_argument);
  EXPECT_THROW(ServiceProxy(ioc, options_for({"127.0.0.1"}), core::Rng(1), nullptr),
               std::invalid_argument);
  EXPECT_NO_THROW(ServiceProxy(ioc, options_for({"localhost:8080"}), core::Rng(1), nullptr));
}

TEST(ProxyBalancing, ConnectionsOverTheCapAreAnswered503) {
  TestUpstream upstream;
  ProxyOptions options = options_for({upstream.address()});
  options.max_connections = 1;
  RunningProxy running(std::move(options));
  Client first(running.port());
  EXPECT_EQ(first.get("/").result_int(), 200U);
  Client second(running.port());
  const ClientResponse refused = second.get("/");
  EXPECT_EQ(refused.result_int(), 503U);
  EXPECT_FALSE(refused.keep_alive());
  EXPECT_EQ(first.get("/").result_int(), 200U);
}

}  // namespace
}  // namespace hb::proxy::testing
