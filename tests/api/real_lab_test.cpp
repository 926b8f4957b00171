// A real lab, end to end (docs/proxy.md): the real binary fronts upstreams of the test's own
// (tests/unit/proxy/upstream.h: each answers with what it received) and is driven by its API.
// Forwarding, faults measured in the real traffic, the health check, the original's API and an
// experiment run against it.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../unit/proxy/upstream.h"
#include "http_client.h"
#include "lab_fixture.h"
#include "server_process.h"

namespace hbtest {
namespace {

using hb::proxy::testing::TestUpstream;

// A directory of the test's own, removed with it.
class TempDir {
 public:
  TempDir() {
    std::string path = (std::filesystem::temp_directory_path() / "hb-real-XXXXXX").string();
    if (mkdtemp(path.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = path;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string path() const { return path_.string(); }
  std::string file(const std::string& name, const std::string& text) const {
    const std::string path = (path_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

 private:
  std::filesystem::path path_;
};

// web (its clients' entry point, one endpoint) calls api (two endpoints); both health-checked
// every 0.2 s, out after one failure.
class RealLabTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string probe =
        "    probes:\n      readiness: {path: /healthz, period_s: 0.2, timeout_s: 0.2, "
        "failure_threshold: 1}\n";
    const std::string config = dir_.file(
        "real.yaml",
        "services:\n"
        "  - name: web\n    listen: 127.0.0.1:0\n    endpoints: [" +
            web_.address() + "]\n    dependencies: [api]\n    timeout_ms: 2000\n" + probe +
            "  - name: api\n    listen: 127.0.0.1:0\n    endpoints: [" + api1_.address() + ", " +
            api2_.address() + "]\n    error_status: 503\n" + probe);
    options_.extra_args = {"--config", config, "--envoy-fault-headers"};
    options_.data_dir = dir_.path() + "/data";
    start();
    ASSERT_TRUE(eventually_true("every endpoint is ready", [&] {
      const json pods = get("/pods");
      for (const json& pod : pods["pods"]) {
        if (!pod["ready"].get<bool>()) return false;
      }
      return !pods["pods"].empty();
    }));
  }

  // Starts the server (again, on the same data directory) and learns its proxies' ports.
  void start() {
    control_.reset();
    server_.reset();
    server_ = std::make_unique<ServerProcess>(options_);
    control_ = std::make_unique<HttpClient>(server_->host(), server_->port());
    const json services = get("/services")["services"];
    web_port_ = port_of(services[0]["listen"].get<std::string>());
    api_port_ = port_of(services[1]["listen"].get<std::string>());
  }

  static unsigned short port_of(const std::string& address) {
    return static_cast<unsigned short>(std::stoi(address.substr(address.rfind(':') + 1)));
  }
  json get(const std::string& target) {
    return expect_json(control_->get(target), 200, "GET " + target);
  }
  json post(const std::string& target, const json& body, unsigned status = 200) {
    return expect_json(control_->post(target, body.dump()), status, "POST " + target);
  }
  json pod(const std::string& id) {
    const json pods = get("/pods");  // kept: the loop's range is a part of it
    for (const json& p : pods["pods"]) {
      if (p["id"] == id) return p;
    }
    throw std::runtime_error("no pod " + id);
  }
  json slo(const std::string& name) {
    const json slos = get("/slo");
    for (const json& s : slos["slos"]) {  // the lab's, then each service's
      if (s["name"] == name) return s;
    }
    throw std::runtime_error("no SLO " + name);
  }
  // Sends `count` GETs through the service's proxy and answers their statuses.
  std::vector<unsigned> send(unsigned short port, int count) {
    HttpClient client("127.0.0.1", port);
    std::vector<unsigned> statuses;
    for (int i = 0; i < count; ++i) statuses.push_back(client.get("/work").status);
    return statuses;
  }

  TestUpstream web_, api1_, api2_;
  TempDir dir_;
  ServerOptions options_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> control_;
  unsigned short web_port_ = 0;
  unsigned short api_port_ = 0;
};

TEST_F(RealLabTest, ForwardsMethodsBodiesHeadersAndStatuses) {
  HttpClient client("127.0.0.1", web_port_);
  for (const std::string method : {"POST", "PUT", "PATCH", "DELETE"}) {
    SCOPED_TRACE(method);
    const HttpResponse r = client.request(method, "/orders/7?x=1", R"({"n": 1})",
                                          "application/json", {{"X-Request-Id", "abc"}});
    ASSERT_EQ(r.status, 200U) << r.describe();
    const json echo = r.json();
    EXPECT_EQ(echo["method"], method);
    EXPECT_EQ(echo["target"], "/orders/7?x=1");
    EXPECT_EQ(echo["body"], R"({"n": 1})");
    EXPECT_EQ(echo["headers"]["x-request-id"], "abc");
    EXPECT_EQ(echo["headers"]["x-forwarded-for"], "127.0.0.1");
    EXPECT_EQ(echo["upstream"], web_.port());
  }
  const HttpResponse missing =
      client.request("GET", "/nothing", {}, {}, {{"x-upstream-status", "404"}});
  EXPECT_EQ(missing.status, 404U);
  const HttpResponse head = client.request("HEAD", "/orders/7");
  EXPECT_EQ(head.status, 200U);
  EXPECT_TRUE(head.body.empty());
  // Round robin over api's two ready endpoints.
  HttpClient api("127.0.0.1", api_port_);
  std::set<unsigned> upstreams;
  for (int i = 0; i < 4; ++i) upstreams.insert(api.get("/").json()["upstream"].get<unsigned>());
  EXPECT_EQ(upstreams, (std::set<unsigned>{api1_.port(), api2_.port()}));
}

TEST_F(RealLabTest, ADelayFaultShowsInTheMeasuredLatency) {
  const json answer = post("/fault/web-pod-1", {{"delay_ms", 250}});
  EXPECT_EQ(answer["pod"]["delay_ms"], 250);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(send(web_port_, 3), (std::vector<unsigned>{200, 200, 200}));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(750));
  // Its recent figures cover 2 s; what stays is its last latency and the status change.
  ASSERT_TRUE(eventually(
      "web-pod-1's measured latency shows the delay", [&] { return pod("web-pod-1"); },
      [](const json& p) { return p["latency_ms"].get<double>() >= 250.0; }));
  ASSERT_TRUE(eventually(
      "web-pod-1 turned Degraded", [&] { return get("/events?limit=100"); },
      [](const json& body) {
        for (const json& event : body["events"]) {
          const std::string message = event["message"];
          if (event["target"] == "web-pod-1" && message.find("-> Degraded") != std::string::npos) {
            return true;
          }
        }
        return false;
      }));
  ASSERT_TRUE(eventually(
      "the lab's latency SLI counts the slow requests", [&] { return slo("lab"); },
      [](const json& s) { return s["latency"]["bad_requests"]["5m"].get<int>() >= 3; }));
}

// A request held at an endpoint is in flight on its pod from the moment it is handed over: the
// pod turns Degraded once it is older than the 200 ms threshold, while it is still unanswered.
TEST_F(RealLabTest, AHeldRequestShowsInFlightBeforeItIsAnswered) {
  post("/fault/web-pod-1", {{"delay_ms", 4000}});
  std::atomic<bool> answered{false};
  std::thread client([&] {
    send(web_port_, 1);
    answered = true;
  });
  const bool seen = eventually(
      "web-pod-1 Degraded by a request in flight", [&] { return pod("web-pod-1"); },
      [](const json& p) {
        return p["requests_in_flight"] == 1 && p["status"] == "Degraded" &&
               p["oldest_in_flight_ms"].get<double>() > 200.0;
      });
  const bool before_the_answer = !answered;
  client.join();
  ASSERT_TRUE(seen);
  EXPECT_TRUE(before_the_answer) << "seen only after the request was answered";
  ASSERT_TRUE(eventually(
      "the answered request is no longer in flight", [&] { return pod("web-pod-1"); },
      [](const json& p) { return p["requests_in_flight"] == 0; }));
}

TEST_F(RealLabTest, AnErrorFaultShowsInTheErrorRatioAndTheBurnRate) {
  post("/fault/service/api", {{"mode", "all"}, {"error_rate", 1.0}, {"duration_s", 60}});
  const std::vector<unsigned> statuses = send(api_port_, 10);
  EXPECT_EQ(statuses, std::vector<unsigned>(10, 503U));  // api's error_status
  ASSERT_TRUE(eventually(
      "api's availability burns", [&] { return slo("api"); },
      [](const json& s) {
        return s["availability"]["bad_requests"]["5m"] == 10 &&
               s["availability"]["burn_rate"]["5m"].get<double>() > 14.4;
      }));
  // api is not an entry point: its requests are web's calls, not the lab's clients'.
  EXPECT_EQ(get("/slo")["requests_5m"], 0);

  post("/fault/web-pod-1", {{"error_rate", 1.0}});
  EXPECT_EQ(send(web_port_, 5), std::vector<unsigned>(5, 500U));
  ASSERT_TRUE(eventually(
      "the lab's burn rate counts web's errors", [&] { return get("/slo"); },
      [](const json& s) { return s["burn_rate_5m"].get<double>() > 14.4; }));
}

TEST_F(RealLabTest, AKilledEndpointIsTakenOutByItsHealthCheck) {
  post("/fault/api-pod-1", {{"kill", true}});
  ASSERT_TRUE(eventually(
      "the health check takes api-pod-1 out", [&] { return pod("api-pod-1"); },
      [](const json& p) { return !p["in_endpoints"].get<bool>() && p["status"] == "Down"; }));
  const std::size_t before = api1_.requests();
  EXPECT_EQ(send(api_port_, 6), std::vector<unsigned>(6, 200U));  // all to api-pod-2
  EXPECT_EQ(api1_.requests(), before);  // out, and killed: neither requests nor probes reach it
  EXPECT_EQ(get("/services")["services"][1]["pods_ready"], 1);

  post("/reset", json::object());
  ASSERT_TRUE(eventually(
      "api-pod-1 is back once its health check passes", [&] { return pod("api-pod-1"); },
      [](const json& p) { return p["ready"].get<bool>() && p["killed"] == false; }));
  EXPECT_EQ(pod("api-pod-1")["restarts"], 0);
}

TEST_F(RealLabTest, TheOriginalApiAnswers) {
  send(web_port_, 5);
  EXPECT_EQ(get("/health")["status"], "healthy");
  const json pods = get("/pods");
  for (const json& p : pods["pods"]) {
    EXPECT_TRUE(p["latency_ms"].is_number()) << p.dump();
    EXPECT_TRUE(p["error_rate"].is_number());
    EXPECT_TRUE(p["delay_ms"].is_number());
    EXPECT_TRUE(p["killed"].is_boolean());
    EXPECT_TRUE(p["restarts"].is_number());
    EXPECT_TRUE(p["endpoint"].is_string());
  }
  const json s = get("/slo");
  EXPECT_EQ(s["latency_p95_target_ms"], 200);
  EXPECT_TRUE(s["burn_rate_5m"].is_number());
  EXPECT_TRUE(s["budget_remaining"].is_number());
  const HttpResponse metrics = control_->get("/metrics");
  EXPECT_NE(metrics.body.find("healthboard_pod_ready{"), std::string::npos);
  ASSERT_TRUE(eventually(
      "/metrics counts web's requests", [&] { return control_->get("/metrics").body; },
      [](const std::string& body) {
        return body.find("healthboard_requests_total{service=\"web\"") != std::string::npos;
      }));
}

TEST_F(RealLabTest, RefusesWhatARealEndpointCannotTake) {
  const auto refused = [&](const std::string& target, const json& body, unsigned status) {
    SCOPED_TRACE(target);
    const json answer = post(target, body, status);
    EXPECT_TRUE(answer["detail"].is_string());
  };
  refused("/restart/web-pod-1", json::object(), 409);
  refused("/scale/api", {{"replicas", 3}}, 409);
  refused("/rollout/api", {{"version", "v2"}}, 409);
  refused("/partition", {{"from", "web"}, {"to", "api"}}, 409);
  refused("/fault/web-pod-1", {{"crash", true}}, 422);
  EXPECT_EQ(control_->get("/rollout/api").status, 409U);
  refused("/fault/web-pod-1", {{"crash_loop", true}}, 422);
  EXPECT_EQ(pod("web-pod-1")["restarts"], 0);
}

// With --envoy-fault-headers, a client asks for its own fault, as Envoy's fault filter allows;
// the proxy answers an abort itself, and it counts for the service and the lab, not for a pod.
TEST_F(RealLabTest, EnvoyFaultHeadersAskForAFault) {
  HttpClient client("127.0.0.1", web_port_);
  const HttpResponse aborted =
      client.request("GET", "/", {}, {}, {{"x-envoy-fault-abort-request", "503"}});
  EXPECT_EQ(aborted.status, 503U) << aborted.describe();
  const auto started = std::chrono::steady_clock::now();
  const HttpResponse delayed =
      client.request("GET", "/", {}, {}, {{"x-envoy-fault-delay-request", "200"}});
  EXPECT_EQ(delayed.status, 200U);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(200));
  EXPECT_FALSE(delayed.json()["headers"].contains("x-envoy-fault-delay-request"));
  const HttpResponse bad =
      client.request("GET", "/", {}, {}, {{"x-envoy-fault-abort-request-percentage", "150"}});
  EXPECT_EQ(bad.status, 400U);
  EXPECT_NE(bad.body.find("x-envoy-fault-abort-request-percentage"), std::string::npos);
  ASSERT_TRUE(eventually(
      "the lab counts the abort as an error", [&] { return slo("lab")["availability"]; },
      [](const json& a) { return a["bad_requests"]["5m"] == 1 && a["requests"]["5m"] == 3; }));
}

// The faults and the counts are kept in the data directory: a restarted server puts the faults
// back in force on the proxies.
TEST_F(RealLabTest, ARestartedServerKeepsTheFaultsInForce) {
  post("/fault/api-pod-1", {{"kill", true}});
  post("/fault/web-pod-1", {{"delay_ms", 150}});
  EXPECT_EQ(send(web_port_, 2), (std::vector<unsigned>{200, 200}));
  ASSERT_TRUE(server_->stop().clean());

  start();
  EXPECT_EQ(pod("api-pod-1")["killed"], true);
  EXPECT_EQ(pod("web-pod-1")["delay_ms"], 150);
  ASSERT_TRUE(eventually(
      "web-pod-1 is back in the endpoints", [&] { return pod("web-pod-1"); },
      [](const json& p) { return p["ready"].get<bool>(); }));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(send(web_port_, 2), (std::vector<unsigned>{200, 200}));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
  const std::size_t before = api1_.requests();
  ASSERT_TRUE(eventually(
      "api-pod-2 alone is ready", [&] { return get("/services")["services"][1]; },
      [](const json& s) { return s["pods_ready"] == 1; }));
  EXPECT_EQ(send(api_port_, 4), std::vector<unsigned>(4, 200U));
  EXPECT_EQ(api1_.requests(), before);  // still killed: nothing reaches it
  ASSERT_TRUE(eventually(               // web's requests, before the restart and after
      "the lab's SLO counts the four", [&] { return slo("lab")["availability"]["requests"]; },
      [](const json& requests) { return requests["30d"] == 4; }));
}

// examples/real-experiment.yaml, whose pod names are those of this lab too.
TEST_F(RealLabTest, AnExperimentRunsAgainstIt) {
  const std::string file = std::string(HB_SOURCE_DIR) + "/examples/real-experiment.yaml";
  std::atomic<bool> done{false};
  std::thread clients([&] {  // web's clients, until the experiment is over
    HttpClient client("127.0.0.1", web_port_);
    while (!done.load()) client.get("/");
  });
  const RunResult run = run_binary({"experiment", "run", file, "--server",
                                    "http://127.0.0.1:" + std::to_string(server_->port())},
                                   std::chrono::seconds(60));
  done.store(true);
  clients.join();
  EXPECT_TRUE(run.status.clean()) << run.output();
  EXPECT_NE(run.output().find("Status: completed"), std::string::npos) << run.output();
  EXPECT_EQ(run.output().find("FAIL"), std::string::npos) << run.output();  // every probe held
}

TEST(RealLabCli, VirtualTimeRefusesARealLab) {
  const RunResult run = run_binary(
      {"experiment", "run", std::string(HB_SOURCE_DIR) + "/examples/real-experiment.yaml",
       "--virtual", "--config", std::string(HB_SOURCE_DIR) + "/examples/real.yaml"});
  EXPECT_TRUE(run.status.exited && run.status.code != 0) << run.output();
  EXPECT_NE(run.output().find("runs only in real time"), std::string::npos) << run.output();
}

}  // namespace
}  // namespace hbtest
