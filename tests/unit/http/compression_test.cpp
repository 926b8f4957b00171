// gzip negotiation and bodies: Accept-Encoding with q-values, whole bodies, and bodies spliced
// from pieces compressed apart, all checked by decompressing them again.
#include "http/compression.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace hb::http {
namespace {

std::string text_of(std::size_t bytes) {
  std::string out;
  for (std::size_t i = 0; out.size() < bytes; ++i) {
    out += "{\"id\":\"pod-" + std::to_string(i % 97) +
           "\",\"latency_ms\":" + std::to_string((i * 7919) % 1000) + "},";
  }
  out.resize(bytes);
  return out;
}

TEST(AcceptsGzipTest, ReadsCodingsAndQualities) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("deflate, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("identity, *;q=0.1"));
  EXPECT_TRUE(accepts_gzip("gzip; q=0.001"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("deflate, br"));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000"));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0, *"));  // named explicitly, it wins over *
  EXPECT_FALSE(accepts_gzip("gzipped"));
}

TEST(GzipTest, RoundTrips) {
  for (const std::size_t bytes :
       {std::size_t{0}, std::size_t{1}, std::size_t{5000}, std::size_t{300000}}) {
    const std::string text = text_of(bytes);
    const auto decoded = gunzip(gzip(text));
    ASSERT_TRUE(decoded) << bytes;
    EXPECT_EQ(*decoded, text) << bytes;
  }
}

TEST(GzipTest, OnlyWhenWorthIt) {
  EXPECT_FALSE(gzip_if_smaller(text_of(kGzipMinBytes - 1)));
  const std::string text = text_of(20000);
  const auto compressed = gzip_if_smaller(text);
  ASSERT_TRUE(compressed);
  EXPECT_LT(compressed->size(), text.size() / 2);
}

TEST(GzipTest, PiecesCompressedApartMakeOneBody) {
  const std::string head = text_of(40000);
  const std::string middle = "healthboard_scrapes_total 12\n";
  const std::string tail = text_of(30000);
  const DeflatePiece first = deflate_piece(head, false);
  const DeflatePiece second = stored_piece(middle);
  const DeflatePiece third = deflate_piece(tail, true);
  const DeflatePiece* pieces[] = {&first, &second, &third};
  const auto decoded = gunzip(gzip_member(pieces));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, head + middle + tail);
}

TEST(GzipTest, LargeStoredPiecesSplitIntoBlocks) {
  const std::string big = text_of(200000);
  const DeflatePiece stored = stored_piece(big);
  const DeflatePiece end = deflate_piece("", true);
  const DeflatePiece* pieces[] = {&stored, &end};
  const auto decoded = gunzip(gzip_member(pieces));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, big);
}

TEST(GzipTest, TheLastPieceMustEndTheStream) {
  const DeflatePiece open = deflate_piece("abc", false);
  const DeflatePiece end = deflate_piece("def", true);
  const DeflatePiece* unfinished[] = {&open};
  EXPECT_THROW(gzip_member(unfinished), std::invalid_argument);
  const DeflatePiece* end_first[] = {&end, &open};
  EXPECT_THROW(gzip_member(end_first), std::invalid_argument);
}

TEST(GzipTest, GunzipRefusesWhatIsNotGzip) {
  EXPECT_FALSE(gunzip("plain text"));
  const std::string cut = gzip(text_of(5000));
  EXPECT_FALSE(gunzip(cut.substr(0, cut.size() / 2)));
}

}  // namespace
}  // namespace hb::http
