// SIGTERM and SIGINT over real HTTP: the server stops accepting, answers the requests in
// flight (a change among them is applied), closes idle connections and exits 0; a second
// signal ends it at once.
#include <gtest/gtest.h>

#include <csignal>

#include "lab_fixture.h"
#include "raw_connection.h"

namespace hbtest {
namespace {

constexpr std::string_view kBody = R"({"delay_ms": 250})";

// A POST /fault whose body is sent in two parts: the first now, the rest by finish().
class SlowPost {
 public:
  explicit SlowPost(unsigned short port) : port_(port), connection_(port) {
    connection_.send(
        "POST /fault/sensor-sim-pod-1 HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(kBody.size()) +
        "\r\n\r\n" + std::string(kBody.substr(0, 5)));
  }
  // True once the server has read every byte sent so far: the request is in flight.
  bool read_by_server() const { return connection_.unread_by_server(port_) == 0; }
  HttpResponse finish() {
    connection_.send(kBody.substr(5));
    connection_.read_until_closed();
    connection_.close();
    return parse_response(connection_.received());
  }

 private:
  unsigned short port_;
  RawConnection connection_;
};

TEST(ShutdownTest, SigtermAnswersTheRequestsInFlightThenExits0) {
  ServerOptions options;
  options.extra_args = {"--shutdown-grace", "30s"};
  ServerProcess server(options);
  HttpClient idle(server.host(), server.port());
  ASSERT_EQ(idle.get("/health").status, 200u);  // a keep-alive connection with nothing to do
  RawConnection idle_raw(server.port());
  idle_raw.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server.port()) +
                "\r\n\r\n");
  ASSERT_NE(idle_raw.read_until("}").find("200 OK"), std::string::npos);
  SlowPost post(server.port());
  ASSERT_TRUE(eventually_true("the server has read the first part of the POST",
                              [&] { return post.read_by_server(); }));

  server.signal(SIGTERM);
  EXPECT_TRUE(eventually_true("the server no longer accepts connections",
                              [&] { return RawConnection::refused(server.port()); }));
  EXPECT_TRUE(idle_raw.read_until_closed()) << "an idle connection stays open";
  EXPECT_TRUE(server.running());

  const HttpResponse answer = post.finish();
  EXPECT_EQ(answer.status, 200u) << answer.describe();
  EXPECT_EQ(answer.header("connection"), "close");
  EXPECT_EQ(answer.json().at("pod").at("delay_ms"), 250);
  const ExitStatus status = server.wait_exit(std::chrono::seconds(10));
  EXPECT_TRUE(status.clean()) << status.describe();
}

TEST(ShutdownTest, ASecondSignalEndsTheProcessAtOnce) {
  ServerOptions options;
  options.extra_args = {"--shutdown-grace", "60s"};
  ServerProcess server(options);
  SlowPost post(server.port());  // never finished: the drain would wait for the whole grace
  ASSERT_TRUE(eventually_true("the server has read the first part of the POST",
                              [&] { return post.read_by_server(); }));
  server.signal(SIGTERM);
  ASSERT_TRUE(eventually_true("the server no longer accepts connections",
                              [&] { return RawConnection::refused(server.port()); }));
  server.signal(SIGINT);
  const ExitStatus status = server.wait_exit(std::chrono::seconds(5));
  EXPECT_FALSE(status.forced) << status.describe();
  EXPECT_TRUE(status.exited) << status.describe();
  EXPECT_EQ(status.code, 128 + SIGINT) << status.describe();
}

TEST(ShutdownTest, SigintWithNothingInFlightExits0) {
  ServerProcess server(ServerOptions{});
  HttpClient client(server.host(), server.port());
  ASSERT_EQ(client.get("/pods").status, 200u);
  server.signal(SIGINT);
  const ExitStatus status = server.wait_exit(std::chrono::seconds(10));
  EXPECT_TRUE(status.clean()) << status.describe();
}

}  // namespace
}  // namespace hbtest
