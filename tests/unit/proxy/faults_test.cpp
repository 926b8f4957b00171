// The faults injected in front of an endpoint, as the client and the outcomes see them.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "proxy_fixture.h"
#include "upstream.h"

namespace hb::proxy::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

TEST(ProxyFaults, DelayShowsInTheOutcomeLatency) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  running.proxy().set_faults(0, Faults{.delay = milliseconds(150), .jitter = milliseconds(20)});
  Client client(running.port());
  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(client.get("/").result_int(), 200U);
  // At least delay - jitter.
  EXPECT_GE(std::chrono::steady_clock::now() - before, milliseconds(130));
  const Outcome outcome = running.outcomes(1).at(0);
  EXPECT_GE(outcome.latency, milliseconds(130));
  EXPECT_TRUE(outcome.reached);
  EXPECT_FALSE(outcome.injected);
}

// on_routed is called when the request is handed to its endpoint, before the injected delay,
// and what it answers comes back in the request's outcome; a request no endpoint takes is not
// routed.
TEST(ProxyFaults, ARoutedRequestIsReportedBeforeItsDelayAndPairedWithItsOutcome) {
  TestUpstream upstream;
  ProxyOptions options = options_for({upstream.address()});
  std::atomic<int> routed{0};
  options.on_routed = [&](std::size_t endpoint) -> std::uint64_t {
    EXPECT_EQ(endpoint, 0U);
    return static_cast<std::uint64_t>(100 + ++routed);
  };
  RunningProxy running(std::move(options));
  running.proxy().set_faults(0, Faults{.delay = milliseconds(2000)});
  std::thread held([port = running.port()] { Client(port).get("/"); });
  EXPECT_TRUE(wait_until([&] { return routed == 1; }));
  EXPECT_TRUE(running.outcomes(0).empty());  // routed, and held by the delay
  held.join();
  EXPECT_EQ(running.outcomes(1).at(0).routed, 101U);

  running.proxy().set_ready(0, false);
  Client client(running.port());
  EXPECT_EQ(client.get("/").result_int(), 503U);
  EXPECT_EQ(running.outcomes(2).at(1).routed, 0U);
  EXPECT_EQ(routed, 1);
}

TEST(ProxyFaults, ErrorRateOneAnswersWithoutReachingTheUpstream) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  running.proxy().set_faults(0, Faults{.error_rate = 1.0});
  Client client(running.port());
  const ClientResponse response = client.get("/");
  EXPECT_EQ(response.result_int(), 500U);
  EXPECT_EQ(json::parse(response.body())["detail"], "injected error");

  running.proxy().set_faults(0, Faults{.error_rate = 1.0, .error_status = 503});
  EXPECT_EQ(client.get("/").result_int(), 503U);
  EXPECT_EQ(upstream.requests(), 0U);

  const auto outcomes = running.outcomes(2);
  EXPECT_EQ(outcomes[0].status, 500U);
  EXPECT_EQ(outcomes[1].status, 503U);
  for (const Outcome& outcome : outcomes) {
    EXPECT_TRUE(outcome.injected);
    EXPECT_FALSE(outcome.reached);
    EXPECT_EQ(outcome.endpoint, 0U);
  }
}

// The same seed draws the same errors.
TEST(ProxyFaults, ErrorDrawsFollowTheSeed) {
  TestUpstream upstream;
  const auto statuses = [&](std::uint64_t seed) {
    RunningProxy running(options_for({upstream.address()}), seed);
    running.proxy().set_faults(0, Faults{.error_rate = 0.5});
    Client client(running.port());
    std::string seen;
    for (int i = 0; i < 40; ++i) seen += client.get("/").result_int() == 500 ? 'E' : '.';
    return seen;
  };
  const std::string first = statuses(7);
  EXPECT_EQ(statuses(7), first);
  EXPECT_NE(first.find('E'), std::string::npos);
  EXPECT_NE(first.find('.'), std::string::npos);
}

TEST(ProxyFaults, KilledEndpointIs503UntilTheHealthCheckTakesItOutAndBack) {
  TestUpstream upstream;
  ProxyOptions options = options_for({upstream.address()});
  options.health = HealthCheckOptions{.path = "/healthz",
                                      .period = milliseconds(50),
                                      .timeout = milliseconds(500),
                                      .success_threshold = 1,
                                      .failure_threshold = 3};
  std::mutex mutex;
  std::vector<bool> changes;
  options.on_ready_change = [&](std::size_t index, bool ready) {
    EXPECT_EQ(index, 0U);
    std::lock_guard lock(mutex);
    changes.push_back(ready);
  };
  RunningProxy running(std::move(options));
  ServiceProxy& proxy = running.proxy();
  ASSERT_TRUE(wait_until([&] { return proxy.ready(0); }));  // starts not ready, then probed
  Client client(running.port());
  EXPECT_EQ(client.get("/").result_int(), 200U);

  proxy.set_faults(0, Faults{.killed = true});
  const ClientResponse killed = client.get("/");
  EXPECT_EQ(killed.result_int(), 503U);
  EXPECT_EQ(json::parse(killed.body())["detail"], "upstream connect error");
  ASSERT_TRUE(wait_until([&] { return !proxy.ready(0); }));
  EXPECT_EQ(json::parse(client.get("/").body())["detail"], "no ready endpoint");

  proxy.set_faults(0, Faults{});
  ASSERT_TRUE(wait_until([&] { return proxy.ready(0); }));
  EXPECT_EQ(client.get("/").result_int(), 200U);
  std::lock_guard lock(mutex);
  EXPECT_EQ(changes, (std::vector<bool>{true, false, true}));

  const auto outcomes = running.outcomes(4);
  EXPECT_TRUE(outcomes[1].injected);
  EXPECT_FALSE(outcomes[1].reached);
}

}  // namespace
}  // namespace hb::proxy::testing
