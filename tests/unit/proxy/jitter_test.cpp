// The injected wait: uniform in [delay - jitter, delay + jitter], never below 0, as the simulated
// pods wait (core::Cluster::own_work).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "proxy/proxy_context.h"

namespace hb::proxy::detail {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(ProxyJitter, TheDrawSpansDelayMinusJitterToDelayPlusJitter) {
  const Faults faults{.delay = milliseconds(100), .jitter = milliseconds(40)};
  EXPECT_EQ(jittered_delay(faults, 0.0), milliseconds(60));
  EXPECT_EQ(jittered_delay(faults, 0.5), milliseconds(100));
  EXPECT_EQ(jittered_delay(faults, 0.75), milliseconds(120));
  EXPECT_LE(jittered_delay(faults, 0.999999), milliseconds(140));
  EXPECT_GT(jittered_delay(faults, 0.999999), milliseconds(139));
}

TEST(ProxyJitter, NeverBelowZeroAndNoJitterIsTheDelay) {
  EXPECT_EQ(jittered_delay({.delay = milliseconds(10), .jitter = milliseconds(50)}, 0.0),
            microseconds(0));
  EXPECT_EQ(jittered_delay({.delay = milliseconds(10), .jitter = milliseconds(50)}, 0.2),
            microseconds(0));
  EXPECT_EQ(jittered_delay({.delay = milliseconds(30)}, 0.9), milliseconds(30));
  EXPECT_EQ(jittered_delay({.delay = milliseconds(-5)}, 0.9), microseconds(0));
}

// Through the proxy's seeded Rng: every wait in the range, some below the delay, some above.
TEST(ProxyJitter, SeededDrawsFallOnBothSidesOfTheDelay) {
  boost::asio::io_context ioc;
  ProxyContext context(ioc, ProxyOptions{}, core::Rng(3), nullptr);
  const Faults faults{.delay = milliseconds(100), .jitter = milliseconds(40)};
  int below = 0;
  int above = 0;
  for (int i = 0; i < 200; ++i) {
    const microseconds wait = context.draw_delay(faults);
    ASSERT_GE(wait, milliseconds(60));
    ASSERT_LE(wait, milliseconds(140));
    below += wait < milliseconds(100) ? 1 : 0;
    above += wait > milliseconds(100) ? 1 : 0;
  }
  EXPECT_GT(below, 0);
  EXPECT_GT(above, 0);
}

}  // namespace
}  // namespace hb::proxy::detail
