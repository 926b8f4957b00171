// Shared fixture for the API tests: a fresh healthboard server per test, a client connected to
// it, and small accessors for the JSON API. Accessors throw std::runtime_error (with the full
// response) on an unexpected status, which GoogleTest reports as a test failure.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "http_client.h"
#include "server_process.h"

namespace hbtest {

inline const std::array<std::string, 3> kServices = {"sensor-sim", "planner-sim", "ui-proxy"};

// The nine pods of the default lab in the documented order.
inline const std::array<std::string, 9> kPodIds = {
    "sensor-sim-pod-1",  "sensor-sim-pod-2",  "sensor-sim-pod-3",
    "planner-sim-pod-1", "planner-sim-pod-2", "planner-sim-pod-3",
    "ui-proxy-pod-1",    "ui-proxy-pod-2",    "ui-proxy-pod-3"};

inline double now_unix_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

// A number that is a plausible "now" in unix seconds (within a minute of the test's clock).
inline bool is_recent_timestamp(const json& v) {
  return v.is_number() && std::abs(v.get<double>() - now_unix_seconds()) < 60.0;
}

inline bool is_number_or_null(const json& v) {
  return v.is_null() || v.is_number();
}

// Returns the parsed body when the status matches; throws otherwise.
inline json expect_json(const HttpResponse& r, unsigned status, std::string_view what) {
  if (r.status != status)
    throw std::runtime_error(std::string(what) + ": expected HTTP " + std::to_string(status) +
                             ", got " + r.describe());
  return r.json();
}

// Extracts the elements of an array field as an object keyed by `key` (e.g. pods by "id"),
// handy for compact "last observed" reports.
inline json summarize(const json& list, std::string_view key,
                      std::initializer_list<std::string_view> fields) {
  json out = json::object();
  for (const auto& item : list) {
    json entry = json::object();
    for (auto f : fields) {
      const std::string name(f);
      entry[name] = item.contains(name) ? item.at(name) : json("<missing>");
    }
    out[item.at(std::string(key)).get<std::string>()] = entry;
  }
  return out;
}

class LabTest : public ::testing::Test {
 protected:
  // Seed for the simulated lab; tests override it only when they need to.
  virtual std::uint64_t seed() const { return 42; }
  virtual std::vector<std::string> extra_args() const { return {}; }

  void SetUp() override {
    ServerOptions options;
    options.seed = seed();
    options.extra_args = extra_args();
    server_ = std::make_unique<ServerProcess>(options);
    client_ = std::make_unique<HttpClient>(server_->host(), server_->port());
  }

  void TearDown() override {
    if (!server_) return;
    client_.reset();
    const ExitStatus status = server_->stop();
    EXPECT_TRUE(status.was_running)
        << "the server ended by itself during the test: " << status.describe();
    EXPECT_TRUE(status.clean()) << "SIGTERM did not shut the server down cleanly: "
                                << status.describe();
  }

  HttpClient& client() { return *client_; }
  // A Host header line naming the server as it listens (for raw requests): any other name is
  // refused on loopback.
  std::string host_line() const {
    return "Host: 127.0.0.1:" + std::to_string(server_->port()) + "\r\n";
  }
  ServerProcess& server() { return *server_; }
  // A second, independent connection to the same server.
  std::unique_ptr<HttpClient> new_client() {
    return std::make_unique<HttpClient>(server_->host(), server_->port());
  }

  json pods() { return expect_json(client().get("/pods"), 200, "GET /pods").at("pods"); }
  json pod(const std::string& id) {
    return expect_json(client().get("/pods/" + id), 200, "GET /pods/" + id);
  }
  json services() {
    return expect_json(client().get("/services"), 200, "GET /services").at("services");
  }
  json service(const std::string& name) {
    for (const auto& s : services())
      if (s.at("name") == name) return s;
    throw std::runtime_error("service " + name + " not in GET /services");
  }
  json slo() { return expect_json(client().get("/slo"), 200, "GET /slo"); }
  // POST /fault/{id} that must succeed; returns the whole answer {"message","pod"}.
  json fault(const std::string& id, const json& body) {
    return expect_json(client().post("/fault/" + id, body.dump()), 200,
                       "POST /fault/" + id + " " + body.dump());
  }
  json restart(const std::string& id) {
    return expect_json(client().post("/restart/" + id, ""), 200, "POST /restart/" + id);
  }

  // The injected-fault part of a pod plus its restart count: what a refused request must not
  // change.
  static json injected(const json& p) {
    return {{"error_rate", p.at("error_rate")},
            {"delay_ms", p.at("delay_ms")},
            {"killed", p.at("killed")},
            {"restarts", p.at("restarts")}};
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace hbtest
