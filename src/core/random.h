// Seeded randomness. Every draw in the simulation goes through one Rng, so a seed replays a run.
//
// The draws are libstdc++'s (GCC 12's random.tcc): std::mt19937_64 through
// generate_canonical<double, 53>, and the uniform, exponential and normal (Marsaglia's polar
// method, a fresh distribution each draw) distributions, written out here step for step so that
// they give the same doubles from the same seed (RngTest checks millions of draws against the
// library's). One step differs in how, not in what: the library's conversion of the engine's 64
// bits to double compiles (on x86-64 without AVX-512) to a branch on the top bit, a coin toss the
// processor mispredicts half the time; here the two halves convert exactly and one addition
// rounds their sum, the same correctly rounded double. The engine itself is std::mt19937_64's
// algorithm written out too (Mt19937_64 below), for the same reason.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace hb::core {

namespace detail {

// Two 64-bit words, in SSE2's registers on x86-64 (GCC's and Clang's vector extension), for the
// engine's and the conversion's steps two outputs at a time.
using WordPair = std::uint64_t __attribute__((vector_size(16)));
inline WordPair load_pair(const std::uint64_t* words) {
  WordPair pair;
  std::memcpy(&pair, words, sizeof pair);
  return pair;
}
inline void store_pair(std::uint64_t* words, WordPair pair) {
  std::memcpy(words, &pair, sizeof pair);
}

}  // namespace detail

// std::mt19937_64, the same outputs from the same seed (RngTest checks millions against the
// library's), made a block at a time: each twist of the state gives the next 312 outputs at once.
// Two differences in how, not in what. libstdc++ writes the step that adds the matrix for a state
// word's low bit as `bit ? a : 0`, which GCC compiles to a branch on a random bit, about 15 % of
// all of a virtual month's mispredictions; here it is a mask. And the twist and the tempering go
// two words at a time (the twist's steps depend on the words 1 and 156 places on, so neighbours
// are independent), where one output tempered on demand was a third of a draw's instructions.
class Mt19937_64 {
 public:
  static constexpr std::size_t kBlock = 312;  // the state's words, outputs per twist
  using Block = std::array<std::uint64_t, kBlock>;

  explicit Mt19937_64(std::uint64_t seed) {
    state_[0] = seed;
    for (std::size_t i = 1; i < kBlock; ++i) {
      state_[i] = 6364136223846793005ULL * (state_[i - 1] ^ (state_[i - 1] >> 62)) + i;
    }
  }

  // The next 312 outputs, in the order std::mt19937_64 gives them.
  void next_block(Block& outputs) {
    next_block([&outputs](std::size_t k, detail::WordPair pair) {
      detail::store_pair(&outputs[k], pair);
    });
  }
  // The same outputs two at a time, as they are made: put(k, pair) takes outputs k and k + 1, for
  // k = 0, 2, ..., 310 in turn (one pass over the state, where twisting it and then tempering a
  // block took two).
  template <typename Put>
  void next_block(Put&& put) {
    // In the standard's order of steps: word k from words k, k + 1 (not twisted yet) and k + 156
    // (twisted already from k = 156 on, as the index wraps).
    std::uint64_t* s = state_.data();
    const auto twist_pair = [&](std::size_t k, std::size_t shifted) {
      const detail::WordPair words = step(detail::load_pair(s + k), detail::load_pair(s + k + 1),
                                          detail::load_pair(s + shifted));
      detail::store_pair(s + k, words);
      put(k, temper(words));
    };
    for (std::size_t k = 0; k < kBlock - kShift; k += 2) twist_pair(k, k + kShift);
    for (std::size_t k = kBlock - kShift; k < kBlock - 2; k += 2)
      twist_pair(k, k + kShift - kBlock);
    s[kBlock - 2] = step(s[kBlock - 2], s[kBlock - 1], s[kShift - 2]);
    s[kBlock - 1] = step(s[kBlock - 1], s[0], s[kShift - 1]);
    put(kBlock - 2, temper(detail::load_pair(s + kBlock - 2)));
  }

 private:
  static constexpr std::size_t kShift = 156;
  static constexpr std::uint64_t kUpper = ~std::uint64_t{0} << 31;
  static constexpr std::uint64_t kMatrix = 0xb5026f5aa96619e9ULL;

