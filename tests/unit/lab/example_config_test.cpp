// The example lab file shipped in examples/ is the default lab, written out.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/lab_spec.h"
#include "lab/config_file.h"

namespace hb::lab {
namespace {

TEST(ExampleConfig, DescribesTheDefaultLab) {
  const auto loaded = load_lab_spec(std::string(HB_SOURCE_DIR) + "/examples/lab.yaml");
  ASSERT_TRUE(loaded) << loaded.error().detail;
  const core::LabSpec& spec = loaded.value();
  const core::LabSpec defaults = core::default_lab_spec();
  ASSERT_EQ(spec.services.size(), defaults.services.size());
  for (std::size_t i = 0; i < spec.services.size(); ++i) {
    const auto& a = spec.services[i];
    const auto& b = defaults.services[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.replicas, b.replicas);
    EXPECT_EQ(a.rate_rps, b.rate_rps);
    EXPECT_EQ(a.latency_median_ms, b.latency_median_ms);
    EXPECT_EQ(a.latency_sigma, b.latency_sigma);
    EXPECT_EQ(a.timeout_ms, b.timeout_ms);
    EXPECT_EQ(a.dependencies, b.dependencies);
  }
  EXPECT_EQ(spec.client_timeout_ms, defaults.client_timeout_ms);
  EXPECT_EQ(spec.pods.startup_ms, defaults.pods.startup_ms);
  EXPECT_EQ(spec.pods.readiness_delay_ms, defaults.pods.readiness_delay_ms);
  EXPECT_EQ(spec.pods.heartbeat_interval_ms, defaults.pods.heartbeat_interval_ms);
  EXPECT_EQ(spec.pods.heartbeat_timeout_ms, defaults.pods.heartbeat_timeout_ms);
  EXPECT_EQ(spec.status.window_ms, defaults.status.window_ms);
  EXPECT_EQ(spec.status.degraded_error_ratio, defaults.status.degraded_error_ratio);
  EXPECT_EQ(spec.slo.availability_target, defaults.slo.availability_target);
  EXPECT_EQ(spec.slo.latency_threshold_ms, defaults.slo.latency_threshold_ms);
  EXPECT_EQ(spec.slo.latency_target, defaults.slo.latency_target);
  EXPECT_EQ(spec.slo.window, defaults.slo.window);
}

// examples/real.yaml, the lab of docs/proxy.md's walk-through, is a real lab as it says.
TEST(ExampleConfig, RealLabFrontsThreeEndpoints) {
  const auto loaded = load_lab_spec(std::string(HB_SOURCE_DIR) + "/examples/real.yaml");
  ASSERT_TRUE(loaded) << loaded.error().detail;
  const core::LabSpec& spec = loaded.value();
  ASSERT_TRUE(core::is_real(spec));
  ASSERT_EQ(spec.services.size(), 2U);
  EXPECT_EQ(spec.services[0].real->listen, "127.0.0.1:9000");
  EXPECT_EQ(spec.services[0].real->endpoints, std::vector<std::string>{"127.0.0.1:8081"});
  EXPECT_EQ(spec.services[0].real->health_path, "/healthz");
  EXPECT_EQ(spec.services[1].replicas, 2);
  EXPECT_EQ(spec.services[1].real->error_status, 503);
  EXPECT_EQ(spec.services[1].rate_rps, 0.0);
}

}  // namespace
}  // namespace hb::lab
