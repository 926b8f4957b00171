// The request as the handlers see it, from Beast's message: what the server and the HTTP fuzz
// target both rely on.
#include "http/wire_request.h"

#include <gtest/gtest.h>

namespace hb::http {
namespace {

namespace bhttp = boost::beast::http;

TEST(WireRequestTest, SplitsTheTargetAndLowerCasesAndJoinsHeaders) {
  WireRequest message{bhttp::verb::post, "/pods/a%20b?limit=2&x=?", 11};
  message.insert("X-Trace", "one");
  message.insert("x-trace", "two");
  message.set(bhttp::field::content_type, "application/json");
  message.body() = "{}";

  const Request request = to_request(std::move(message));
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/pods/a%20b?limit=2&x=?");
  EXPECT_EQ(request.path, "/pods/a%20b");
  EXPECT_EQ(request.query, "limit=2&x=?");
  EXPECT_EQ(request.headers.at("x-trace"), "one, two");
  EXPECT_EQ(request.headers.at("content-type"), "application/json");
  EXPECT_EQ(request.body, "{}");
}

TEST(WireRequestTest, NoQuestionMarkMeansNoQuery) {
  const Request request = to_request(WireRequest{bhttp::verb::get, "/lab", 11});
  EXPECT_EQ(request.path, "/lab");
  EXPECT_EQ(request.query, "");
  EXPECT_TRUE(request.headers.empty());
}

}  // namespace
}  // namespace hb::http