  // One step of the twist, for a word or a pair of them.
  template <typename Word>
  static Word step(Word word, Word following, Word shifted) {
    const Word y = (word & kUpper) | (following & ~kUpper);
    return shifted ^ (y >> 1) ^ ((0 - (y & 1)) & kMatrix);
  }
  template <typename Word>
  static Word temper(Word z) {
    z ^= (z >> 29) & 0x5555555555555555ULL;
    z ^= (z << 17) & 0x71d67fffeda60000ULL;
    z ^= (z << 37) & 0xfff7eee000000000ULL;
    return z ^ (z >> 43);
  }

  Block state_;
};

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // True with probability p (p in [0, 1]).
  bool bernoulli(double p) { return p > 0.0 && uniform() < p; }
  // Uniform in [0, 1).
  double uniform() {
    if (next_ == Mt19937_64::kBlock) refill();
    return uniforms_[next_++];
  }
  // What std::generate_canonical<double, 53> makes of one output of a 64-bit engine.
  static double canonical(std::uint64_t bits) {
    const double value =
        static_cast<double>(bits >> 32) * 0x1p32 + static_cast<double>(bits & 0xffff'ffffu);
    const double u = value * 0x1p-64;  // exact: a power of two
    return u >= 1.0 ? std::nextafter(1.0, 0.0) : u;
  }
  using Uniforms = std::array<double, Mt19937_64::kBlock>;
  // canonical() of each of a block's outputs, the same doubles (what refill() makes of them).
  static void canonical(const Mt19937_64::Block& bits, Uniforms& uniforms) {
    for (std::size_t k = 0; k < bits.size(); k += 2) {
      canonical_pair(detail::load_pair(&bits[k]), &uniforms[k]);
    }
  }
  // Exponential with the given mean, for Poisson inter-arrival gaps.
  double exponential(double mean) {
    const double lambda = 1.0 / mean;
    return -std::log(1.0 - uniform()) / lambda;
  }
  // Log-normal with the given median and shape sigma (the sd of the underlying normal).
  double lognormal(double median, double sigma) {
    double x = 0.0;
    double y = 0.0;
    double r2 = 0.0;
    do {
      x = 2.0 * uniform() - 1.0;
      y = 2.0 * uniform() - 1.0;
      r2 = x * x + y * y;
    } while (r2 > 1.0 || r2 == 0.0);
    // The second normal, x * mult, is dropped, as a fresh std::normal_distribution drops it.
    const double normal = y * std::sqrt(-2 * std::log(r2) / r2);
    return median * std::exp(sigma * normal);
  }

 private:
  // canonical() of two outputs into uniforms[0] and [1], the same doubles: each half of an
  // output becomes a double exactly by the bits of its exponent (2^84 + high * 2^32, 2^52 + low,
  // less the power of two), and one addition rounds their sum, as canonical()'s does.
  static void canonical_pair(detail::WordPair pair, double* uniforms) {
    using Doubles = double __attribute__((vector_size(16)));
    constexpr double kBelowOne = 0x1.fffffffffffffp-1;  // std::nextafter(1.0, 0.0)
    const Doubles high = std::bit_cast<Doubles>((pair >> 32) | 0x4530000000000000ULL) - 0x1p84;
    const Doubles low =
        std::bit_cast<Doubles>((pair & 0xffff'ffffu) | 0x4330000000000000ULL) - 0x1p52;
    const Doubles u = (high + low) * 0x1p-64;
    // All ones where u rounded up to 1: those become the double below it.
    const auto at_one = std::bit_cast<detail::WordPair>(u >= 1.0);
    const detail::WordPair chosen =
        (std::bit_cast<detail::WordPair>(u) & ~at_one) |
        (std::bit_cast<detail::WordPair>(Doubles{kBelowOne, kBelowOne}) & at_one);
    std::memcpy(uniforms, &chosen, sizeof chosen);
  }
  // The engine's next block, made uniform as it is made: out of line, once every 312 draws.
  [[gnu::noinline]] void refill() {
    engine_.next_block(
        [this](std::size_t k, detail::WordPair bits) { canonical_pair(bits, &uniforms_[k]); });
    next_ = 0;
  }

  Mt19937_64 engine_;
  Uniforms uniforms_;  // the next draws, uniforms_[next_] first
  std::size_t next_ = Mt19937_64::kBlock;
};

}  // namespace hb::core
