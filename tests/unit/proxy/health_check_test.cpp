#include "proxy/health_check.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "proxy_fixture.h"
#include "upstream.h"

namespace hb::proxy::testing {
namespace {

using std::chrono::milliseconds;

// A HealthCheck on an io_context of its own thread, with its changes recorded.
class RunningCheck {
 public:
  RunningCheck(const std::string& address, HealthCheckOptions options,
               std::function<bool()> killed = nullptr)
      : check_(ioc_, address, std::move(options), std::move(killed), [this](bool ready) {
          std::lock_guard lock(mutex_);
          changes_.push_back(ready);
        }) {
    check_.start();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~RunningCheck() {
    check_.stop();
    work_.reset();
    ioc_.stop();
    thread_.join();
  }
  RunningCheck(const RunningCheck&) = delete;
  RunningCheck& operator=(const RunningCheck&) = delete;

  bool ready() const { return check_.ready(); }
  std::vector<bool> changes() {
    std::lock_guard lock(mutex_);
    return changes_;
  }

 private:
  boost::asio::io_context ioc_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      boost::asio::make_work_guard(ioc_)};
  HealthCheck check_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<bool> changes_;
};

HealthCheckOptions fast(unsigned success_threshold, unsigned failure_threshold) {
  return {.path = "/healthz",
          .period = milliseconds(10),
          .timeout = milliseconds(200),
          .success_threshold = success_threshold,
          .failure_threshold = failure_threshold};
}

TEST(ProxyHealthCheck, StartsNotReadyAndNeedsTheSuccessThreshold) {
  TestUpstream upstream;
  RunningCheck check(upstream.address(), fast(3, 1));
  EXPECT_FALSE(check.ready());
  ASSERT_TRUE(wait_until([&] { return check.ready(); }));
  EXPECT_GE(upstream.requests(), 3U);
  EXPECT_EQ(check.changes(), std::vector<bool>{true});
}

TEST(ProxyHealthCheck, FirstProbeWaitsForTheInitialDelay) {
  TestUpstream upstream;
  HealthCheckOptions options = fast(1, 1);
  options.initial_delay = milliseconds(150);
  const auto started = std::chrono::steady_clock::now();
  RunningCheck check(upstream.address(), options);
  ASSERT_TRUE(wait_until([&] { return check.ready(); }));
  EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(150));
}

TEST(ProxyHealthCheck, FailureThresholdFailuresInARowTakeItOut) {
  TestUpstream upstream;
  RunningCheck check(upstream.address(), fast(1, 3));
  ASSERT_TRUE(wait_until([&] { return check.ready(); }));
  upstream.set_health_status(500);
  const std::size_t before = upstream.requests();
  ASSERT_TRUE(wait_until([&] { return !check.ready(); }));
  EXPECT_GE(upstream.requests() - before, 3U);
  upstream.set_health_status(302);  // 200 to 399 is a success
  ASSERT_TRUE(wait_until([&] { return check.ready(); }));
  EXPECT_EQ(check.changes(), (std::vector<bool>{true, false, true}));
}

TEST(ProxyHealthCheck, KilledFailsWithoutConnecting) {
  TestUpstream upstream;
  std::atomic<bool> killed{true};
  RunningCheck check(upstream.address(), fast(1, 1), [&] { return killed.load(); });
  const std::size_t probes_before = upstream.requests();
  EXPECT_FALSE(check.ready());
  killed.store(false);
  ASSERT_TRUE(wait_until([&] { return check.ready(); }));
  EXPECT_GT(upstream.requests(), probes_before);
  killed.store(true);
  ASSERT_TRUE(wait_until([&] { return !check.ready(); }));
}

}  // namespace
}  // namespace hb::proxy::testing
