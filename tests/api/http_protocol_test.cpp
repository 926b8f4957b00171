// HTTP behaviour of the server: unknown paths, wrong methods, body limits, malformed requests,
// keep-alive and concurrent clients. Every error answer is JSON with a "detail".
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "lab_fixture.h"

namespace hbtest {
namespace {

constexpr std::size_t kBodyLimit = 64 * 1024;

::testing::AssertionResult json_error(const HttpResponse& r, unsigned status) {
  if (r.status != status)
    return ::testing::AssertionFailure() << "expected HTTP " << status << ", got " << r.describe();
  if (r.header("content-type").find("application/json") == std::string::npos)
    return ::testing::AssertionFailure()
           << "error answer is not application/json: " << r.describe();
  try {
    const auto body = r.json();
    if (!body.is_object() || !body.contains("detail") || !body.at("detail").is_string() ||
        body.at("detail").get<std::string>().empty())
      return ::testing::AssertionFailure()
             << "error body is not {\"detail\": <text>}: " << r.describe();
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << e.what();
  }
  return ::testing::AssertionSuccess();
}

// A JSON body of exactly `size` bytes: `json_text` padded with trailing spaces.
std::string padded(const std::string& json_text, std::size_t size) {
  std::string body = json_text;
  body.resize(size, ' ');
  return body;
}

using HttpProtocolTest = LabTest;

TEST_F(HttpProtocolTest, UnknownPathIs404WithJsonDetail) {
  for (const std::string target :
       {"/nope", "/pods/sensor-sim-pod-1/extra", "/api/pods", "/healthz", "/services/x/y"}) {
    SCOPED_TRACE(target);
    EXPECT_TRUE(json_error(client().get(target), 404));
  }
  EXPECT_TRUE(json_error(client().post("/nope", "{}"), 404));
}

TEST_F(HttpProtocolTest, DeleteOnPodsIs405WithAllowGetHead) {
  const auto r = client().request("DELETE", "/pods");
  EXPECT_TRUE(json_error(r, 405));
  EXPECT_EQ(r.header("allow"), "GET, HEAD") << r.describe();
}

// A fault is set with POST and cleared with DELETE; GET has no meaning there.
TEST_F(HttpProtocolTest, GetOnFaultIs405WithAllowDeleteAndPost) {
  const auto r = client().get("/fault/x");
  EXPECT_TRUE(json_error(r, 405));
  EXPECT_EQ(r.header("allow"), "DELETE, POST") << r.describe();
  const auto r2 = client().get("/fault/sensor-sim-pod-1");
  EXPECT_TRUE(json_error(r2, 405));
  EXPECT_EQ(r2.header("allow"), "DELETE, POST") << r2.describe();
}

TEST_F(HttpProtocolTest, OtherWrongMethodsAre405WithAllow) {
  struct Case {
    const char* method;
    const char* target;
    const char* allowed;  // must appear in Allow
  };
  for (const auto& c : {Case{"GET", "/restart/sensor-sim-pod-1", "POST"},
                        Case{"PUT", "/fault/sensor-sim-pod-1", "DELETE, POST"},
                        Case{"POST", "/pods", "GET"}, Case{"POST", "/pods/sensor-sim-pod-1", "GET"},
                        Case{"PUT", "/health", "GET"}, Case{"POST", "/services", "GET"},
                        Case{"DELETE", "/slo", "GET"}, Case{"POST", "/metrics", "GET"}}) {
    SCOPED_TRACE(std::string(c.method) + " " + c.target);
    const auto r = client().request(c.method, c.target, "", "");
    EXPECT_TRUE(json_error(r, 405));
    EXPECT_NE(r.header("allow").find(c.allowed), std::string::npos) << r.describe();
  }
}

TEST_F(HttpProtocolTest, HeadIsAnsweredWhereAllowed) {
  // Allow for /pods says "GET, HEAD": HEAD must then work, without a body.
  const auto r = client().request("HEAD", "/pods");
  EXPECT_EQ(r.status, 200u) << r.describe();
  EXPECT_TRUE(r.body.empty()) << r.describe();
  EXPECT_EQ(client().get("/health").status, 200u) << "connection still usable after HEAD";
}

TEST_F(HttpProtocolTest, BodyOver64KiBIs413AndChangesNothing) {
  const std::string id = "sensor-sim-pod-1";
  const auto before = injected(pod(id));
  auto fresh = new_client();
  const auto r = fresh->post("/fault/" + id, padded(R"({"error_rate": 0.3})", kBodyLimit + 1));
  EXPECT_TRUE(json_error(r, 413));
  EXPECT_EQ(injected(pod(id)), before);

  auto fresh2 = new_client();
  const auto r2 = fresh2->post("/restart/" + id, std::string(kBodyLimit + 1000, 'x'), "text/plain");
  EXPECT_TRUE(json_error(r2, 413));
  EXPECT_EQ(injected(pod(id)), before) << "a refused restart must not restart the pod";
}

TEST_F(HttpProtocolTest, BodyOfExactly64KiBIsAccepted) {
  const auto r = client().post("/fault/sensor-sim-pod-2", padded(R"({"delay_ms": 7})", kBodyLimit));
  ASSERT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(r.json().at("pod").at("delay_ms"), 7);
}

TEST_F(HttpProtocolTest, ChunkedBodyOver64KiBIs413) {
  const std::string chunk(40000, ' ');
  std::string request = "POST /fault/sensor-sim-pod-1 HTTP/1.1\r\n" + host_line() +
                        "Content-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  auto add_chunk = [&](const std::string& data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    request += size + data + "\r\n";
  };
  add_chunk(R"({"error_rate": 0.3})");
  add_chunk(chunk);
  add_chunk(chunk);
  request += "0\r\n\r\n";
  const std::string raw = client().raw(request);
  ASSERT_FALSE(raw.empty()) << "no answer to an oversized chunked body";
  const auto r = parse_response(raw);
  EXPECT_TRUE(json_error(r, 413));
  EXPECT_EQ(pod("sensor-sim-pod-1").at("error_rate"), 0);
}

TEST_F(HttpProtocolTest, RawRequestWithConnectionCloseIsAnswered) {
  const std::string raw =
      client().raw("GET /health HTTP/1.1\r\n" + host_line() + "Connection: close\r\n\r\n");
  const auto r = parse_response(raw);
  ASSERT_EQ(r.status, 200u) << raw;
  EXPECT_EQ(r.json().at("status"), "healthy");
}

TEST_F(HttpProtocolTest, MalformedRequestIsRefusedAndServerKeepsServing) {
  // The start of a TLS ClientHello: what a browser sends to http:// by mistake as https://.
  static constexpr char kTlsHello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 tls hello";
  for (const std::string& garbage :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET /health HTTP/9.9\r\n\r\n"),
        std::string("GET /health HTTP/1.1\r\nHost test\r\n\r\n"),
        std::string("POST /fault/sensor-sim-pod-1 HTTP/1.1\r\nHost: t\r\nContent-Length: "
                    "abc\r\n\r\n{}"),
        std::string(kTlsHello, sizeof kTlsHello - 1)}) {
    SCOPED_TRACE(::testing::PrintToString(garbage));
    const std::string raw = client().raw(garbage, std::chrono::seconds(3));
    // Closing the connection without an answer is acceptable; an answer must be a JSON 4xx.
    if (!raw.empty()) {
      HttpResponse r;
      ASSERT_NO_THROW(r = parse_response(raw)) << raw;
      EXPECT_GE(r.status, 400u) << raw;
      EXPECT_LT(r.status, 500u) << raw;
      EXPECT_TRUE(json_error(r, r.status));
    }
  }
  EXPECT_EQ(client().get("/health").status, 200u);
  EXPECT_EQ(pod("sensor-sim-pod-1").at("error_rate"), 0);
}

