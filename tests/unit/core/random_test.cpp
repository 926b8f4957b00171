// Rng writes libstdc++'s draws out by hand (src/core/random.h); a seed must give the very same
// doubles as the library's distributions over the same engine, or every pinned replay changes.
#include "core/random.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace hb::core {
namespace {

// An engine that answers the values it is given, for the conversion's edge cases.
struct Scripted {
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() { return value; }
  result_type value = 0;
};

// Rng follows libstdc++'s algorithms; another standard library draws differently.
#if defined(__GLIBCXX__)
constexpr bool kLibstdcxx = true;
#else
constexpr bool kLibstdcxx = false;
#endif

// The engine is the standard's mt19937_64, whatever the standard library: its outputs are
// defined exactly (the standard requires the 10000th of a default-seeded one to be
// 9981545732273789042, checked here too).
TEST(RngTest, EngineGivesStdMt19937_64sOutputs) {
  Mt19937_64::Block block;
  for (const std::uint64_t seed : {std::uint64_t{5489}, std::uint64_t{0}, std::uint64_t{42},
                                   std::uint64_t{20261205}, ~std::uint64_t{0}}) {
    Mt19937_64 ours(seed);
    std::mt19937_64 library(seed);
    for (int b = 0; b < 3'200; ++b) {  // a million outputs
      ours.next_block(block);
      for (std::size_t i = 0; i < block.size(); ++i)
        ASSERT_EQ(block[i], library()) << "seed " << seed << ", block " << b << ", " << i;
    }
  }
  Mt19937_64 standard(5489);
  for (int b = 0; b < 10'000 / 312; ++b) standard.next_block(block);
  standard.next_block(block);
  EXPECT_EQ(block[10'000 % 312 - 1], 9981545732273789042ULL);  // the 10000th output
}

TEST(RngTest, CanonicalIsTheLibrarysForEveryKindOfValue) {
  if (!kLibstdcxx) GTEST_SKIP() << "Rng is written after libstdc++'s draws";
  std::vector<std::uint64_t> values = {0,
                                       1,
                                       (std::uint64_t{1} << 53) - 1,
                                       (std::uint64_t{1} << 53) + 1,
                                       (std::uint64_t{1} << 63) - 1,
                                       std::uint64_t{1} << 63,
                                       (std::uint64_t{1} << 63) + 1,
                                       (std::uint64_t{1} << 63) + 1024,  // a tie at the top
                                       (std::uint64_t{1} << 63) + 3072,  // a tie, rounded up
                                       std::numeric_limits<std::uint64_t>::max() - 1024,
                                       std::numeric_limits<std::uint64_t>::max() - 1023,
                                       std::numeric_limits<std::uint64_t>::max()};  // rounds to 1
  std::mt19937_64 random(3);
  for (int i = 0; i < 1'000'000; ++i) values.push_back(random() >> (i % 64));
  Scripted engine;
  for (const std::uint64_t value : values) {
    engine.value = value;
    ASSERT_EQ(Rng::canonical(value), (std::generate_canonical<double, 53>(engine))) << value;
  }
  EXPECT_LT(Rng::canonical(std::numeric_limits<std::uint64_t>::max()), 1.0);
}

// Rng converts a block of the engine's outputs two at a time; each must be what canonical()
// makes of it, which the test above holds to the library's, in either place of a pair.
TEST(RngTest, BlockConversionIsCanonicalForEveryKindOfValue) {
  std::vector<std::uint64_t> values = {0,
                                       1,
                                       0xffff'ffffu,
                                       std::uint64_t{1} << 32,
                                       (std::uint64_t{1} << 53) - 1,
                                       (std::uint64_t{1} << 53) + 1,
                                       (std::uint64_t{1} << 63) - 1,
                                       std::uint64_t{1} << 63,
                                       (std::uint64_t{1} << 63) + 1024,
                                       (std::uint64_t{1} << 63) + 3072,
                                       std::numeric_limits<std::uint64_t>::max() - 1024,
                                       std::numeric_limits<std::uint64_t>::max() - 1023,
                                       std::numeric_limits<std::uint64_t>::max()};
  std::mt19937_64 random(4);
  while (values.size() < 100 * Mt19937_64::kBlock) {
    const std::uint64_t value = random();
    values.push_back(value >> (values.size() % 64));
  }
  Mt19937_64::Block block;
  Rng::Uniforms uniforms;
  for (std::size_t shift = 0; shift < 2; ++shift) {  // each edge value first and second in a pair
    for (std::size_t first = shift; first < values.size(); first += block.size()) {
      for (std::size_t i = 0; i < block.size(); ++i) block[i] = values[(first + i) % values.size()];
      Rng::canonical(block, uniforms);
      for (std::size_t i = 0; i < block.size(); ++i)
        ASSERT_EQ(uniforms[i], Rng::canonical(block[i])) << block[i];
    }
  }
}

TEST(RngTest, DrawsAreTheLibrarysDrawsFromTheSameSeed) {
  if (!kLibstdcxx) GTEST_SKIP() << "Rng is written after libstdc++'s draws";
  for (const std::uint64_t seed : {1u, 42u, 20261205u}) {
    Rng rng(seed);
    std::mt19937_64 engine(seed);
    for (int i = 0; i < 200'000; ++i) {
      const double median = 1.0 + (i % 97);
      const double sigma = 0.05 * (i % 13);
      const double mean = 0.001 * (1 + i % 1000);
      const double p = (i % 11) / 10.0;
      ASSERT_EQ(rng.lognormal(median, sigma),
                median * std::exp(sigma * std::normal_distribution<double>(0.0, 1.0)(engine)))
          << "seed " << seed << " draw " << i;
      ASSERT_EQ(rng.exponential(mean), std::exponential_distribution<double>(1.0 / mean)(engine));
      ASSERT_EQ(rng.uniform(), std::uniform_real_distribution<double>(0.0, 1.0)(engine));
      ASSERT_EQ(rng.bernoulli(p),
                p > 0.0 && std::uniform_real_distribution<double>(0.0, 1.0)(engine) < p);
    }
  }
}

}  // namespace
}  // namespace hb::core
