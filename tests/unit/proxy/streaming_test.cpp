// Bodies streamed both ways: sizes no buffer would hold, chunked framing kept, and what the
// client and the outcome see when one side fails mid-body.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "proxy_fixture.h"
#include "upstream.h"

namespace hb::proxy::testing {
namespace {

namespace bhttp = boost::beast::http;
using nlohmann::json;
using std::chrono::milliseconds;

constexpr std::size_t kMiB = 1024 * 1024;

TEST(ProxyStreaming, ATwentyMiBResponsePassesIntactWithItsContentLength) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/big", 11);
  request.set("x-upstream-size", std::to_string(20 * kMiB));
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_EQ(response[bhttp::field::content_length], std::to_string(20 * kMiB));
  EXPECT_TRUE(response.body() == TestUpstream::pattern(20 * kMiB));
  EXPECT_EQ(running.outcomes(1).at(0).response_bytes, 20 * kMiB);
  EXPECT_EQ(client.get("/after").result_int(), 200U);  // the connection is still in step
  EXPECT_EQ(upstream.accepted(), 1U);                  // and the upstream's went back to the pool
}

TEST(ProxyStreaming, AChunkedResponseIsForwardedChunked) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/chunked", 11);
  request.set("x-upstream-size", std::to_string(3 * kMiB + 7));
  request.set("x-upstream-chunked", "1");
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_TRUE(response.chunked());
  EXPECT_EQ(response.count(bhttp::field::content_length), 0U);
  EXPECT_TRUE(response.body() == TestUpstream::pattern(3 * kMiB + 7));
  EXPECT_EQ(client.get("/after").result_int(), 200U);
}

// An HTTP/1.0 client cannot take chunks: the body runs up to the close.
TEST(ProxyStreaming, AChunkedResponseToAnHttp10ClientEndsWithTheConnection) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/chunked", 10);
  request.set("x-upstream-size", "100000");
  request.set("x-upstream-chunked", "1");
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_FALSE(response.chunked());
  EXPECT_TRUE(response.body() == TestUpstream::pattern(100000));
}

TEST(ProxyStreaming, UploadsOfSeveralMiBPassIntactChunkedOrNot) {
  TestUpstream upstream;
  ProxyOptions options = options_for({upstream.address()});
  options.request_body_limit = 0;  // no limit
  RunningProxy running(std::move(options));
  Client client(running.port());
  const std::string body = TestUpstream::pattern(6 * kMiB + 3);
  for (const bool chunked : {true, false}) {
    SCOPED_TRACE(chunked ? "chunked" : "content-length");
    ClientRequest request(bhttp::verb::put, "/upload", 11);
    request.body() = body;
    if (chunked) request.chunked(true);
    const ClientResponse response = client.send(request);
    ASSERT_EQ(response.result_int(), 200U);
    const json echo = json::parse(response.body());
    EXPECT_EQ(echo["body_size"], body.size());
    EXPECT_EQ(echo["body_hash"], std::hash<std::string>{}(body));
    const json& headers = echo["headers"];
    if (chunked) {
      EXPECT_EQ(headers["transfer-encoding"], "chunked");
      EXPECT_FALSE(headers.contains("content-length"));
    } else {
      EXPECT_EQ(headers["content-length"], std::to_string(body.size()));
    }
  }
  const auto outcomes = running.outcomes(2);
  EXPECT_EQ(outcomes[0].request_bytes, body.size());
  EXPECT_EQ(outcomes[1].request_bytes, body.size());
}

