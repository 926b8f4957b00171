#include "core/fault.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace hb::core {
namespace {

constexpr auto kNone = std::nullopt;

FaultPatch patch(std::optional<std::int64_t> delay_ms, std::optional<double> error_rate,
                 std::optional<bool> kill) {
  FaultPatch result;
  result.delay_ms = delay_ms;
  result.error_rate = error_rate;
  result.kill = kill;
  return result;
}

struct PatchCase {
  std::string name;
  FaultPatch patch;
  std::string field;  // empty: accepted
};

std::vector<PatchCase> patch_cases() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  return {
      {"Empty", patch(kNone, kNone, kNone), ""},
      {"DelayZero", patch(0, kNone, kNone), ""},
      {"DelayMax", patch(600000, kNone, kNone), ""},
      {"DelayMinusOne", patch(-1, kNone, kNone), "delay_ms"},
      {"DelayOverMax", patch(600001, kNone, kNone), "delay_ms"},
      {"DelayHuge", patch(std::numeric_limits<std::int64_t>::max(), kNone, kNone), "delay_ms"},
      {"ErrorRateZero", patch(kNone, 0.0, kNone), ""},
      {"ErrorRateOne", patch(kNone, 1.0, kNone), ""},
      {"ErrorRateHalf", patch(kNone, 0.5, kNone), ""},
      {"ErrorRateNegative", patch(kNone, -0.1, kNone), "error_rate"},
      {"ErrorRateOverOne", patch(kNone, 1.5, kNone), "error_rate"},
      {"ErrorRateNaN", patch(kNone, nan, kNone), "error_rate"},
      {"ErrorRateInfinite", patch(kNone, inf, kNone), "error_rate"},
      {"KillTrue", patch(kNone, kNone, true), ""},
      {"KillFalse", patch(kNone, kNone, false), ""},
      {"AllValid", patch(250, 0.3, true), ""},
      {"GoodDelayBadErrorRate", patch(100, 2.0, kNone), "error_rate"},
      {"JitterZero", FaultPatch{.jitter_ms = 0}, ""},
      {"JitterMax", FaultPatch{.jitter_ms = 600000}, ""},
      {"JitterNegative", FaultPatch{.jitter_ms = -1}, "jitter_ms"},
      {"JitterOverMax", FaultPatch{.jitter_ms = 600001}, "jitter_ms"},
      {"DurationWithDelay", FaultPatch{.delay_ms = 100, .duration_s = 0.5}, ""},
      {"DurationADay", FaultPatch{.kill = true, .duration_s = 86400}, ""},
      {"DurationZero", FaultPatch{.kill = true, .duration_s = 0}, "duration_s"},
      {"DurationNegative", FaultPatch{.kill = true, .duration_s = -5}, "duration_s"},
      {"DurationOverADay", FaultPatch{.kill = true, .duration_s = 86400.5}, "duration_s"},
      {"DurationNaN", FaultPatch{.kill = true, .duration_s = nan}, "duration_s"},
      {"DurationAlone", FaultPatch{.duration_s = 30}, "duration_s"},
  };
}

class FaultPatchValidationTest : public ::testing::TestWithParam<PatchCase> {};

TEST_P(FaultPatchValidationTest, AcceptsValuesInRangeAndNamesTheFieldOfOthers) {
  const Status status = validate(GetParam().patch);
  if (GetParam().field.empty()) {
    EXPECT_TRUE(status.ok()) << status.error().detail;
    return;
  }
  ASSERT_FALSE(status.ok()) << "accepted";
  EXPECT_EQ(status.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(status.error().field, GetParam().field);
  EXPECT_EQ(status.error().detail.rfind(GetParam().field + ": ", 0), 0u) << status.error().detail;
}

INSTANTIATE_TEST_SUITE_P(Table, FaultPatchValidationTest, ::testing::ValuesIn(patch_cases()),
                         [](const auto& test) { return test.param.name; });

TEST(FaultApplyTest, FieldsLeftOutKeepTheirValue) {
  const FaultSpec before{.delay_ms = 300, .error_rate = 0.25, .kill = true};
  struct Case {
    std::string name;
    FaultPatch patch;
    FaultSpec expected;
  };
  const std::vector<Case> cases = {
      {"Empty", patch(kNone, kNone, kNone), before},
      {"DelayOnly", patch(0, kNone, kNone), {.delay_ms = 0, .error_rate = 0.25, .kill = true}},
      {"ErrorRateOnly",
       patch(kNone, 1.0, kNone),
       {.delay_ms = 300, .error_rate = 1.0, .kill = true}},
      {"KillOnly",
       patch(kNone, kNone, false),
       {.delay_ms = 300, .error_rate = 0.25, .kill = false}},
      {"All", patch(5, 0.0, false), {.delay_ms = 5, .error_rate = 0.0, .kill = false}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(apply(before, c.patch), c.expected);
  }
}

TEST(FaultApplyTest, PatchesApplyInTurn) {
  FaultSpec fault;
  fault = apply(fault, patch(5000, kNone, kNone));
  fault = apply(fault, patch(kNone, 0.3, kNone));
  fault = apply(fault, patch(kNone, kNone, true));
  EXPECT_EQ(fault, (FaultSpec{.delay_ms = 5000, .error_rate = 0.3, .kill = true}));
}

TEST(FaultDifferenceTest, NamesOnlyTheFieldsThatChangeWithTheirNewValues) {
  const FaultSpec before{.delay_ms = 300, .jitter_ms = 0, .error_rate = 0.1, .kill = false};
  const FaultSpec after{.delay_ms = 2000, .jitter_ms = 0, .error_rate = 0.1, .kill = true};
  EXPECT_EQ(difference(before, after), (FaultPatch{.delay_ms = 2000, .kill = true}));
  EXPECT_TRUE(difference(after, after).empty());
  EXPECT_EQ(apply(before, difference(before, after)), after);
}

TEST(FaultTimedTest, WithoutDropsTheFieldsANewerPatchSets) {
  const FaultPatch pending{.delay_ms = 0, .error_rate = 0.0};
  const FaultPatch left = without(pending, FaultPatch{.delay_ms = 50, .jitter_ms = 5});
  EXPECT_FALSE(left.delay_ms);
  EXPECT_EQ(left.error_rate, 0.0);
  EXPECT_TRUE(without(left, FaultPatch{.error_rate = 0.2}).empty());
}

TEST(FaultDescribeTest, NamesTheFieldsSetAndTheDuration) {
  EXPECT_EQ(describe(FaultPatch{.delay_ms = 200, .jitter_ms = 50, .duration_s = 30}),
            "delay_ms 200, jitter_ms 50, for 30 s");
  EXPECT_EQ(describe(FaultSpec{}), "none");
  EXPECT_EQ(describe(FaultSpec{.error_rate = 0.4, .kill = true}), "error_rate 0.4, kill true");
}

}  // namespace
}  // namespace hb::core
