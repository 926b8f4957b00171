#include "http/percent_decode.h"

#include <gtest/gtest.h>

namespace hb::http {
namespace {

TEST(PercentDecode, DecodesEscapesInBothParts) {
  for (const UrlPart part : {UrlPart::kPath, UrlPart::kQuery}) {
    EXPECT_EQ(percent_decode("a%20b%2Fc%e2%9C%93", part), "a b/c\xe2\x9c\x93");
    EXPECT_EQ(percent_decode("", part), "");
  }
}

TEST(PercentDecode, APlusIsASpaceOnlyInAQuery) {
  EXPECT_EQ(percent_decode("a+b", UrlPart::kQuery), "a b");
  EXPECT_EQ(percent_decode("a+b", UrlPart::kPath), "a+b");
  EXPECT_EQ(percent_decode("a%2Bb", UrlPart::kQuery), "a+b");
}

TEST(PercentDecode, AMalformedEscapeIsAnErrorInAQueryAndKeptInAPath) {
  for (const char* text : {"%", "a%2", "%zz", "%2g", "50%"}) {
    EXPECT_EQ(percent_decode(text, UrlPart::kQuery), std::nullopt) << text;
    EXPECT_EQ(percent_decode(text, UrlPart::kPath), text) << text;
  }
}

}  // namespace
}  // namespace hb::http
