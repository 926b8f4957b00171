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
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace hb::core {

// std::mt19937_64, the same outputs from the same seed (RngTest checks millions against the
// library's). The difference is in the twist: libstdc++ writes the step that adds the matrix for
// a state word's low bit as `bit ? a : 0`, which GCC compiles to a branch on a random bit, about
// 15 % of all of a virtual month's mispredictions; here it is a mask.
class Mt19937_64 {
 public:
  explicit Mt19937_64(std::uint64_t seed) {
    state_[0] = seed;
    for (std::size_t i = 1; i < kWords; ++i) {
      state_[i] = 6364136223846793005ULL * (state_[i - 1] ^ (state_[i - 1] >> 62)) + i;
    }
  }

  std::uint64_t operator()() {
    if (next_ == kWords) twist();
    std::uint64_t z = state_[next_++];  // tempered, as the standard says
    z ^= (z >> 29) & 0x5555555555555555ULL;
    z ^= (z << 17) & 0x71d67fffeda60000ULL;
    z ^= (z << 37) & 0xfff7eee000000000ULL;
    return z ^ (z >> 43);
  }

 private:
  static constexpr std::size_t kWords = 312;
  static constexpr std::size_t kShift = 156;

  static std::uint64_t step(std::uint64_t word, std::uint64_t following, std::uint64_t shifted) {
    constexpr std::uint64_t kUpper = ~std::uint64_t{0} << 31;
    constexpr std::uint64_t kMatrix = 0xb5026f5aa96619e9ULL;
    const std::uint64_t y = (word & kUpper) | (following & ~kUpper);
    return shifted ^ (y >> 1) ^ ((0 - (y & 1)) & kMatrix);
  }
  void twist() {
    for (std::size_t k = 0; k < kWords - kShift; ++k) {
      state_[k] = step(state_[k], state_[k + 1], state_[k + kShift]);
    }
    for (std::size_t k = kWords - kShift; k < kWords - 1; ++k) {
      state_[k] = step(state_[k], state_[k + 1], state_[k + kShift - kWords]);
    }
    state_[kWords - 1] = step(state_[kWords - 1], state_[0], state_[kShift - 1]);
    next_ = 0;
  }

  std::array<std::uint64_t, kWords> state_;
  std::size_t next_ = kWords;
};

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // True with probability p (p in [0, 1]).
  bool bernoulli(double p) { return p > 0.0 && uniform() < p; }
  // Uniform in [0, 1).
  double uniform() { return canonical(engine_()); }
  // What std::generate_canonical<double, 53> makes of one output of a 64-bit engine.
  static double canonical(std::uint64_t bits) {
    const double value =
        static_cast<double>(bits >> 32) * 0x1p32 + static_cast<double>(bits & 0xffff'ffffu);
    const double u = value * 0x1p-64;  // exact: a power of two
    return u >= 1.0 ? std::nextafter(1.0, 0.0) : u;
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
  Mt19937_64 engine_;
};

}  // namespace hb::core
