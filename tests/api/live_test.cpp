// The live dashboard's calls against the real binary: GET /lab, the /stream of server-sent
// events, GET /history, GET /events, and the dashboard itself at /.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "lab_fixture.h"

namespace hbtest {
namespace {

using LiveTest = LabTest;

// The `data:` lines of a server-sent event stream, parsed. (Not with std::regex: its recursive
// matcher overflows the stack on lines this long.)
std::vector<json> sse_data(const std::string& raw) {
  std::vector<json> found;
  const std::string prefix = "\ndata: ";
  for (std::size_t at = raw.find(prefix); at != std::string::npos; at = raw.find(prefix, at + 1)) {
    const std::size_t start = at + prefix.size();
    const std::size_t end = raw.find('\n', start);
    if (end == std::string::npos) break;  // cut off by the end of the read
    found.push_back(json::parse(raw.substr(start, end - start)));
  }
  return found;
}

TEST_F(LiveTest, LabHasEveryPartOfTheBoardInOneAnswer) {
  // The answer asserted below is the one waited for: it has a history sample and a Healthy lab
  // (a later GET could catch a service Degraded for a moment on a loaded machine).
  HttpResponse response;
  ASSERT_TRUE(eventually(
      "GET /lab has a history sample and status Healthy",
      [&] {
        response = client().get("/lab");
        const json lab = expect_json(response, 200, "GET /lab");
        return json{{"status", lab.at("status")}, {"sample", lab.at("sample")}};
      },
      [](const json& seen) {
        return !seen.at("sample").is_null() && seen.at("status") == "Healthy";
      }));
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  const json lab = response.json();
  const nlohmann::ordered_json as_sent = nlohmann::ordered_json::parse(response.body);
  std::vector<std::string> keys;
  for (const auto& [key, value] : as_sent.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"instance", "version", "timestamp", "status",
                                            "services", "pods", "slo", "events", "sample",
                                            "started_at", "downtimes"}));
  EXPECT_TRUE(is_recent_timestamp(lab.at("timestamp")));
  EXPECT_TRUE(is_recent_timestamp(lab.at("started_at")));
  EXPECT_LE(lab.at("started_at").get<double>(), lab.at("timestamp").get<double>());
  EXPECT_EQ(lab.at("downtimes"), json::array());  // a new lab in a new data directory
  EXPECT_EQ(lab.at("status"), "Healthy");
  EXPECT_EQ(lab.at("pods").size(), 9u);
  ASSERT_EQ(lab.at("services").size(), 3u);
  EXPECT_EQ(lab.at("services")[0].at("restarts"), 0);
  EXPECT_EQ(lab.at("slo").at("availability_target"), 0.995);
  EXPECT_TRUE(lab.at("events").is_array());
  const json& sample = lab.at("sample");
  EXPECT_TRUE(is_recent_timestamp(sample.at("t")));
  ASSERT_EQ(sample.at("services").size(), 3u);
  EXPECT_EQ(sample.at("services")[0].at("name"), "sensor-sim");
  EXPECT_EQ(sample.at("services")[0].at("pods_total"), 3);
}

// Reads the stream until `count` snapshots have come, or 30 s have passed on a machine too loaded
// to keep up (the assertions then say what was missing).
std::string read_stream(HttpClient& client, const std::string& host, std::size_t count) {
  return client.raw_until(
      "GET /stream HTTP/1.1\r\n" + host + "\r\n",
      [count](const std::string& answer) { return sse_data(answer).size() >= count; },
      std::chrono::seconds(30));
}

TEST_F(LiveTest, StreamPushesTheLabAboutOnceASecond) {
  const std::string raw = read_stream(client(), host_line(), 3);
  EXPECT_EQ(raw.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << raw.substr(0, 300);
  EXPECT_NE(raw.find("Content-Type: text/event-stream\r\n"), std::string::npos);
  EXPECT_NE(raw.find("Cache-Control: no-cache\r\n"), std::string::npos);
  EXPECT_NE(raw.find("retry: 2000\n"), std::string::npos);
  const std::vector<json> events = sse_data(raw);
  ASSERT_GE(events.size(), 3u) << "one at once, then one a second: " << raw.size() << " bytes";
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_GT(events[i].at("version"), events[i - 1].at("version"));
    const double gap =
        events[i].at("timestamp").get<double>() - events[i - 1].at("timestamp").get<double>();
    // About once a second: not every snapshot (ten a second), and not seconds apart; the upper
    // bound leaves room for a loaded machine's late timer.
    EXPECT_GT(gap, 0.5);
    EXPECT_LT(gap, 3.0);
  }
  EXPECT_EQ(events.back().at("pods").size(), 9u);
  EXPECT_NE(raw.find("event: snapshot\n"), std::string::npos);
}

