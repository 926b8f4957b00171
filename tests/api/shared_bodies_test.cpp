// Bodies served from the per-snapshot cache, against the real binary: GET /pods' service,
// status and paging parameters, GET /stream's pod selection, gzip answers (decompressed with
// zlib here) and bodies that are byte-identical for one snapshot.
#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lab_fixture.h"

namespace hbtest {
namespace {

using SharedBodiesTest = LabTest;

const std::vector<std::pair<std::string, std::string>> kGzip = {{"Accept-Encoding", "gzip"}};

// A whole gzip body, inflated with zlib; throws when it is not gzip.
std::string gunzip(const std::string& data) {
  z_stream z{};
  if (inflateInit2(&z, MAX_WBITS + 16) != Z_OK) throw std::runtime_error("inflateInit2");
  std::string out;
  std::array<char, 16384> buffer{};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buffer.data());
    z.avail_out = static_cast<uInt>(buffer.size());
    status = inflate(&z, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      inflateEnd(&z);
      throw std::runtime_error("not a gzip body: zlib status " + std::to_string(status));
    }
    out.append(buffer.data(), buffer.size() - z.avail_out);
  }
  const bool trailing = z.avail_in != 0;
  inflateEnd(&z);
  if (trailing) throw std::runtime_error("bytes after the gzip member");
  return out;
}

// Opens GET `target` on a fresh connection and returns the head and the first server-sent event
// (through its blank line), or the whole answer when the server closes first (a refusal).
std::string first_event(unsigned short port, const std::string& target) {
  namespace asio = boost::asio;
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  const std::string request =
      "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n\r\n";
  asio::write(socket, asio::buffer(request));
  std::string seen;
  std::array<char, 16384> chunk{};
  for (;;) {
    boost::system::error_code ec;
    const std::size_t n = socket.read_some(asio::buffer(chunk), ec);
    seen.append(chunk.data(), n);
    const std::size_t data = seen.find("\ndata: ");
    if (data != std::string::npos && seen.find("\n\n", data) != std::string::npos) return seen;
    if (ec) return seen;  // closed: a refusal, or the server went away
  }
}

// The JSON of the first event's data line.
json event_data(const std::string& raw) {
  const std::size_t at = raw.find("\ndata: ");
  if (at == std::string::npos) throw std::runtime_error("no event in: " + raw.substr(0, 300));
  const std::size_t start = at + 7;
  return json::parse(raw.substr(start, raw.find('\n', start) - start));
}

// Asserts a 422 whose detail is about `field`.
void expect_refused(const HttpResponse& response, const std::string& field) {
  ASSERT_EQ(response.status, 422u) << response.describe();
  const json body = response.json();
  EXPECT_EQ(body.at("field"), field) << body.dump();
  EXPECT_NE(body.at("detail").get<std::string>().find(field), std::string::npos) << body.dump();
}

std::vector<std::string> ids(const json& pods) {
  std::vector<std::string> out;
  for (const auto& pod : pods) out.push_back(pod.at("id"));
  return out;
}

TEST_F(SharedBodiesTest, PlainPodsKeepsTheOriginalShape) {
  const nlohmann::ordered_json body = nlohmann::ordered_json::parse(client().get("/pods").body);
  std::vector<std::string> keys;
  for (const auto& [key, value] : body.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"pods", "timestamp"}));
  EXPECT_EQ(ids(body.at("pods")), std::vector<std::string>(kPodIds.begin(), kPodIds.end()));
}

TEST_F(SharedBodiesTest, PodsOfOneService) {
  const json page = expect_json(client().get("/pods?service=planner-sim"), 200, "GET /pods");
  EXPECT_EQ(
      ids(page.at("pods")),
      (std::vector<std::string>{"planner-sim-pod-1", "planner-sim-pod-2", "planner-sim-pod-3"}));
  EXPECT_EQ(page.at("total"), 3);
  EXPECT_TRUE(page.at("next_offset").is_null());
  EXPECT_TRUE(is_recent_timestamp(page.at("timestamp")));
}