// Beast refuses a chunk whose size line alone is over the limit: the body is refused there, at
// most part of it forwarded.
TEST(ProxyStreaming, AChunkedUploadOverTheLimitIs413) {
  TestUpstream upstream;
  ProxyOptions options = options_for({upstream.address()});
  options.request_body_limit = 200'000;
  RunningProxy running(std::move(options));
  Client client(running.port());
  ClientRequest request(bhttp::verb::post, "/upload", 11);
  request.body() = std::string(300'000, 'x');
  request.chunked(true);
  const ClientResponse response = client.send(request);
  EXPECT_EQ(response.result_int(), 413U);
  EXPECT_EQ(json::parse(response.body())["detail"], "request body over the 200000-byte limit");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_EQ(running.outcomes(1).at(0).status, 413U);
  EXPECT_EQ(upstream.requests(), 0U);  // at most a part of it went, and that was dropped
}

// The head is sent, then the upstream sends nothing: after upstream_timeout the client's
// connection is closed, and the outcome has the status sent and the stall.
TEST(ProxyStreaming, AnUpstreamStallingMidBodyClosesTheClientAfterTheTimeout) {
  TestUpstream upstream;
  ProxyOptions options = options_for({upstream.address()});
  options.upstream_timeout = milliseconds(200);
  RunningProxy running(std::move(options));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/stall", 11);
  request.set("x-upstream-stall", "1");
  const auto before = std::chrono::steady_clock::now();
  EXPECT_THROW(client.send(request), boost::beast::system_error);
  EXPECT_LT(std::chrono::steady_clock::now() - before, kDeadline);
  const Outcome outcome = running.outcomes(1).at(0);
  EXPECT_EQ(outcome.status, 200U);
  EXPECT_EQ(outcome.stream_error, StreamError::upstream_timeout);
  EXPECT_EQ(outcome.response_bytes, 10U);
  EXPECT_GE(outcome.latency, milliseconds(200));
  EXPECT_TRUE(wait_until([&] { return running.proxy().open_connections() == 0; }));
}

TEST(ProxyStreaming, AnUpstreamClosingMidBodyClosesTheClient) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  Client client(running.port());
  ClientRequest request(bhttp::verb::get, "/cut", 11);
  request.set("x-upstream-cut", "1");
  EXPECT_THROW(client.send(request), boost::beast::system_error);
  const Outcome outcome = running.outcomes(1).at(0);
  EXPECT_EQ(outcome.status, 200U);
  EXPECT_EQ(outcome.stream_error, StreamError::upstream);
  EXPECT_EQ(outcome.response_bytes, 10U);
  Client next(running.port());
  EXPECT_EQ(next.get("/next").result_int(), 200U);
}

// A client that sends a head and part of its body, then goes: the outcome says so, and the
// proxy serves the next client.
TEST(ProxyStreaming, AClientClosingMidUploadLeavesTheProxyServingOthers) {
  TestUpstream upstream;
  ProxyOptions options = options_for({upstream.address()});
  options.request_body_limit = 0;
  RunningProxy running(std::move(options));
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), running.port()});
    const std::string head =
        "PUT /upload HTTP/1.1\r\nHost: service.test\r\nContent-Length: 10000000\r\n\r\n";
    boost::asio::write(socket, boost::asio::buffer(head));
    boost::asio::write(socket, boost::asio::buffer(std::string(200'000, 'x')));
    ASSERT_TRUE(wait_until([&] { return running.proxy().open_connections() == 1; }));
  }  // closed mid-body
  const Outcome outcome = running.outcomes(1).at(0);
  EXPECT_EQ(outcome.status, 499U);
  EXPECT_EQ(outcome.stream_error, StreamError::client);
  EXPECT_TRUE(outcome.reached);
  EXPECT_GT(outcome.request_bytes, 0U);
  EXPECT_LE(outcome.request_bytes, 200'000U);
  Client client(running.port());
  EXPECT_EQ(client.get("/next").result_int(), 200U);
  EXPECT_TRUE(wait_until([&] { return running.proxy().open_connections() == 1; }));
}

// The client waits for 100 Continue; the proxy sends it once the request is on its way, and the
// upstream never sees the Expect header.
TEST(ProxyStreaming, ExpectContinueIsAnsweredByTheProxy) {
  TestUpstream upstream;
  RunningProxy running(options_for({upstream.address()}));
  boost::asio::io_context ioc;
  boost::beast::tcp_stream stream(ioc);
  stream.expires_after(kDeadline);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), running.port()});
  const std::string head =
      "POST /wait HTTP/1.1\r\nHost: service.test\r\nExpect: 100-continue\r\n"
      "Content-Length: 5\r\n\r\n";
  boost::asio::write(stream, boost::asio::buffer(head));
  boost::beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::empty_body> interim;
  bhttp::read_header(stream, buffer, interim);
  EXPECT_EQ(interim.get().result_int(), 100U);
  boost::asio::write(stream, boost::asio::buffer(std::string("hello")));
  bhttp::response<bhttp::string_body> response;
  bhttp::read(stream, buffer, response);
  EXPECT_EQ(response.result_int(), 200U);
  const json echo = json::parse(response.body());
  EXPECT_EQ(echo["body"], "hello");
  EXPECT_FALSE(echo["headers"].contains("expect"));
}

}  // namespace
}  // namespace hb::proxy::testing
