// The command line and the process lifecycle: --help, configuration errors, the ready line on
// stdout, and a clean exit on SIGTERM.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <regex>
#include <string>

#include "http_client.h"
#include "server_process.h"

namespace hbtest {
namespace {

// A file that lives as long as the object.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    char name[] = "/tmp/hb_api_test_XXXXXX.yaml";
    const int fd = ::mkstemps(name, 5);
    if (fd < 0) throw std::runtime_error("mkstemps failed");
    path_ = name;
    std::size_t written = 0;
    while (written < content.size()) {
      const ssize_t w = ::write(fd, content.data() + written, content.size() - written);
      if (w <= 0) break;
      written += static_cast<std::size_t>(w);
    }
    ::close(fd);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string show(const RunResult& r) {
  return "\n  status: " + r.status.describe() + (r.timed_out ? " (timed out)" : "") +
         "\n  stdout: " + r.out + "\n  stderr: " + r.err;
}

void expect_mentions_options(const RunResult& r) {
  for (const char* option : {"--port", "--host", "--config", "--seed"})
    EXPECT_NE(r.output().find(option), std::string::npos)
        << "help does not mention " << option << show(r);
}

TEST(CliTest, HelpExitsZeroAndListsTheOptions) {
  const auto r = run_binary({"--help"});
  ASSERT_FALSE(r.timed_out) << show(r);
  EXPECT_TRUE(r.status.exited && r.status.code == 0) << show(r);
  expect_mentions_options(r);
}

TEST(CliTest, ServeHelpExitsZeroAndListsTheOptions) {
  const auto r = run_binary({"serve", "--help"});
  ASSERT_FALSE(r.timed_out) << show(r);
  EXPECT_TRUE(r.status.exited && r.status.code == 0) << show(r);
  expect_mentions_options(r);
}

TEST(CliTest, MissingConfigFileFailsNamingTheFile) {
  // --host/--port 0 so that a binary which wrongly starts anyway cannot collide with others.
  const auto r =
      run_binary({"serve", "--config", "/nonexistent.yaml", "--host", "127.0.0.1", "--port", "0"},
                 std::chrono::seconds(10));
  ASSERT_FALSE(r.timed_out) << "the server started despite a missing config file" << show(r);
  EXPECT_TRUE(r.status.exited && r.status.code != 0) << show(r);
  EXPECT_NE(r.output().find("/nonexistent.yaml"), std::string::npos)
      << "the message should name the file" << show(r);
}

TEST(CliTest, ZeroReplicasFailsNamingTheField) {
  TempFile config("services: [{name: a, replicas: 0}]\n");
  const auto r =
      run_binary({"serve", "--config", config.path(), "--host", "127.0.0.1", "--port", "0"},
                 std::chrono::seconds(10));
  ASSERT_FALSE(r.timed_out) << "the server started with replicas: 0" << show(r);
  EXPECT_TRUE(r.status.exited && r.status.code != 0) << show(r);
  EXPECT_NE(r.output().find("replicas"), std::string::npos)
      << "the message should name 'replicas'" << show(r);
}

TEST(CliTest, ServePrintsExactlyTheReadyLine) {
  ServerProcess server(ServerOptions(3));
  EXPECT_TRUE(std::regex_match(server.ready_line(),
                               std::regex(R"(healthboard listening on http://127\.0\.0\.1:\d+)")))
      << server.ready_line();
  EXPECT_TRUE(server.lines_before_ready().empty())
      << "stdout before the ready line: " << ::testing::PrintToString(server.lines_before_ready());
  HttpClient client(server.host(), server.port());
  EXPECT_EQ(client.get("/health").status, 200u);
  EXPECT_TRUE(server.stop().clean());
}

TEST(CliTest, SigtermExitsZero) {
  ServerProcess server(ServerOptions(4));
  HttpClient client(server.host(), server.port());
  ASSERT_EQ(client.get("/pods").status, 200u);
  client.disconnect();
  const auto status = server.stop();
  EXPECT_TRUE(status.was_running) << status.describe();
  EXPECT_TRUE(status.clean()) << status.describe();
}

TEST(CliTest, SigtermRightAfterStartExitsZero) {
  ServerProcess server(ServerOptions(5));
  const auto status = server.stop();
  EXPECT_TRUE(status.clean()) << status.describe();
}

TEST(CliTest, SigtermWithAnOpenKeepAliveConnectionExitsZero) {
  ServerProcess server(ServerOptions(6));
  HttpClient idle(server.host(), server.port());
  ASSERT_EQ(idle.get("/health").status, 200u);  // the connection stays open and idle
  HttpClient busy(server.host(), server.port());
  ASSERT_EQ(busy.post("/fault/sensor-sim-pod-1", R"({"kill": true})").status, 200u);
  const auto status = server.stop(std::chrono::seconds(5));
  EXPECT_TRUE(status.clean()) << "idle keep-alive connections must not block shutdown: "
                              << status.describe();
}

TEST(CliTest, ServersOnPortZeroRunSideBySide) {
  ServerProcess a(ServerOptions(8));
  ServerProcess b(ServerOptions(9));
  EXPECT_NE(a.port(), b.port());
  HttpClient ca(a.host(), a.port());
  HttpClient cb(b.host(), b.port());
  ASSERT_EQ(ca.post("/fault/ui-proxy-pod-3", R"({"delay_ms": 11})").status, 200u);
  EXPECT_EQ(cb.get("/pods/ui-proxy-pod-3").json().at("delay_ms"), 0)
      << "the two servers must not share state";
  EXPECT_TRUE(a.stop().clean());
  EXPECT_TRUE(b.stop().clean());
}

}  // namespace
}  // namespace hbtest