TEST_F(HttpProtocolTest, KeepAliveServesManyRequestsOnOneConnection) {
  for (int i = 0; i < 10; ++i) {
    const auto r = client().get(i % 2 == 0 ? "/pods" : "/health");
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_NE(r.header("connection"), "close") << r.describe();
  }
  ASSERT_EQ(client().post("/fault/ui-proxy-pod-3", R"({"delay_ms": 5})").status, 200u);
  ASSERT_EQ(client().get("/nope").status, 404u);
  ASSERT_EQ(client().get("/slo").status, 200u);
  ASSERT_EQ(client().get("/metrics").status, 200u);
  EXPECT_EQ(client().connections_opened(), 1) << "the server closed a keep-alive connection";
}

TEST_F(HttpProtocolTest, PipelinedRequestsAreAnsweredInOrder) {
  const std::string raw = client().raw(
      "GET /health HTTP/1.1\r\n" + host_line() + "\r\nGET /pods/ui-proxy-pod-1 HTTP/1.1\r\n" +
      host_line() + "\r\nGET /nope HTTP/1.1\r\n" + host_line() + "Connection: close\r\n\r\n");
  const auto first = raw.find("HTTP/1.1 200");
  const auto second = raw.find("HTTP/1.1 200", first == std::string::npos ? 0 : first + 1);
  const auto third = raw.find("HTTP/1.1 404");
  EXPECT_NE(first, std::string::npos) << raw;
  EXPECT_NE(second, std::string::npos) << raw;
  EXPECT_NE(third, std::string::npos) << raw;
  EXPECT_LT(second, third) << raw;
  EXPECT_NE(raw.find("\"ui-proxy-pod-1\""), std::string::npos) << raw;
}

TEST_F(HttpProtocolTest, ConcurrentClientsAreAllServed) {
  constexpr int kThreads = 8;
  constexpr int kRequests = 25;
  std::atomic<int> ok{0};
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        HttpClient c(server().host(), server().port());
        for (int i = 0; i < kRequests; ++i) {
          const auto r =
              (i % 3 == 0) ? c.get("/pods")
              : (i % 3 == 1)
                  ? c.get("/services")
                  : c.post("/fault/" + kPodIds[static_cast<std::size_t>(t) % kPodIds.size()],
                           R"({"delay_ms": )" + std::to_string(i) + "}");
          if (r.status == 200)
            ++ok;
          else
            failures[static_cast<std::size_t>(t)] = r.describe();
        }
      } catch (const std::exception& e) {
        failures[static_cast<std::size_t>(t)] = e.what();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kRequests);
  for (const auto& f : failures) EXPECT_TRUE(f.empty()) << f;
}

}  // namespace
}  // namespace hbtest
