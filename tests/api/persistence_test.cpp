// A lab kept in its data directory, over the real binary: killed with SIGKILL under load while
// faults change, the next server on the same directory finds the faults, restart counts, events
// and SLO counts as they were at the last save (at most a second old); after SIGTERM it finds
// everything.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "lab_fixture.h"

namespace hbtest {
namespace {

// A data directory for the servers of one test, removed afterwards.
class DataDir {
 public:
  DataDir() {
    std::string pattern = "/tmp/hb-persistence-test-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern + "/lab";
  }
  ~DataDir() {
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(path_).parent_path(), ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

ServerOptions kept_in(const DataDir& dir, std::uint64_t seed) {
  ServerOptions options(seed);
  options.data_dir = dir.path();
  return options;
}

// The default lab's services with no client traffic: a lab resumed with it carries on from the
// store (same services and SLOs) and adds no counts, so they read back exactly as saved.
std::string quiet_config(const DataDir& dir) {
  const std::string path = std::filesystem::path(dir.path()).parent_path() / "quiet.yaml";
  std::ofstream(path) << "services:\n"
                         "  - {name: sensor-sim, rate_rps: 0}\n"
                         "  - {name: planner-sim, rate_rps: 0, dependencies: [sensor-sim]}\n"
                         "  - {name: ui-proxy, rate_rps: 0, dependencies: [planner-sim]}\n";
  return path;
}

ServerOptions resumed_quietly(const DataDir& dir, std::uint64_t seed) {
  ServerOptions options = kept_in(dir, seed);
  options.extra_args = {"--config", quiet_config(dir)};
  return options;
}

json post_ok(HttpClient& client, const std::string& target, const std::string& body) {
  return expect_json(client.post(target, body), 200, target);
}

// What a resumed lab must show as it was: faults (without their countdowns), restart counts,
// desired replicas and the events.
struct Board {
  json faults = json::array();
  std::map<std::string, int> restarts;
  int planner_replicas = 0;
  std::map<std::uint64_t, std::string> events;  // id -> message
  std::uint64_t oldest_kept = 1;                // the log keeps the latest 2,000 events
};

Board read_board(HttpClient& client) {
  Board board;
  const json faults = expect_json(client.get("/faults"), 200, "/faults");
  for (json fault : faults.at("faults")) {
    for (json& revert : fault.at("reverts")) revert.erase("in_seconds");
    board.faults.push_back(fault);
  }
  const json pods = expect_json(client.get("/pods"), 200, "/pods");
  for (const json& pod : pods.at("pods")) {
    board.restarts[pod.at("id")] = pod.at("restarts").get<int>();
  }
  const json lab = expect_json(client.get("/lab"), 200, "/lab");
  for (const json& service : lab.at("services")) {
    if (service.at("name") == "planner-sim") {
      board.planner_replicas = service.at("replicas_desired").get<int>();
    }
  }
  // Every event kept, page by page.
  std::string target = "/events?limit=500";
  for (;;) {
    const json page = expect_json(client.get(target), 200, "/events");
    for (const json& event : page.at("events")) {
      board.events[event.at("id").get<std::uint64_t>()] = event.at("message");
    }
    board.oldest_kept =
        page.at("total").get<std::uint64_t>() - page.at("kept").get<std::uint64_t>() + 1;
    if (page.at("next_before").is_null()) break;
    target =
        "/events?limit=500&before=" + std::to_string(page.at("next_before").get<std::uint64_t>());
  }
  return board;
}

struct Counts {
  std::uint64_t requests = 0;
  std::uint64_t bad = 0;
};

Counts lab_slo_counts(HttpClient& client) {
  const json lab = expect_json(client.get("/slo"), 200, "/slo").at("slos").at(0);
  return {lab.at("availability").at("requests").at("30d").get<std::uint64_t>(),
          lab.at("availability").at("bad_requests").at("30d").get<std::uint64_t>()};
}

// Waits until the server has saved after `instant` (unix seconds).
::testing::AssertionResult saved_after(HttpClient& client, double instant) {
  return eventually(
      "the lab is saved after the state was read",
      [&] { return expect_json(client.get("/readyz"), 200, "/readyz").at("saved_at"); },
      [&](const json& saved) { return saved.is_number() && saved.get<double>() > instant; });
}

// Changes of every kind the store keeps, some of them timed.
void change_the_lab(HttpClient& client) {
  post_ok(client, "/fault/sensor-sim-pod-1", R"({"kill": true})");
  post_ok(client, "/restart/planner-sim-pod-1", "");
  post_ok(client, "/restart/planner-sim-pod-1", "");
  post_ok(client, "/scale/planner-sim", R"({"replicas": 4})");
  post_ok(client, "/partition", R"({"from": "ui-proxy", "to": "planner-sim", "duration_s": 900})");
  for (int i = 0; i < 20; ++i) {  // faults changing while the load runs
    const std::string pod = "sensor-sim-pod-" + std::to_string(2 + i % 2);
    post_ok(client, "/fault/" + pod,
            R"({"delay_ms": )" + std::to_string(10 * i) + R"(, "duration_s": 600})");
    post_ok(client, "/fault/ui-proxy-pod-" + std::to_string(1 + i % 3),
            R"({"error_rate": 0.0)" + std::to_string(i % 10) + "}");
  }
}

void expect_same_board(const Board& resumed, const Board& before) {
  EXPECT_EQ(resumed.faults, before.faults);
  EXPECT_EQ(resumed.restarts, before.restarts);
  EXPECT_EQ(resumed.planner_replicas, 4);
  for (const auto& [id, message] : before.events) {
    if (id < resumed.oldest_kept) continue;  // dropped from the log by newer events since
    const auto kept = resumed.events.find(id);
    ASSERT_NE(kept, resumed.events.end()) << "event " << id << " is lost: " << message;
    EXPECT_EQ(kept->second, message);
  }
}

TEST(PersistenceTest, SigkillUnderLoadLosesAtMostTheLastSecond) {
  DataDir dir;
  Board before;
  Counts saved;
  Counts at_kill;
  int delay_saved = 0;  // a delay answered before a save that came after it
  std::atomic<int> delay_answered = 0;
  {
    ServerProcess server(kept_in(dir, 21));
    HttpClient client(server.host(), server.port());
    change_the_lab(client);
    // Readers, and a writer that sets a new delay on one pod after another until the kill.
    std::atomic<bool> running = true;
    std::thread load([&] {
      HttpClient reader(server.host(), server.port());
      while (running) {
        try {
          reader.get("/lab");
        } catch (const std::exception&) {
          // the server is gone
        }
      }
    });
    std::thread writer([&] {
      HttpClient poster(server.host(), server.port());
      for (int delay = 1; running; ++delay) {
        try {
          if (poster.post("/fault/ui-proxy-pod-1", R"({"delay_ms": )" + std::to_string(delay) + "}")
                  .status == 200) {
            delay_answered = delay;
          }
        } catch (const std::exception&) {
          return;  // the server is gone
        }
      }
    });
    ASSERT_TRUE(eventually_true("the writer has set a few delays",
                                [&] { return delay_answered.load() >= 20; }));
    before = read_board(client);
    saved = lab_slo_counts(client);
    delay_saved = delay_answered.load();
    ASSERT_TRUE(saved_after(client, now_unix_seconds()));
    at_kill = lab_slo_counts(client);
    server.signal(SIGKILL);
    EXPECT_EQ(server.wait_exit(std::chrono::seconds(5)).signal, SIGKILL);
    running = false;
    load.join();
    writer.join();
  }
  ServerProcess resumed(resumed_quietly(dir, 22));
  HttpClient client(resumed.host(), resumed.port());
  Board after = read_board(client);
  // The delay the writer set last before the kill: at least the one answered before the last
  // save, at most the last one sent (applied, perhaps not answered).
  int delay_resumed = -1;
  for (json& fault : after.faults) {
    if (fault.at("pod") == "ui-proxy-pod-1") {
      delay_resumed = fault.at("delay_ms").get<int>();
      fault["delay_ms"] = 0;
    }
  }
  EXPECT_GE(delay_resumed, delay_saved);
  EXPECT_LE(delay_resumed, delay_answered.load() + 1);
  for (json* board : {&after.faults, &before.faults}) {
    for (json& fault : *board) {
      if (fault.at("pod") == "ui-proxy-pod-1") fault["delay_ms"] = 0;
    }
  }
  expect_same_board(after, before);
  // The counts as of the last save: at least those read before it, at most those read before
  // the kill and what a few milliseconds of traffic add (about 180 requests a second).
  const Counts counts = lab_slo_counts(client);
  EXPECT_GE(counts.requests, saved.requests);
  EXPECT_LE(counts.requests, at_kill.requests + 100);
  EXPECT_GE(counts.bad, saved.bad);
  EXPECT_LE(counts.bad, at_kill.bad + 100);

  const json lab = expect_json(client.get("/lab"), 200, "/lab");
  ASSERT_EQ(lab.at("downtimes").size(), 1u) << lab.at("downtimes");
  EXPECT_GT(lab.at("downtimes")[0].at("seconds").get<double>(), 0.0);
  EXPECT_TRUE(std::any_of(after.events.begin(), after.events.end(), [](const auto& event) {
    return event.second.starts_with("lab resumed: the server was down for");
  }));
}

TEST(PersistenceTest, SigtermLosesNothing) {
  DataDir dir;
  Board before;
  Counts counts_before;
  {
    ServerProcess server(kept_in(dir, 23));
    HttpClient client(server.host(), server.port());
    change_the_lab(client);
    counts_before = lab_slo_counts(client);
    before = read_board(client);
    // The last change, answered an instant before the signal: no periodic save has it yet.
    post_ok(client, "/fault/planner-sim-pod-2", R"({"jitter_ms": 7})");
    server.signal(SIGTERM);
    EXPECT_TRUE(server.wait_exit(std::chrono::seconds(10)).clean());
  }
  ServerProcess resumed(resumed_quietly(dir, 24));
  HttpClient client(resumed.host(), resumed.port());
  Board after = read_board(client);
  const auto last = std::find_if(after.faults.begin(), after.faults.end(),
                                 [](const json& f) { return f.at("pod") == "planner-sim-pod-2"; });
  ASSERT_NE(last, after.faults.end()) << "the change answered before SIGTERM is lost";
  EXPECT_EQ(last->at("jitter_ms"), 7);
  after.faults.erase(last);
  expect_same_board(after, before);
  EXPECT_GE(lab_slo_counts(client).requests, counts_before.requests);
}

TEST(PersistenceTest, FreshStartsANewLab) {
  DataDir dir;
  {
    ServerProcess server(kept_in(dir, 25));
    HttpClient client(server.host(), server.port());
    post_ok(client, "/fault/sensor-sim-pod-1", R"({"kill": true})");
    EXPECT_TRUE(server.stop().clean());
  }
  ServerOptions options = kept_in(dir, 26);
  options.extra_args = {"--fresh"};
  ServerProcess fresh(options);
  HttpClient client(fresh.host(), fresh.port());
  EXPECT_EQ(expect_json(client.get("/faults"), 200, "/faults").at("faults"), json::array());
  EXPECT_EQ(expect_json(client.get("/lab"), 200, "/lab").at("downtimes"), json::array());
}

TEST(PersistenceTest, OneServerPerDataDirectory) {
  DataDir dir;
  ServerProcess first(kept_in(dir, 27));
  const auto second = run_binary({"serve", "--port", "0", "--data-dir", dir.path()});
  EXPECT_TRUE(second.status.exited && second.status.code == 2) << second.output();
  EXPECT_NE(second.output().find("is in use by process " + std::to_string(first.pid())),
            std::string::npos)
      << second.output();
}

TEST(PersistenceTest, AnotherConfigurationIsRefusedWithWhatToDo) {
  DataDir dir;
  {
    ServerProcess server(kept_in(dir, 28));
    HttpClient client(server.host(), server.port());
    ASSERT_TRUE(saved_after(client, now_unix_seconds()));
  }
  const auto other =
      run_binary({"serve", "--port", "0", "--data-dir", dir.path(), "--slo-window", "7d"});
  EXPECT_TRUE(other.status.exited && other.status.code == 2) << other.output();
  EXPECT_NE(other.output().find("--fresh"), std::string::npos) << other.output();
  EXPECT_NE(other.output().find("another --data-dir"), std::string::npos) << other.output();
}

}  // namespace
}  // namespace hbtest
