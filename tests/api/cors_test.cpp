// CORS over real HTTP: the original frontend, served on its own origin, calls the API across
// origins; only origins named with --cors-origin get the headers.
#include <gtest/gtest.h>

#include "lab_fixture.h"

namespace hbtest {
namespace {

constexpr const char* kFrontend = "http://localhost:3000";

using Headers = std::vector<std::pair<std::string, std::string>>;

class CorsTest : public LabTest {
 protected:
  std::vector<std::string> extra_args() const override {
    return {"--cors-origin", kFrontend, "--cors-origin", "http://127.0.0.1:3000"};
  }
};

TEST_F(CorsTest, PreflightFromTheFrontendAllowsJsonPosts) {
  const auto r = client().request("OPTIONS", "/fault/sensor-sim-pod-1", "", "",
                                  Headers{{"Origin", kFrontend},
                                          {"Access-Control-Request-Method", "POST"},
                                          {"Access-Control-Request-Headers", "content-type"}});
  EXPECT_EQ(r.status, 204u) << r.describe();
  EXPECT_EQ(r.header("access-control-allow-origin"), kFrontend);
  EXPECT_NE(r.header("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_NE(r.header("access-control-allow-methods").find("DELETE"), std::string::npos);
  EXPECT_EQ(r.header("access-control-allow-headers"), "Content-Type, Authorization");
}

TEST_F(CorsTest, RequestsFromTheFrontendGetItsOriginBack) {
  const auto get = client().request("GET", "/pods", "", "", Headers{{"Origin", kFrontend}});
  EXPECT_EQ(get.status, 200u);
  EXPECT_EQ(get.header("access-control-allow-origin"), kFrontend);
  const auto post = client().request("POST", "/fault/sensor-sim-pod-1", R"({"delay_ms": 100})",
                                     "application/json", Headers{{"Origin", kFrontend}});
  EXPECT_EQ(post.status, 200u) << post.describe();
  EXPECT_EQ(post.header("access-control-allow-origin"), kFrontend);
  const auto other =
      client().request("GET", "/slo", "", "", Headers{{"Origin", "http://127.0.0.1:3000"}});
  EXPECT_EQ(other.header("access-control-allow-origin"), "http://127.0.0.1:3000");
}

TEST_F(CorsTest, AnyOtherOriginGetsNoCorsHeaders) {
  for (const char* origin :
       {"http://evil.example", "http://localhost:3001", "https://localhost:3000"}) {
    const auto get = client().request("GET", "/pods", "", "", Headers{{"Origin", origin}});
    EXPECT_FALSE(get.has_header("access-control-allow-origin")) << origin;
    const auto preflight =
        client().request("OPTIONS", "/fault/sensor-sim-pod-1", "", "",
                         Headers{{"Origin", origin}, {"Access-Control-Request-Method", "POST"}});
    EXPECT_FALSE(preflight.has_header("access-control-allow-origin")) << origin;
    EXPECT_FALSE(preflight.has_header("access-control-allow-methods")) << origin;
  }
}

// Without --cors-origin no origin is allowed: the embedded dashboard is same-origin.
class NoCorsTest : public LabTest {};

TEST_F(NoCorsTest, NoOriginGetsCorsHeadersByDefault) {
  const auto get = client().request("GET", "/pods", "", "", Headers{{"Origin", kFrontend}});
  EXPECT_EQ(get.status, 200u);
  EXPECT_FALSE(get.has_header("access-control-allow-origin"));
  const auto preflight =
      client().request("OPTIONS", "/pods", "", "",
                       Headers{{"Origin", kFrontend}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_FALSE(preflight.has_header("access-control-allow-origin"));
}

TEST(CorsFlagTest, ABadOriginIsRefusedWithTheRule) {
  const auto r = run_binary({"serve", "--port", "0", "--cors-origin", "localhost:3000"});
  EXPECT_TRUE(r.status.exited);
  EXPECT_NE(r.status.code, 0);
  EXPECT_NE(r.output().find("--cors-origin: must start with http:// or https://"),
            std::string::npos)
      << r.output();
}

}  // namespace
}  // namespace hbtest