TEST_F(SharedBodiesTest, PodsInPages) {
  const json first = expect_json(client().get("/pods?limit=4"), 200, "GET /pods?limit=4");
  EXPECT_EQ(ids(first.at("pods")), std::vector<std::string>(kPodIds.begin(), kPodIds.begin() + 4));
  EXPECT_EQ(first.at("total"), 9);
  ASSERT_EQ(first.at("next_offset"), 4);
  const json second = expect_json(client().get("/pods?limit=4&offset=4"), 200, "page 2");
  EXPECT_EQ(ids(second.at("pods")),
            std::vector<std::string>(kPodIds.begin() + 4, kPodIds.begin() + 8));
  EXPECT_EQ(second.at("next_offset"), 8);
  const json last = expect_json(client().get("/pods?limit=4&offset=8"), 200, "page 3");
  EXPECT_EQ(ids(last.at("pods")), std::vector<std::string>{"ui-proxy-pod-3"});
  EXPECT_TRUE(last.at("next_offset").is_null());
  const json past = expect_json(client().get("/pods?offset=20"), 200, "past the end");
  EXPECT_TRUE(past.at("pods").empty());
  EXPECT_EQ(past.at("total"), 9);
  const json paged_service =
      expect_json(client().get("/pods?service=ui-proxy&limit=2&offset=1"), 200, "both");
  EXPECT_EQ(ids(paged_service.at("pods")),
            (std::vector<std::string>{"ui-proxy-pod-2", "ui-proxy-pod-3"}));
  EXPECT_EQ(paged_service.at("total"), 3);
}

TEST_F(SharedBodiesTest, PodsByStatus) {
  fault("sensor-sim-pod-2", {{"kill", true}});
  ASSERT_TRUE(eventually(
      "only the killed pod is Down",
      [&] { return expect_json(client().get("/pods?status=Down"), 200, "GET /pods?status=Down"); },
      [](const json& page) {
        return page.at("total") == 1 &&
               ids(page.at("pods")) == std::vector<std::string>{"sensor-sim-pod-2"};
      }));
  const json healthy = expect_json(client().get("/pods?status=Healthy&service=sensor-sim"), 200,
                                   "healthy sensor-sim pods");
  for (const auto& pod : healthy.at("pods")) {
    EXPECT_EQ(pod.at("status"), "Healthy");
    EXPECT_EQ(pod.at("service"), "sensor-sim");
  }
}

TEST_F(SharedBodiesTest, BadPodParametersAre422NamingThem) {
  expect_refused(client().get("/pods?service=nope"), "service");
  expect_refused(client().get("/pods?status=healthy"), "status");
  expect_refused(client().get("/pods?status="), "status");
  expect_refused(client().get("/pods?limit=0"), "limit");
  expect_refused(client().get("/pods?limit=1001"), "limit");
  expect_refused(client().get("/pods?limit=ten"), "limit");
  expect_refused(client().get("/pods?offset=-1"), "offset");
  expect_refused(client().get("/pods?offset=1.5"), "offset");
  expect_refused(client().get("/pods?page=2"), "page");
  expect_refused(client().get("/pods?limit=2&limit=3"), "limit");
}

TEST_F(SharedBodiesTest, StreamWithoutPods) {
  const json lab = event_data(first_event(server().port(), "/stream?pods=none"));
  EXPECT_TRUE(lab.at("pods").empty());
  EXPECT_EQ(lab.at("services").size(), 3u);
  EXPECT_EQ(lab.at("slo").at("availability_target"), 0.995);
  EXPECT_EQ(lab.at("status"), "Healthy");
}

TEST_F(SharedBodiesTest, StreamOfOneService) {
  const json lab = event_data(first_event(server().port(), "/stream?service=ui-proxy"));
  EXPECT_EQ(ids(lab.at("pods")),
            (std::vector<std::string>{"ui-proxy-pod-1", "ui-proxy-pod-2", "ui-proxy-pod-3"}));
  EXPECT_EQ(lab.at("services").size(), 3u);
  EXPECT_TRUE(lab.contains("slo"));
  const json all = event_data(first_event(server().port(), "/stream?pods=all"));
  EXPECT_EQ(all.at("pods").size(), 9u);
}

TEST_F(SharedBodiesTest, BadStreamParametersAre422NamingThem) {
  expect_refused(client().get("/stream?pods=some"), "pods");
  expect_refused(client().get("/stream?service=nope"), "service");
  expect_refused(client().get("/stream?pods=none&service=ui-proxy"), "pods");
  expect_refused(client().get("/stream?window=5m"), "window");
}

// Polls until two reads of `target` answer for the same snapshot (the same `key` field), and
// answers both bodies as sent.
std::pair<std::string, std::string> same_snapshot_twice(
    HttpClient& client, const std::string& target, const std::string& key,
    const std::vector<std::pair<std::string, std::string>>& second_headers = {}) {
  std::optional<std::pair<std::string, std::string>> found;
  const bool ok = eventually_true("two reads of " + target + " of one snapshot", [&] {
    const HttpResponse first = client.get(target);
    const HttpResponse second = client.request("GET", target, {}, {}, second_headers);
    const std::string second_body =
        second.header("Content-Encoding") == "gzip" ? gunzip(second.body) : second.body;
    if (json::parse(first.body).at(key) != json::parse(second_body).at(key)) return false;
    found.emplace(first.body, second_body);
    return true;
  });
  if (!ok || !found) throw std::runtime_error("no two reads of one snapshot");
  return *found;
}

