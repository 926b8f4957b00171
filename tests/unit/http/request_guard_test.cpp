// The request guard without a socket: which origins and hosts are the server's own, and the
// order of the checks.
#include "http/request_guard.h"

#include <gtest/gtest.h>

namespace hb::http {
namespace {

Request request(std::string method, std::map<std::string, std::string> headers,
                std::string body = {}) {
  Request r;
  r.method = std::move(method);
  r.target = r.path = "/reset";
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

unsigned status_of(const RequestGuard& guard, const Request& r) {
  const auto refused = guard.check(r);
  return refused ? refused->status : 0;
}

TEST(RequestGuardTest, LoopbackHosts) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.8.9.10"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("[::1]"));
  EXPECT_TRUE(is_loopback_host("LocalHost"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(is_loopback_host("::"));
  EXPECT_FALSE(is_loopback_host("192.168.1.2"));
  EXPECT_FALSE(is_loopback_host("lab.example.com"));
}

TEST(RequestGuardTest, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("abc", std::string_view("abc\0", 4)));
  EXPECT_FALSE(constant_time_equal("abc", ""));
  EXPECT_FALSE(constant_time_equal("", "a"));
}

TEST(RequestGuardTest, PublicUrlRules) {
  EXPECT_TRUE(validate_public_url("https://lab.example.com"));
  EXPECT_TRUE(validate_public_url("http://10.0.0.5:8000/healthboard/"));
  EXPECT_TRUE(validate_public_url("http://[fd00::1]:8000"));
  EXPECT_FALSE(validate_public_url("lab.example.com"));
  EXPECT_FALSE(validate_public_url("ftp://lab.example.com"));
  EXPECT_FALSE(validate_public_url("http://:8000"));
  EXPECT_FALSE(validate_public_url("http://lab.example.com:99999"));
}

TEST(RequestGuardTest, OwnOriginsAreTheListenNamesWithTheBoundPort) {
  RequestGuard guard({"127.0.0.1", "https://lab.example.com", {}, ""});
  guard.listening_on(8000);
  EXPECT_EQ(guard.own_origins(),
            (std::vector<std::string>{"http://localhost:8000", "http://127.0.0.1:8000",
                                      "http://[::1]:8000", "https://lab.example.com:443"}));
  for (const char* origin : {"http://localhost:8000", "http://LOCALHOST:8000", "http://[::1]:8000",
                             "https://lab.example.com", "https://lab.example.com:443"}) {
    EXPECT_EQ(status_of(guard, request("POST", {{"origin", origin}})), 0u) << origin;
  }
  for (const char* origin : {"http://localhost:8001", "https://localhost:8000",
                             "http://lab.example.com", "http://localhost:8000/x", "null", ""}) {
    EXPECT_EQ(
        status_of(guard, request("POST", {{"origin", origin}, {"sec-fetch-site", "cross-site"}})),
        403u)
        << origin;
  }
}

TEST(RequestGuardTest, APortlessHostMeansPort80) {
  RequestGuard guard({"localhost", "", {}, ""});
  guard.listening_on(80);
  EXPECT_EQ(status_of(guard, request("GET", {{"host", "localhost"}})), 0u);
  EXPECT_EQ(status_of(guard, request("GET", {{"host", "127.0.0.1:80"}})), 0u);
  guard.listening_on(8000);
  EXPECT_EQ(status_of(guard, request("GET", {{"host", "localhost"}})), 403u);
}

TEST(RequestGuardTest, ASpecificAddressIsItsOwnName) {
  RequestGuard guard({"192.168.1.2", "", {}, "0123456789abcdef"});
  guard.listening_on(8000);
  EXPECT_EQ(guard.own_origins(), (std::vector<std::string>{"http://192.168.1.2:8000"}));
  // Beyond loopback the Host is not checked; the token guards the changes.
  EXPECT_EQ(status_of(guard, request("GET", {{"host", "anything:1"}})), 0u);
}

TEST(RequestGuardTest, ChecksInOrderHostOriginTokenContentType) {
  RequestGuard guard({"127.0.0.1", "", {}, "0123456789abcdef"});
  guard.listening_on(8000);
  const std::map<std::string, std::string> all_wrong = {
      {"host", "evil:8000"}, {"origin", "http://evil:8000"}, {"content-type", "text/plain"}};
  auto headers = all_wrong;
  EXPECT_EQ(status_of(guard, request("POST", headers, "x")), 403u);
  headers["host"] = "127.0.0.1:8000";
  EXPECT_EQ(status_of(guard, request("POST", headers, "x")), 403u);
  headers.erase("origin");
  EXPECT_EQ(status_of(guard, request("POST", headers, "x")), 401u);
  headers["authorization"] = "Bearer 0123456789abcdef";
  EXPECT_EQ(status_of(guard, request("POST", headers, "x")), 415u);
  EXPECT_EQ(status_of(guard, request("POST", headers, "")), 0u);  // no body: nothing to read
  headers["content-type"] = "Application/JSON ; charset=utf-8";
  EXPECT_EQ(status_of(guard, request("POST", headers, "x")), 0u);
  EXPECT_EQ(status_of(guard, request("GET", {{"host", "127.0.0.1:8000"}})), 0u);
}

}  // namespace
}  // namespace hb::http
