// The kubectl-like commands against a real server on an ephemeral port: `get pods`,
// `get services`, `get events`, `get pods -o json` and `describe pod`, and clear failures for an
// unknown pod and a negative replica count.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "server_process.h"

namespace hbtest {
namespace {

std::string show(const RunResult& r) {
  return "\n  status: " + r.status.describe() + (r.timed_out ? " (timed out)" : "") +
         "\n  stdout: " + r.out + "\n  stderr: " + r.err;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class KubectlCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess(ServerOptions(21)); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::string url() {
    return "http://" + server_->host() + ":" + std::to_string(server_->port());
  }
  static RunResult run(std::vector<std::string> args) {
    args.push_back("--server");
    args.push_back(url());
    return run_binary(args, std::chrono::seconds(20));
  }

  static ServerProcess* server_;
};

ServerProcess* KubectlCliTest::server_ = nullptr;

TEST_F(KubectlCliTest, GetPodsListsTheNineDefaultPods) {
  const auto r = run({"get", "pods"});
  ASSERT_TRUE(r.status.exited && r.status.code == 0) << show(r);
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 10u) << r.out;
  EXPECT_TRUE(std::regex_match(lines[0], std::regex(R"(NAME +READY +STATUS +RESTARTS +AGE)")))
      << lines[0];
  for (const std::string service : {"sensor-sim", "planner-sim", "ui-proxy"}) {
    for (int n = 1; n <= 3; ++n) {
      const std::regex row(service + "-pod-" + std::to_string(n) +
                           R"( +[01]/1 +\S+ +\d+( \(\S+ ago\))? +\d+[smhdy]\w*)");
      bool found = false;
      for (const auto& line : lines) found = found || std::regex_match(line, row);
      EXPECT_TRUE(found) << "no row for " << service << "-pod-" << n << " in:\n" << r.out;
    }
  }
}

TEST_F(KubectlCliTest, GetPodsAsJsonIsTheApisAnswer) {
  const auto r = run({"get", "pods", "-o", "json"});
  ASSERT_TRUE(r.status.exited && r.status.code == 0) << show(r);
  EXPECT_NE(r.out.find("\"pods\": ["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"kubectl_status\""), std::string::npos) << r.out;
}

TEST_F(KubectlCliTest, GetServicesListsTheDeployments) {
  const auto r = run({"get", "services"});
  ASSERT_TRUE(r.status.exited && r.status.code == 0) << show(r);
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_TRUE(std::regex_match(lines[0], std::regex(R"(NAME +READY +UP-TO-DATE +AVAILABLE +AGE)")))
      << lines[0];
  for (const std::string service : {"sensor-sim", "planner-sim", "ui-proxy"}) {
    bool found = false;
    for (const auto& line : lines) {
      found = found || std::regex_match(line, std::regex(service + R"( +\d+/\d+ +\d+ +\d+ +\S+)"));
    }
    EXPECT_TRUE(found) << "no row for " << service << " in:\n" << r.out;
  }
}

TEST_F(KubectlCliTest, DescribePodShowsItsFields) {
  const auto r = run({"describe", "pod", "ui-proxy-pod-1"});
  ASSERT_TRUE(r.status.exited && r.status.code == 0) << show(r);
  const auto lines = lines_of(r.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_TRUE(std::regex_match(lines[0], std::regex(R"(Name: +ui-proxy-pod-1)"))) << r.out;
  for (const char* label : {"\nService:", "\nStatus:", "\nVersion:", "\nReady:", "\nRestarts:",
                            "\nState:", "\nUtilization:", "\nFaults:", "\nRecent:", "\nEvents:"}) {
    EXPECT_NE(r.out.find(label), std::string::npos) << label << " missing in:\n" << r.out;
  }
}

TEST_F(KubectlCliTest, AnUnknownPodFailsWithTheServersDetail) {
  const auto r = run({"describe", "pod", "no-such-pod"});
  EXPECT_TRUE(r.status.exited && r.status.code == 1) << show(r);
  EXPECT_NE(r.err.find("Pod not found"), std::string::npos) << show(r);
}

TEST_F(KubectlCliTest, GetEventsHasKubectlsHeader) {
  const auto r = run({"get", "events"});
  ASSERT_TRUE(r.status.exited && r.status.code == 0) << show(r);
  const auto lines = lines_of(r.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_TRUE(std::regex_match(lines[0], std::regex(R"(LAST SEEN +TYPE +REASON +OBJECT +MESSAGE)")))
      << lines[0];
}

TEST_F(KubectlCliTest, ScaleRefusesANegativeReplicaCountNamingTheFlag) {
  const auto r = run({"scale", "ui-proxy", "--replicas", "-1"});
  EXPECT_TRUE(r.status.exited && r.status.code != 0) << show(r);
  EXPECT_NE(r.err.find("--replicas"), std::string::npos) << show(r);
}

}  // namespace
}  // namespace hbtest
