// Who may change the lab, over real HTTP: a JSON body only (415), no other site (403), no other
// Host while on loopback (403, DNS rebinding), the token when one is set (401), and no listening
// beyond loopback without a token unless told so.
#include <gtest/gtest.h>

#include <cstdlib>

#include "lab_fixture.h"

namespace hbtest {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

const std::string kPod = "sensor-sim-pod-1";
const std::string kFault = R"({"delay_ms": 100})";
constexpr const char* kToken = "0123456789abcdef0123456789abcdef";

class SafeMutationsTest : public LabTest {
 protected:
  std::string port() const { return std::to_string(server_->port()); }
  HttpResponse post_fault(std::string_view content_type, const Headers& headers = {}) {
    return client().request("POST", "/fault/" + kPod, kFault, content_type, headers);
  }
  json delay() { return pod(kPod).at("delay_ms"); }
};

TEST_F(SafeMutationsTest, ABodyThatIsNotJsonGets415AndChangesNothing) {
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/jsonx"}) {
    const auto r = post_fault(type);
    EXPECT_EQ(r.status, 415u) << type << ": " << r.describe();
    EXPECT_NE(r.json().at("detail").get<std::string>().find("Content-Type: must be "
                                                            "application/json"),
              std::string::npos)
        << r.describe();
  }
  EXPECT_EQ(delay(), 0);
}

TEST_F(SafeMutationsTest, JsonOrNoContentTypeIsRead) {
  EXPECT_EQ(post_fault("application/json; charset=utf-8").status, 200u);
  EXPECT_EQ(client()
                .request("POST", "/fault/" + kPod, R"({"delay_ms": 200})", "application/merge+json")
                .status,
            200u);
  const auto r = post_fault("");  // curl -d without -H would send a form type; no type is JSON
  EXPECT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(delay(), 100);
}

TEST_F(SafeMutationsTest, AnotherSitesOriginGets403AndChangesNothing) {
  for (const char* origin :
       {"http://evil.example", "null", "http://localhost:1", "https://127.0.0.1"}) {
    const auto r = post_fault("application/json", {{"Origin", origin}});
    EXPECT_EQ(r.status, 403u) << origin << ": " << r.describe();
    EXPECT_NE(r.json().at("detail").get<std::string>().find("Origin"), std::string::npos);
  }
  const auto reset =
      client().request("POST", "/reset", "", "", {{"Origin", "http://evil.example"}});
  EXPECT_EQ(reset.status, 403u) << reset.describe();
  EXPECT_EQ(delay(), 0);
  // Reading stays open to any origin (CORS keeps other sites from reading the answer).
  EXPECT_EQ(client().request("GET", "/pods", "", "", {{"Origin", "http://evil.example"}}).status,
            200u);
}

TEST_F(SafeMutationsTest, TheServersOwnOriginsMayChangeTheLab) {
  for (const std::string host : {"127.0.0.1", "localhost", "[::1]"}) {
    const std::string origin = "http://" + host + ":" + port();
    const auto r =
        post_fault("application/json", {{"Origin", origin}, {"Sec-Fetch-Site", "same-origin"}});
    EXPECT_EQ(r.status, 200u) << origin << ": " << r.describe();
  }
}

TEST_F(SafeMutationsTest, ACrossSiteFetchWithoutOriginGets403) {
  for (const char* site : {"cross-site", "same-site"}) {
    const auto r = post_fault("application/json", {{"Sec-Fetch-Site", site}});
    EXPECT_EQ(r.status, 403u) << site << ": " << r.describe();
    EXPECT_NE(r.json().at("detail").get<std::string>().find("Sec-Fetch-Site"), std::string::npos);
  }
  EXPECT_EQ(delay(), 0);
  EXPECT_EQ(post_fault("application/json", {{"Sec-Fetch-Site", "none"}}).status, 200u);
}

TEST_F(SafeMutationsTest, AHostThatIsNotTheServersGets403OnLoopback) {
  for (const std::string& host :
       std::vector<std::string>{"evil.example:" + port(), "evil.example", "127.0.0.1",
                                "localhost:1", "127.0.0.1:" + port() + "0"}) {
    const auto get = client().request("GET", "/pods", "", "", {{"Host", host}});
    EXPECT_EQ(get.status, 403u) << host << ": " << get.describe();
    EXPECT_NE(get.json().at("detail").get<std::string>().find("Host"), std::string::npos);
    EXPECT_EQ(post_fault("application/json", {{"Host", host}}).status, 403u) << host;
  }
  EXPECT_EQ(delay(), 0);
  for (const std::string& host :
       {"localhost:" + port(), "LOCALHOST:" + port(), "[::1]:" + port()}) {
    EXPECT_EQ(client().request("GET", "/pods", "", "", {{"Host", host}}).status, 200u) << host;
  }
}

class PublicUrlTest : public LabTest {
 protected:
  std::vector<std::string> extra_args() const override {
    return {"--public-url", "https://lab.example.com/healthboard"};
  }
};

TEST_F(PublicUrlTest, ThePublicUrlsHostAndOriginAreTheServersOwn) {
  EXPECT_EQ(client().request("GET", "/pods", "", "", {{"Host", "lab.example.com"}}).status, 200u);
  EXPECT_EQ(client().request("GET", "/pods", "", "", {{"Host", "lab.example.com:443"}}).status,
            200u);
  EXPECT_EQ(client().request("GET", "/pods", "", "", {{"Host", "lab.example.org"}}).status, 403u);
  const auto r = client().request("POST", "/fault/" + kPod, kFault, "application/json",
                                  {{"Origin", "https://lab.example.com"}});
  EXPECT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(client()
                .request("POST", "/fault/" + kPod, kFault, "application/json",
                         {{"Origin", "http://lab.example.com"}})
                .status,
            403u);
}