TEST_F(SharedBodiesTest, OneSnapshotIsServedByteForByteTheSame) {
  for (const auto& [target, key] :
       std::vector<std::pair<std::string, std::string>>{{"/lab", "version"},
                                                        {"/pods", "timestamp"},
                                                        {"/health", "timestamp"},
                                                        {"/services", "timestamp"}}) {
    const auto [first, second] = same_snapshot_twice(client(), target, key);
    EXPECT_EQ(first, second) << target;
  }
  // A pod's own body is the same bytes as its element of /pods.
  const auto [pods_text, unused] = same_snapshot_twice(client(), "/pods", "timestamp");
  EXPECT_NE(pods_text.find(client().get("/pods/ui-proxy-pod-1").body.substr(0, 40)),
            std::string::npos);
}

TEST_F(SharedBodiesTest, GzipAnswersDecodeToTheSameJson) {
  for (const auto& [target, key] : std::vector<std::pair<std::string, std::string>>{
           {"/lab", "version"}, {"/pods", "timestamp"}}) {
    const HttpResponse zipped = client().request("GET", target, {}, {}, kGzip);
    EXPECT_EQ(zipped.header("Content-Encoding"), "gzip") << target;
    EXPECT_EQ(zipped.header("Vary"), "Accept-Encoding") << target;
    EXPECT_NO_THROW(json::parse(gunzip(zipped.body))) << target;
    const HttpResponse plain = client().get(target);
    EXPECT_FALSE(plain.has_header("Content-Encoding")) << target;
    EXPECT_EQ(plain.header("Vary"), "Accept-Encoding") << target;
    const auto [identity, decoded] = same_snapshot_twice(client(), target, key, kGzip);
    EXPECT_EQ(identity, decoded) << target;
  }
}

TEST_F(SharedBodiesTest, GzipIsRefusedByAZeroQuality) {
  const HttpResponse response =
      client().request("GET", "/lab", {}, {}, {{"Accept-Encoding", "gzip;q=0, identity"}});
  EXPECT_FALSE(response.has_header("Content-Encoding"));
  EXPECT_NO_THROW(response.json());
}

TEST_F(SharedBodiesTest, GzipMetricsCarryTheirOwnScrapeCount) {
  const HttpResponse zipped = client().request("GET", "/metrics", {}, {}, kGzip);
  ASSERT_EQ(zipped.status, 200u);
  EXPECT_EQ(zipped.header("Content-Encoding"), "gzip");
  const std::string text = gunzip(zipped.body);
  EXPECT_NE(text.find("\nhealthboard_scrapes_total 1\n"), std::string::npos) << text.substr(0, 500);
  EXPECT_NE(text.find("\npod_healthy{"), std::string::npos);
  const std::string next = client().get("/metrics").body;
  EXPECT_NE(next.find("\nhealthboard_scrapes_total 2\n"), std::string::npos);
}

TEST_F(SharedBodiesTest, DashboardAssetsAreServedGzipped) {
  // The dashboard's script, named in index.html (which is too small to be worth gzipping).
  const std::string index = client().get("/").body;
  const std::size_t at = index.find("/assets/");
  ASSERT_NE(at, std::string::npos) << index;
  const std::string script = index.substr(at, index.find('"', at) - at);
  const HttpResponse plain = client().get(script);
  ASSERT_EQ(plain.status, 200u) << script;
  const HttpResponse zipped = client().request("GET", script, {}, {}, kGzip);
  ASSERT_EQ(zipped.status, 200u);
  EXPECT_EQ(zipped.header("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped.header("Vary"), "Accept-Encoding");
  EXPECT_LT(zipped.body.size(), plain.body.size());
  EXPECT_NE(zipped.header("ETag"), plain.header("ETag"));
  EXPECT_EQ(gunzip(zipped.body), plain.body);
  const HttpResponse revalidated =
      client().request("GET", script, {}, {},
                       {{"Accept-Encoding", "gzip"}, {"If-None-Match", zipped.header("ETag")}});
  EXPECT_EQ(revalidated.status, 304u);
}

}  // namespace
}  // namespace hbtest
