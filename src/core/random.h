// Seeded randomness. Every draw in the simulation goes through one Rng, so a seed replays a run.
#pragma once

#include <cstdint>
#include <random>

namespace hb::core {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // True with probability p (p in [0, 1]).
  bool bernoulli(double p) { return p > 0.0 && uniform() < p; }
  // Uniform in [0, 1).
  double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(engine_); }
  // Exponential with the given mean, for Poisson inter-arrival gaps.
  double exponential(double mean) {
    return std::exponential_distribution<double>(1.0 / mean)(engine_);
  }
  // Log-normal with the given median and shape sigma (the sd of the underlying normal).
  double lognormal(double median, double sigma) {
    return median * std::exp(sigma * std::normal_distribution<double>(0.0, 1.0)(engine_));
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace hb::core
