// Response bodies: owned strings, or views of bytes shared between responses and kept alive by
// their owner.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "http/message.h"

namespace hb::http {
namespace {

TEST(BodyTest, OwnsAStringLikeOne) {
  Body body = std::string("hello");
  EXPECT_EQ(body, "hello");
  EXPECT_FALSE(body.is_shared());
  Body copy = body;
  EXPECT_EQ(copy, "hello");
  EXPECT_NE(copy.data(), body.data());  // a string of its own
  Body moved = std::move(copy);
  EXPECT_EQ(moved, "hello");
  EXPECT_TRUE(copy.empty());  // NOLINT: moved-from is empty by contract
}

TEST(BodyTest, SharedBytesAreNeverCopied) {
  auto bytes = std::make_shared<const std::string>(std::string(10000, 'x'));
  const Body first(bytes);
  const Body second = first;
  EXPECT_TRUE(second.is_shared());
  EXPECT_EQ(first.data(), bytes->data());
  EXPECT_EQ(second.data(), bytes->data());
  EXPECT_EQ(bytes.use_count(), 3);
}

TEST(BodyTest, ASliceKeepsItsOwnerAlive) {
  Body slice;
  {
    auto bytes = std::make_shared<const std::string>("{\"pods\":[{\"id\":\"a\"}]}");
    slice = Body(bytes, std::string_view(*bytes).substr(9, 10));
  }
  EXPECT_EQ(slice, "{\"id\":\"a\"}");
}

TEST(BodyTest, AppendingCopiesSharedBytesFirst) {
  auto bytes = std::make_shared<const std::string>("shared");
  Body body(bytes);
  body += " and more";
  EXPECT_EQ(body, "shared and more");
  EXPECT_FALSE(body.is_shared());
  EXPECT_EQ(*bytes, "shared");
}

TEST(BodyTest, ParsesAndConvertsAsJson) {
  const Body body = std::string(R"({"a":1})");
  EXPECT_EQ(nlohmann::json::parse(body).at("a"), 1);
  const nlohmann::json as_string = body;
  EXPECT_EQ(as_string, R"({"a":1})");
}

}  // namespace
}  // namespace hb::http