TEST_F(LiveTest, StreamShowsAFaultWithinTwoSeconds) {
  fault("sensor-sim-pod-1", {{"delay_ms", 1000}});
  // Degraded needs a request held by the delay for over 200 ms of lab time, which a loaded
  // machine may take longer than the stream read below to reach. Wait until the lab has it (the
  // status and its event), then check that the stream shows it within the read.
  ASSERT_TRUE(eventually(
      "sensor-sim-pod-1 Degraded with its pod_status event logged",
      [&] {
        const json p = pod("sensor-sim-pod-1");
        const json page = expect_json(client().get("/events?limit=50"), 200, "GET /events");
        const bool status_logged =
            std::any_of(page.at("events").begin(), page.at("events").end(), [](const json& e) {
              return e.at("kind") == "pod_status" && e.at("target") == "sensor-sim-pod-1";
            });
        return json{{"status", p.at("status")}, {"pod_status_logged", status_logged}};
      },
      [](const json& seen) {
        return seen.at("status") == "Degraded" && seen.at("pod_status_logged") == true;
      },
      Poll{std::chrono::seconds(30)}));
  // Two snapshots: the second was published after the lab had the fault, whichever the first was.
  const std::vector<json> events = sse_data(read_stream(client(), host_line(), 2));
  ASSERT_GE(events.size(), 2u);
  const json& last = events.back();
  EXPECT_EQ(last.at("pods")[0].at("delay_ms"), 1000);
  EXPECT_EQ(last.at("pods")[0].at("status"), "Degraded");
  const auto logged = [&](const std::string& message) {
    return std::any_of(last.at("events").begin(), last.at("events").end(),
                       [&](const json& e) { return e.at("message") == message; });
  };
  EXPECT_TRUE(logged("fault on sensor-sim-pod-1: delay_ms 1000")) << last.at("events").dump();
  EXPECT_TRUE(std::any_of(last.at("events").begin(), last.at("events").end(), [](const json& e) {
    return e.at("kind") == "pod_status" && e.at("target") == "sensor-sim-pod-1";
  })) << last.at("events").dump();
}

TEST_F(LiveTest, HistoryGivesAlignedColumnsForTheWindow) {
  ASSERT_TRUE(eventually_true("three samples", [&] {
    return client().get("/history?window=10s").json().at("t").size() >= 3;
  }));
  fault("planner-sim-pod-2", {{"error_rate", 0.5}});
  const json history = expect_json(client().get("/history?window=10s"), 200, "GET /history");
  EXPECT_EQ(history.at("window_seconds"), 10);
  EXPECT_EQ(history.at("step_seconds"), 1);
  const json& t = history.at("t");
  ASSERT_GE(t.size(), 3u);
  EXPECT_LE(t.size(), 10u);
  for (std::size_t i = 1; i < t.size(); ++i) {
    EXPECT_NEAR(t[i].get<double>() - t[i - 1].get<double>(), 1.0, 1e-6);
  }
  ASSERT_EQ(history.at("services").size(), 3u);
  for (const json& service : history.at("services")) {
    for (const char* column : {"latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "error_ratio",
                               "request_rate", "pods_healthy", "pods_ready", "pods_total"}) {
      EXPECT_EQ(service.at(column).size(), t.size()) << service.at("name") << " " << column;
    }
  }
  // Newest first. The fault is the newest fault; it need not be the newest event: the status
  // changes it causes (the pod's, its service's) follow within a few hundred ms of lab time.
  const json& events = history.at("events");
  ASSERT_FALSE(events.empty());
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_GE(events[i - 1].at("at").get<double>(), events[i].at("at").get<double>())
        << events.dump();
  }
  const auto newest_fault = std::find_if(events.begin(), events.end(),
                                         [](const json& e) { return e.at("kind") == "fault"; });
  ASSERT_NE(newest_fault, events.end()) << events.dump();
  EXPECT_EQ(newest_fault->at("message"), "fault on planner-sim-pod-2: error_rate 0.5")
      << events.dump();
  EXPECT_EQ(client().get("/history").json().at("window_seconds"), 300);
}

