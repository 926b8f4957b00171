// The server's limits over real HTTP: connections and streams beyond their caps get 503, the
// acceptor backs off when the file descriptors run out (without spinning a core) and serves
// again once they are back, and /readyz says whether the lab keeps up with real time.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "lab_fixture.h"
#include "raw_connection.h"

namespace hbtest {
namespace {

std::string get_request(unsigned short port, std::string_view target) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
         "\r\n\r\n";
}

TEST(ConnectionCapTest, TheConnectionBeyondTheCapGets503AndClosed) {
  ServerOptions options;
  options.extra_args = {"--max-connections", "3"};
  ServerProcess capped(options);
  std::vector<std::unique_ptr<HttpClient>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<HttpClient>(capped.host(), capped.port()));
    ASSERT_EQ(open.back()->get("/health").status, 200u);  // accepted and kept alive
  }
  RawConnection over(capped.port());
  over.send(get_request(capped.port(), "/health"));
  EXPECT_TRUE(over.read_until_closed());
  const auto refused = parse_response(over.received());
  EXPECT_EQ(refused.status, 503u) << refused.describe();
  EXPECT_NE(refused.json().at("detail").get<std::string>().find("connections: all 3"),
            std::string::npos);
  EXPECT_EQ(refused.header("retry-after"), "1");

  open.front()->disconnect();
  EXPECT_TRUE(eventually(
      "a new connection is served once one has closed",
      [&] { return HttpClient(capped.host(), capped.port()).get("/health"); },
      [](const HttpResponse& r) { return r.status == 200; }));
  EXPECT_EQ(open.back()->get("/health").status, 200u);
  open.clear();
  EXPECT_TRUE(capped.stop().clean());
}

TEST(StreamCapTest, TheStreamBeyondTheCapGets503) {
  ServerOptions options;
  options.extra_args = {"--max-streams", "1"};
  ServerProcess server(options);
  auto first = std::make_unique<RawConnection>(server.port());
  first->send(get_request(server.port(), "/stream"));
  ASSERT_NE(first->read_until("event:").find("200 OK"), std::string::npos) << first->received();

  HttpClient client(server.host(), server.port());
  const auto second = client.get("/stream");
  EXPECT_EQ(second.status, 503u) << second.describe();
  EXPECT_NE(second.json().at("detail").get<std::string>().find("streams: all 1"),
            std::string::npos);
  EXPECT_EQ(client.get("/lab").status, 200u);  // other reads go on

  first.reset();
  EXPECT_TRUE(eventually_true("a stream is served once the first has closed", [&] {
    RawConnection next(server.port());
    next.send(get_request(server.port(), "/stream"));
    return next.read_until("\r\n\r\n").find("200 OK") != std::string::npos;
  }));
  EXPECT_TRUE(server.stop().clean());
}

// With the file descriptors used up, accept() fails at once for as long as a connection waits:
// an acceptor that retried at once would spin a core. The server backs off, and serves again
// once the connections that used them up are gone.
TEST(AcceptBackoffTest, OutOfFileDescriptorsTheServerWaitsAndRecovers) {
  constexpr unsigned kLimit = 48;
  ServerOptions options;
  options.max_open_files = kLimit;
  options.extra_args = {"--max-connections", "1000", "--threads", "1"};
  ServerProcess server(options);
  ASSERT_LT(server.open_fds(), kLimit - 8) << "the server needs more descriptors to start";

  std::vector<std::unique_ptr<RawConnection>> flood;
  for (unsigned i = 0; i < kLimit + 20; ++i) {
    flood.push_back(std::make_unique<RawConnection>(server.port()));
  }
  ASSERT_TRUE(eventually(
      "the server has used up its file descriptors", [&] { return server.open_fds(); },
      [&](std::size_t fds) { return fds >= kLimit; }));

  // While connections wait that it cannot accept, the server uses little CPU. A spinning
  // acceptor would use about all of this window; the measure needs a window, not a condition.
  const auto cpu_before = server.cpu_time();
  const auto wall_before = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const auto cpu_used = server.cpu_time() - cpu_before;
  const auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - wall_before);
  EXPECT_LT(cpu_used.count() * 4, wall.count())
      << "the server used " << cpu_used.count() << " ms of CPU in " << wall.count()
      << " ms while out of file descriptors";
  EXPECT_TRUE(server.running());

  flood.clear();
  EXPECT_TRUE(eventually(
      "the server answers once the flood has gone",
      [&] { return HttpClient(server.host(), server.port()).get("/health"); },
      [](const HttpResponse& r) { return r.status == 200; }));
  EXPECT_TRUE(server.stop().clean());
}

class ReadyzTest : public LabTest {};

TEST_F(ReadyzTest, ALabThatKeepsUpIsReady) {
  const auto r = client().get("/readyz");
  ASSERT_EQ(r.status, 200u) << r.describe();
  const json body = r.json();
  EXPECT_EQ(body.at("status"), "ready");
  EXPECT_TRUE(body.at("lag_s").is_number());
  EXPECT_LE(body.at("lag_s").get<double>(), 5.0);
  EXPECT_EQ(body.at("max_lag_s"), 5.0);
  EXPECT_EQ(body.at("queued_commands"), 0);
  EXPECT_TRUE(is_recent_timestamp(body.at("timestamp")));
  // /health keeps the original's answer.
  const json health = expect_json(client().get("/health"), 200, "GET /health");
  EXPECT_EQ(health.at("status"), "healthy");
  EXPECT_EQ(health.size(), 2u) << health.dump();
}

// The lab is always some time behind real time (it catches up at each tick): with no lag
// allowed, /readyz answers 503 however fast the machine is.
class NoLagAllowedTest : public LabTest {
 protected:
  std::vector<std::string> extra_args() const override { return {"--max-lag", "0s"}; }
};

TEST_F(NoLagAllowedTest, ALabBehindByMoreThanTheBoundIsNotReady) {
  const auto r = client().get("/readyz");
  ASSERT_EQ(r.status, 503u) << r.describe();
  const json body = r.json();
  EXPECT_EQ(body.at("status"), "lagging");
  EXPECT_GT(body.at("lag_s").get<double>(), 0.0);
  EXPECT_EQ(body.at("max_lag_s"), 0.0);
  EXPECT_NE(body.at("detail").get<std::string>().find("behind real time"), std::string::npos);
  EXPECT_EQ(client().get("/health").status, 200u);
}

}  // namespace
}  // namespace hbtest