class CorsOriginMayChangeTest : public LabTest {
 protected:
  std::vector<std::string> extra_args() const override {
    return {"--cors-origin", "http://localhost:3000"};
  }
};

TEST_F(CorsOriginMayChangeTest, AnAllowedOriginMayChangeTheLabCrossSite) {
  const Headers from_frontend = {{"Origin", "http://localhost:3000"},
                                 {"Sec-Fetch-Site", "same-site"}};
  const auto preflight = client().request(
      "OPTIONS", "/fault/" + kPod, "", "",
      {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status, 204u) << preflight.describe();
  const auto r =
      client().request("POST", "/fault/" + kPod, kFault, "application/json", from_frontend);
  EXPECT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(r.header("access-control-allow-origin"), "http://localhost:3000");
  EXPECT_EQ(client()
                .request("POST", "/fault/" + kPod, kFault, "application/json",
                         {{"Origin", "http://localhost:3001"}})
                .status,
            403u);
}

class TokenTest : public LabTest {
 protected:
  json delay() { return pod(kPod).at("delay_ms"); }
  std::vector<std::string> extra_args() const override {
    return {"--token", kToken, "--cors-origin", "http://localhost:3000"};
  }
};

TEST_F(TokenTest, AChangeWithoutTheTokenGets401AndChangesNothing) {
  const auto missing = client().post("/fault/" + kPod, kFault);
  EXPECT_EQ(missing.status, 401u) << missing.describe();
  EXPECT_EQ(missing.header("www-authenticate"), R"(Bearer realm="healthboard")");
  EXPECT_NE(missing.json().at("detail").get<std::string>().find("Authorization"),
            std::string::npos);
  const auto wrong = client().request("POST", "/fault/" + kPod, kFault, "application/json",
                                      {{"Authorization", std::string("Bearer ") + kToken + "0"}});
  EXPECT_EQ(wrong.status, 401u) << wrong.describe();
  EXPECT_NE(wrong.header("www-authenticate").find(R"(error="invalid_token")"), std::string::npos);
  for (const std::string& value :
       std::vector<std::string>{"Basic " + std::string(kToken), std::string(kToken), "Bearer"}) {
    EXPECT_EQ(client().request("POST", "/reset", "", "", {{"Authorization", value}}).status, 401u)
        << value;
  }
  EXPECT_EQ(delay(), 0);
}

TEST_F(TokenTest, TheTokenOpensChangesAndReadsNeedNone) {
  EXPECT_EQ(client().get("/pods").status, 200u);
  EXPECT_EQ(client().get("/slo").status, 200u);
  const auto r = client().request("POST", "/fault/" + kPod, kFault, "application/json",
                                  {{"Authorization", std::string("bearer ") + kToken}});
  EXPECT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(delay(), 100);
  // A page on an allowed origin reads the 401 (its CORS header is there) to ask for the token.
  const auto from_page =
      client().request("POST", "/reset", "", "", {{"Origin", "http://localhost:3000"}});
  EXPECT_EQ(from_page.status, 401u);
  EXPECT_EQ(from_page.header("access-control-allow-origin"), "http://localhost:3000");
}

TEST(TokenEnvTest, HealthboardTokenSetsTheToken) {
  ::setenv("HEALTHBOARD_TOKEN", kToken, 1);
  ServerProcess server(ServerOptions{});
  ::unsetenv("HEALTHBOARD_TOKEN");
  HttpClient client(server.host(), server.port());
  EXPECT_EQ(client.post("/reset", "").status, 401u);
  EXPECT_EQ(
      client.request("POST", "/reset", "", "", {{"Authorization", std::string("Bearer ") + kToken}})
          .status,
      200u);
  EXPECT_TRUE(server.stop().clean());
}

TEST(TokenFlagTest, AShortTokenIsRefusedWithTheRule) {
  const auto r = run_binary({"serve", "--port", "0", "--token", "secret"});
  EXPECT_TRUE(r.status.exited);
  EXPECT_NE(r.status.code, 0);
  EXPECT_NE(r.output().find("--token: must be at least 16 characters"), std::string::npos)
      << r.output();
}

TEST(ListenBeyondLoopbackTest, IsRefusedWithoutATokenOrInsecure) {
  for (const char* host : {"0.0.0.0", "::"}) {
    const auto r = run_binary({"serve", "--host", host, "--port", "0"});
    EXPECT_TRUE(r.status.exited) << r.status.describe();
    EXPECT_EQ(r.status.code, 2) << r.output();
    EXPECT_NE(r.output().find("refusing to listen on " + std::string(host) + " without a token"),
              std::string::npos)
        << r.output();
    EXPECT_EQ(r.out.find("listening"), std::string::npos) << r.out;
  }
}

TEST(ListenBeyondLoopbackTest, ListensWithATokenOrWhenToldInsecure) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--token", kToken}, std::vector<std::string>{"--insecure"}}) {
    ServerOptions options;
    options.listen_host = "0.0.0.0";
    options.extra_args = args;
    ServerProcess server(options);
    HttpClient client(server.host(), server.port());
    // Beyond loopback any Host may name the server: the token guards the changes.
    EXPECT_EQ(client.request("GET", "/pods", "", "", {{"Host", "lab.internal:8000"}}).status, 200u);
    EXPECT_EQ(client.post("/reset", "").status, args.size() == 2 ? 401u : 200u) << args[0];
    const ExitStatus status = server.stop();
    EXPECT_TRUE(status.clean()) << args[0] << ": " << status.describe();
  }
}

}  // namespace
}  // namespace hbtest
