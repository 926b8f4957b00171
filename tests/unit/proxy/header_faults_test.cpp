// Envoy's fault headers: read without a socket, then through a proxy that has them on (and one
// that has them off, the default).
#include "proxy/header_faults.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "proxy_fixture.h"
#include "upstream.h"

namespace hb::proxy::testing {
namespace {

namespace bhttp = boost::beast::http;
using nlohmann::json;
using std::chrono::milliseconds;

bhttp::fields with(std::initializer_list<std::pair<const char*, const char*>> headers) {
  bhttp::fields fields;
  for (const auto& [name, value] : headers) fields.insert(name, value);
  return fields;
}

TEST(ProxyHeaderFaults, ReadsEachHeaderAndDefaultsPercentagesTo100) {
  const auto none = read_header_faults(with({{"x-other", "1"}}));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value().any());

  const auto both = read_header_faults(
      with({{"x-envoy-fault-delay-request", "250"}, {"x-envoy-fault-abort-request", "503"}}));
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both.value().delay, milliseconds(250));
  EXPECT_EQ(both.value().delay_percent, 100U);
  EXPECT_EQ(both.value().abort_status, 503U);
  EXPECT_EQ(both.value().abort_percent, 100U);

  const auto percents =
      read_header_faults(with({{"x-envoy-fault-abort-request", "200"},
                               {"x-envoy-fault-abort-request-percentage", "0"},
                               {"x-envoy-fault-delay-request-percentage", "37"}}));
  ASSERT_TRUE(percents.ok());
  EXPECT_EQ(percents.value().abort_status, 200U);
  EXPECT_EQ(percents.value().abort_percent, 0U);
  EXPECT_EQ(percents.value().delay_percent, 37U);  // read, but no delay without its header
  EXPECT_FALSE(percents.value().delay);
}

TEST(ProxyHeaderFaults, BadValuesNameTheHeaderAndTheRule) {
  struct Case {
    const char* name;
    const char* value;
    const char* detail;
  };
  const Case cases[] = {
      {"x-envoy-fault-delay-request", "soon",
       "x-envoy-fault-delay-request: must be a whole number of milliseconds (0 to 4294967295)"},
      {"x-envoy-fault-delay-request", "-5",
       "x-envoy-fault-delay-request: must be a whole number of milliseconds (0 to 4294967295)"},
      {"x-envoy-fault-delay-request", "1.5",
       "x-envoy-fault-delay-request: must be a whole number of milliseconds (0 to 4294967295)"},
      {"x-envoy-fault-abort-request", "199",
       "x-envoy-fault-abort-request: must be an HTTP status, a whole number from 200 to 599"},
      {"x-envoy-fault-abort-request", "600",
       "x-envoy-fault-abort-request: must be an HTTP status, a whole number from 200 to 599"},
      {"x-envoy-fault-abort-request", "",
       "x-envoy-fault-abort-request: must be an HTTP status, a whole number from 200 to 599"},
      {"x-envoy-fault-abort-request-percentage", "101",
       "x-envoy-fault-abort-request-percentage: must be a percentage, a whole number from 0 to "
       "100"},
      {"x-envoy-fault-delay-request-percentage", "+50",
       "x-envoy-fault-delay-request-percentage: must be a percentage, a whole number from 0 to "
       "100"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + ": " + c.value);
    const auto read = read_header_faults(with({{c.name, c.value}}));
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(read.error().field, c.name);
    EXPECT_EQ(read.error().detail, c.detail);
  }
}

ProxyOptions with_header_faults(const TestUpstream& upstream) {
  ProxyOptions options = options_for({upstream.address()});
  options.header_faults = true;
  return options;
}

