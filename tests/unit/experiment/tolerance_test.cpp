#include "experiment/tolerance.h"

#include <gtest/gtest.h>

namespace hb::experiment {
namespace {

Tolerance equals(json value) {
  return Tolerance{Tolerance::Kind::kEquals, {std::move(value)}, {}, {}};
}
Tolerance one_of(std::vector<json> values) {
  return Tolerance{Tolerance::Kind::kOneOf, std::move(values), {}, {}};
}
Tolerance range(std::optional<double> min, std::optional<double> max) {
  return Tolerance{Tolerance::Kind::kRange, {}, min, max};
}

TEST(Tolerance, AnExactValueComparesAsJson) {
  EXPECT_TRUE(holds(equals("Healthy"), "Healthy"));
  EXPECT_FALSE(holds(equals("Healthy"), "healthy"));
  EXPECT_TRUE(holds(equals(3), 3.0));  // numbers by value
  EXPECT_FALSE(holds(equals(3), 3.5));
  EXPECT_FALSE(holds(equals(3), "3"));
  EXPECT_TRUE(holds(equals(false), false));
  EXPECT_FALSE(holds(equals(false), 0));
  EXPECT_TRUE(holds(equals(nullptr), nullptr));
  EXPECT_FALSE(holds(equals(0), nullptr));
}

TEST(Tolerance, AListHoldsForAnyOfItsValues) {
  const Tolerance t = one_of({"Healthy", "Degraded"});
  EXPECT_TRUE(holds(t, "Healthy"));
  EXPECT_TRUE(holds(t, "Degraded"));
  EXPECT_FALSE(holds(t, "Down"));
  EXPECT_TRUE(holds(one_of({1, 2}), 2.0));
}

TEST(Tolerance, ARangeIncludesItsBoundsAndOnlyNumbers) {
  const Tolerance t = range(1.0, 2.0);
  EXPECT_TRUE(holds(t, 1));
  EXPECT_TRUE(holds(t, 2.0));
  EXPECT_TRUE(holds(t, 1.5));
  EXPECT_FALSE(holds(t, 0.999));
  EXPECT_FALSE(holds(t, 2.001));
  EXPECT_FALSE(holds(t, nullptr));  // no data is in no range
  EXPECT_FALSE(holds(t, true));
  EXPECT_FALSE(holds(t, "1.5"));
  EXPECT_TRUE(holds(range(0.995, std::nullopt), 1.0));
  EXPECT_FALSE(holds(range(0.995, std::nullopt), 0.99));
  EXPECT_TRUE(holds(range(std::nullopt, 1.0), -5));
  EXPECT_FALSE(holds(range(std::nullopt, 1.0), 1.01));
}

TEST(Tolerance, ReadsInTheJournalAndTheReport) {
  EXPECT_EQ(to_json(equals("Healthy")).dump(), R"({"equals":"Healthy"})");
  EXPECT_EQ(to_json(one_of({"a", 1})).dump(), R"({"one_of":["a",1]})");
  EXPECT_EQ(to_json(range(1.0, std::nullopt)).dump(), R"({"min":1.0})");
  EXPECT_EQ(to_json(range(std::nullopt, 2.5)).dump(), R"({"max":2.5})");
  EXPECT_EQ(describe(equals("Healthy")), "Healthy");
  EXPECT_EQ(describe(equals(true)), "true");
  EXPECT_EQ(describe(one_of({"medium", "high"})), "one of medium, high");
  EXPECT_EQ(describe(range(0.995, std::nullopt)), "at least 0.995");
  EXPECT_EQ(describe(range(std::nullopt, 1.0)), "at most 1");
  EXPECT_EQ(describe(range(0.0, 1.0)), "from 0 to 1");
}

}  // namespace
}  // namespace hb::experiment