TEST_F(LiveTest, HistoryRefusesABadWindow) {
  for (const char* bad : {"window=5", "window=5s", "window=2h", "window=abc", "window="}) {
    const HttpResponse response = client().get(std::string("/history?") + bad);
    EXPECT_EQ(response.status, 422u) << bad;
    EXPECT_EQ(response.json().at("detail").get<std::string>().rfind("window: must be", 0), 0u)
        << response.body;
  }
  const HttpResponse unknown = client().get("/history?windw=5m");
  EXPECT_EQ(unknown.status, 422u);
  EXPECT_EQ(unknown.json().at("detail"),
            "windw: is not a known query parameter; this call takes window");
}

TEST_F(LiveTest, EventsArePagedNewestFirst) {
  for (int delay = 1; delay <= 5; ++delay) fault("ui-proxy-pod-3", {{"delay_ms", delay}});
  const json first = expect_json(client().get("/events?limit=2"), 200, "GET /events");
  ASSERT_EQ(first.at("events").size(), 2u);
  EXPECT_EQ(first.at("events")[0].at("message"), "fault on ui-proxy-pod-3: delay_ms 5");
  EXPECT_EQ(first.at("events")[1].at("message"), "fault on ui-proxy-pod-3: delay_ms 4");
  EXPECT_GE(first.at("total"), 5);
  const json second =
      client().get("/events?limit=2&before=" + first.at("next_before").dump()).json();
  EXPECT_EQ(second.at("events")[0].at("message"), "fault on ui-proxy-pod-3: delay_ms 3");
  const json event = second.at("events")[0];
  EXPECT_EQ(event.at("target"), "ui-proxy-pod-3");
  EXPECT_EQ(event.at("service"), "ui-proxy");
  EXPECT_EQ(event.at("level"), "info");
  EXPECT_TRUE(is_recent_timestamp(event.at("at")));
  const json rest =
      client().get("/events?limit=500&before=" + first.at("next_before").dump()).json();
  EXPECT_TRUE(rest.at("next_before").is_null());
  for (const char* bad : {"limit=0", "limit=501", "limit=x", "before=0", "before=-1", "page=2"}) {
    EXPECT_EQ(client().get(std::string("/events?") + bad).status, 422u) << bad;
  }
}

TEST_F(LiveTest, DashboardIsServedFromTheBinary) {
  const HttpResponse page = client().get("/");
  ASSERT_EQ(page.status, 200u) << page.describe();
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.header("Cache-Control"), "no-cache");
  ASSERT_TRUE(page.has_header("ETag"));
  EXPECT_EQ(client().get("/index.html").body, page.body);

  const HttpResponse again =
      client().request("GET", "/", {}, {}, {{"If-None-Match", page.header("ETag")}});
  EXPECT_EQ(again.status, 304u);
  EXPECT_TRUE(again.body.empty());

  // Every script and style sheet the page names is served, cached for good.
  static const std::regex asset("(?:src|href)=\"(/assets/[^\"]+)\"");
  int assets = 0;
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), asset);
       it != std::sregex_iterator(); ++it, ++assets) {
    const std::string path = (*it)[1].str();
    const HttpResponse file = client().get(path);
    EXPECT_EQ(file.status, 200u) << path;
    EXPECT_EQ(file.header("Cache-Control"), "public, max-age=31536000, immutable") << path;
    const bool script = path.ends_with(".js");
    EXPECT_EQ(file.header("Content-Type"),
              script ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
        << path;
    EXPECT_FALSE(file.body.empty()) << path;
  }
  EXPECT_GE(assets, 1) << page.body;
}

TEST_F(LiveTest, ApiIndexMovedToApi) {
  const json index = expect_json(client().get("/api"), 200, "GET /api");
  EXPECT_EQ(index.at("dashboard"), "GET /");
  EXPECT_NE(std::find(index.at("endpoints").begin(), index.at("endpoints").end(), "GET /stream"),
            index.at("endpoints").end());
}

}  // namespace
}  // namespace hbtest