TEST(ProxyHeaderFaults, AbortAnswersWithoutReachingAnEndpoint) {
  TestUpstream upstream;
  RunningProxy running(with_header_faults(upstream));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/", 11);
  request.set("x-envoy-fault-abort-request", "418");
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 418U);
  EXPECT_EQ(json::parse(response.body())["detail"], "fault filter abort");
  EXPECT_EQ(upstream.requests(), 0U);
  const Outcome outcome = running.outcomes(1).at(0);
  EXPECT_TRUE(outcome.injected);
  EXPECT_FALSE(outcome.reached);
  EXPECT_EQ(outcome.endpoint, kNoEndpoint);
  EXPECT_EQ(outcome.status, 418U);
}

TEST(ProxyHeaderFaults, PercentagesZeroAndHundredAreExact) {
  TestUpstream upstream;
  RunningProxy running(with_header_faults(upstream));
  Client client(running.port());
  for (int i = 0; i < 20; ++i) {
    ClientRequest never(bhttp::verb::get, "/", 11);
    never.set("x-envoy-fault-abort-request", "503");
    never.set("x-envoy-fault-abort-request-percentage", "0");
    never.set("x-envoy-fault-delay-request", "5000");
    never.set("x-envoy-fault-delay-request-percentage", "0");
    const ClientResponse response = client.send(never);
    ASSERT_EQ(response.result_int(), 200U);
    // Removed before forwarding.
    const json headers = json::parse(response.body())["headers"];
    for (const char* name :
         {"x-envoy-fault-abort-request", "x-envoy-fault-abort-request-percentage",
          "x-envoy-fault-delay-request", "x-envoy-fault-delay-request-percentage"}) {
      EXPECT_FALSE(headers.contains(name)) << name;
    }
    ClientRequest always(bhttp::verb::get, "/", 11);
    always.set("x-envoy-fault-abort-request", "503");
    always.set("x-envoy-fault-abort-request-percentage", "100");
    ASSERT_EQ(client.send(always).result_int(), 503U);
  }
  EXPECT_EQ(upstream.requests(), 20U);
}

// The delay comes first, then the abort, as in Envoy's filter.
TEST(ProxyHeaderFaults, DelayComesBeforeTheAbort) {
  TestUpstream upstream;
  RunningProxy running(with_header_faults(upstream));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/", 11);
  request.set("x-envoy-fault-delay-request", "150");
  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(client.send(request).result_int(), 200U);
  EXPECT_GE(std::chrono::steady_clock::now() - before, milliseconds(150));

  request.set("x-envoy-fault-abort-request", "502");
  EXPECT_EQ(client.send(request).result_int(), 502U);
  const auto outcomes = running.outcomes(2);
  EXPECT_GE(outcomes[0].latency, milliseconds(150));
  EXPECT_TRUE(outcomes[0].reached);
  EXPECT_GE(outcomes[1].latency, milliseconds(150));
  EXPECT_TRUE(outcomes[1].injected);
}

TEST(ProxyHeaderFaults, ABadValueIs400AndChangesNothing) {
  TestUpstream upstream;
  RunningProxy running(with_header_faults(upstream));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/", 11);
  request.set("x-envoy-fault-abort-request", "503");
  request.set("x-envoy-fault-abort-request-percentage", "150");
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 400U);
  EXPECT_EQ(json::parse(response.body())["detail"],
            "x-envoy-fault-abort-request-percentage: must be a percentage, a whole number from 0 "
            "to 100");
  EXPECT_EQ(upstream.requests(), 0U);
  EXPECT_FALSE(running.outcomes(1).at(0).injected);
  EXPECT_EQ(client.get("/").result_int(), 200U);  // the connection carries on
}

TEST(ProxyHeaderFaults, OffByDefaultTheHeadersAreForwardedUntouched) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/", 11);
  request.set("x-envoy-fault-abort-request", "503");
  request.set("x-envoy-fault-delay-request-percentage", "not checked");
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 200U);
  const json headers = json::parse(response.body())["headers"];
  EXPECT_EQ(headers["x-envoy-fault-abort-request"], "503");
  EXPECT_EQ(headers["x-envoy-fault-delay-request-percentage"], "not checked");
  EXPECT_FALSE(running.outcomes(1).at(0).injected);
}

}  // namespace
}  // namespace hb::proxy::testing
