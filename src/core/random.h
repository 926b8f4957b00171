// Seeded randomness. Every draw in the simulation goes through one Rng, so a seed replays a run.
//
// The draws are libstdc++'s (GCC 12's random.tcc): std::mt19937_64 through
// generate_canonical<double, 53>, and the uniform, exponential and normal (Marsaglia's polar
// method, a fresh distribution each draw) distributions, written out here step for step so that
// they give the same doubles from the same seed (RngTest checks millions of draws against the
// library's). One step differs in how, not in what: the library's conversion of the engine's 64
// bits to double compiles (on x86-64 without AVX-512) to a branch on the top bit, a coin toss the
// processor mispredicts half the time; here the two halves convert exactly and one addition
// rounds their sum, the same correctly rounded double.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace hb::core {

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
  std::mt19937_64 engine_;
};

}  // namespace hb::core
