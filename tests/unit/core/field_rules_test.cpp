#include "core/field_rules.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace hb::core {
namespace {

TEST(FieldRules, SayWhatAValueMustBeInThreeShapes) {
  EXPECT_EQ(rules::kDelayMs.kind(), "an integer number of milliseconds");
  EXPECT_EQ(rules::kDelayMs.expected(), "an integer from 0 to 600000 (milliseconds)");
  EXPECT_EQ(rules::kErrorRate.kind(), "a number");
  EXPECT_EQ(rules::kErrorRate.expected(), "a number from 0 to 1");
  EXPECT_EQ(rules::kDurationS.kind(), "a number of seconds");
  EXPECT_EQ(rules::kDurationS.expected(), "a number of seconds over 0 and at most 86400");
  EXPECT_EQ(rules::kPeriodS.expected(), "a number of seconds from 0.1 to 3600");
  EXPECT_EQ(rules::kFailureThreshold.expected(), "an integer from 1 to 100");
  EXPECT_EQ(rules::kKill.kind(), "true or false");
  EXPECT_EQ(rules::kKill.expected(), "true or false");
}

TEST(FieldRules, HoldTheirBoundsInclusiveUnlessAboveMin) {
  EXPECT_TRUE(rules::kDelayMs.holds(std::int64_t{0}));
  EXPECT_TRUE(rules::kDelayMs.holds(std::int64_t{600000}));
  EXPECT_FALSE(rules::kDelayMs.holds(std::int64_t{600001}));
  EXPECT_FALSE(rules::kDelayMs.holds(std::int64_t{-1}));
  EXPECT_FALSE(rules::kDelayMs.holds(std::numeric_limits<std::int64_t>::max()));
  EXPECT_FALSE(rules::kDelayMs.holds(1.5)) << "an integer field takes whole numbers only";
  EXPECT_FALSE(rules::kDurationS.holds(0.0));
  EXPECT_TRUE(rules::kDurationS.holds(0.001));
  EXPECT_TRUE(rules::kDurationS.holds(86400.0));
  EXPECT_FALSE(rules::kErrorRate.holds(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(rules::kErrorRate.holds(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(rules::kKill.holds(1.0)) << "a boolean is no number";
}

TEST(FieldRules, CheckNamesTheFieldOrItsPath) {
  EXPECT_TRUE(check(rules::kErrorRate, 0.5));
  const Status refused = check(rules::kErrorRate, 1.5);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "error_rate");
  EXPECT_EQ(refused.error().detail, "error_rate: must be a number from 0 to 1, got 1.5");
  const Status nested = check(rules::kSuccessThreshold, std::int64_t{0},
                              "services[0].probes.readiness.success_threshold");
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().detail,
            "services[0].probes.readiness.success_threshold: must be an integer from 1 to 100, "
            "got 0");
}

TEST(FieldRules, GroupsFindTheirFieldsAndListThem) {
  EXPECT_EQ(fault_fields().listed(),
            "delay_ms, jitter_ms, error_rate, kill, crash_loop, crash and duration_s");
  EXPECT_EQ(fault_fields().find("kill"), &rules::kKill);
  EXPECT_EQ(fault_fields().find("replicas"), nullptr);
  EXPECT_EQ(release_fields().listed(), "latency_median_ms, latency_sigma and error_rate");
  EXPECT_EQ(probe_fields().find("period_s"), &rules::kPeriodS);
}

}  // namespace
}  // namespace hb::core
