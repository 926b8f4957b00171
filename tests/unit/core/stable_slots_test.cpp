// StableSlots: an element keeps its address as more are added, an index finds the element added
// at that place, and a copy's table points at the copy's own elements.
#include "core/stable_slots.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace hb::core {
namespace {

// Bigger than a std::deque's 512-byte block, as a Pod is: one element a block.
struct Big {
  std::string name;
  char padding[600] = {};
};

TEST(StableSlots, AnIndexFindsTheElementAddedThereAndAddressesStay) {
  StableSlots<Big> slots;
  std::vector<const Big*> addresses;
  for (int i = 0; i < 1000; ++i) {
    addresses.push_back(&slots.emplace_back(Big{"slot-" + std::to_string(i)}));
  }
  ASSERT_EQ(slots.size(), 1000U);
  for (std::size_t i = 0; i < slots.size(); ++i) {
    EXPECT_EQ(&slots[i], addresses[i]);
    EXPECT_EQ(slots[i].name, "slot-" + std::to_string(i));
  }
  std::size_t i = 0;
  for (const Big& big : slots) EXPECT_EQ(&big, addresses[i++]);  // in the order added
  EXPECT_THROW((void)slots.at(1000), std::out_of_range);
}

TEST(StableSlots, ACopyIndexesItsOwnElementsAndAMoveKeepsThem) {
  StableSlots<Big> original;
  for (int i = 0; i < 10; ++i) original.push_back(Big{"slot-" + std::to_string(i)});
  StableSlots<Big> copy = original;
  copy[3].name = "changed";
  EXPECT_EQ(original[3].name, "slot-3");
  EXPECT_NE(&copy[3], &original[3]);
  StableSlots<Big> assigned;
  assigned = copy;
  EXPECT_EQ(assigned[3].name, "changed");
  EXPECT_NE(&assigned[3], &copy[3]);

  const Big* third = &original[3];
  StableSlots<Big> moved = std::move(original);
  EXPECT_EQ(&moved[3], third);
  moved.emplace_back(Big{"slot-10"});
  EXPECT_EQ(&moved[3], third);
  EXPECT_EQ(moved[10].name, "slot-10");
}

}  // namespace
}  // namespace hb::core
