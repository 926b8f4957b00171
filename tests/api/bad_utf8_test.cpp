// Invalid UTF-8 in a query, a path or a JSON body is the client's mistake: a 4xx with a JSON
// detail, never a 500, and the server goes on.
#include <gtest/gtest.h>

#include "lab_fixture.h"

namespace hbtest {
namespace {

class BadUtf8Test : public LabTest {
 protected:
  void expect_client_error(const HttpResponse& r, const std::string& what) {
    EXPECT_GE(r.status, 400u) << what << ": " << r.describe();
    EXPECT_LT(r.status, 500u) << what << ": " << r.describe();
    EXPECT_NO_THROW(r.json().at("detail")) << what << ": " << r.describe();
  }
};

TEST_F(BadUtf8Test, InAQueryGets422) {
  for (const char* target : {"/history?window=%FF", "/pods?service=%C3%28", "/pods?status=%E2%82",
                             "/events?limit=%FF", "/pods?%FF=1", "/stream?service=%ED%A0%80"}) {
    const auto r = client().get(target);
    expect_client_error(r, target);
    EXPECT_EQ(r.status, 422u) << target;
  }
}

TEST_F(BadUtf8Test, InAPathGets404) {
  for (const char* target : {"/pods/%FF", "/pods/sensor-sim-pod-%C0%AF"}) {
    const auto r = client().get(target);
    expect_client_error(r, target);
  }
  for (const char* target : {"/fault/%FF%FE", "/restart/%C3%28", "/fault/service/%FF"}) {
    const auto r = client().post(target, R"({"delay_ms": 10})");
    expect_client_error(r, target);
  }
  expect_client_error(client().request("DELETE", "/partition/%FF/planner-sim"),
                      "DELETE /partition/%FF/planner-sim");
  // Raw bytes over 0x7F in the target, not percent-encoded.
  const std::string raw = client().raw(
      "GET /pods/\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server().port()) +
      "\r\nConnection: close\r\n\r\n");
  expect_client_error(parse_response(raw), "raw bytes in the path");
}

TEST_F(BadUtf8Test, InAJsonBodyGets4xx) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/fault/sensor-sim-pod-1", "{\"delay_ms\": \"\xff\"}"},
      {"/fault/sensor-sim-pod-1", "{\"\xc3\x28\": 1}"},
      {"/fault/service/sensor-sim", "{\"mode\": \"\xe2\x82\", \"kill\": true}"},
      {"/partition", "{\"from\": \"ui-proxy\xff\", \"to\": \"planner-sim\"}"},
  };
  for (const auto& [target, body] : cases) {
    expect_client_error(client().post(target, body), target + " " + body);
  }
  EXPECT_EQ(pod("sensor-sim-pod-1").at("delay_ms"), 0);
  EXPECT_EQ(client().get("/faults").status, 200u);
}

}  // namespace
}  // namespace hbtest
