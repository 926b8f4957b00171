// The lab's event log: ids in the order events happen, a bounded memory, readable names.
#include "core/events.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hb::core {
namespace {

LabEvent event(std::string message, TimePoint at = TimePoint{}) {
  LabEvent e;
  e.at = at;
  e.kind = EventKind::kFault;
  e.target = "svc-pod-1";
  e.service = "svc";
  e.message = std::move(message);
  return e;
}

std::vector<std::uint64_t> ids(const EventLog& log) {
  std::vector<std::uint64_t> out;
  for (const LabEvent& e : log.events()) out.push_back(e.id);
  return out;
}

std::vector<std::string> messages(const EventLog& log) {
  std::vector<std::string> out;
  for (const LabEvent& e : log.events()) out.push_back(e.message);
  return out;
}

TEST(EventLogTest, StartsEmpty) {
  const EventLog log;
  EXPECT_TRUE(log.events().empty());
  EXPECT_EQ(log.count(), 0u);
}

TEST(EventLogTest, IdsAreOneTwoThreeInTheOrderAdded) {
  EventLog log;
  log.add(event("first", TimePoint{seconds(1)}));
  log.add(event("second", TimePoint{seconds(2)}));
  log.add(event("third", TimePoint{seconds(3)}));
  EXPECT_EQ(ids(log), (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(messages(log), (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_EQ(log.count(), 3u);
  // Everything but the id is kept as given.
  const LabEvent& last = log.events().back();
  EXPECT_EQ(last.at, TimePoint{seconds(3)});
  EXPECT_EQ(last.kind, EventKind::kFault);
  EXPECT_EQ(last.level, EventLevel::kInfo);
  EXPECT_EQ(last.target, "svc-pod-1");
  EXPECT_EQ(last.service, "svc");
}

TEST(EventLogTest, TheEventsOwnIdIsIgnored) {
  EventLog log;
  LabEvent e = event("claims id 99");
  e.id = 99;
  log.add(e);
  e.id = 0;
  log.add(e);
  EXPECT_EQ(ids(log), (std::vector<std::uint64_t>{1, 2}));
}

TEST(EventLogTest, CapacityDropsTheOldestWhileCountAndIdsKeepGoing) {
  EventLog log(3);
  for (int i = 1; i <= 3; ++i) log.add(event("e" + std::to_string(i)));
  EXPECT_EQ(ids(log), (std::vector<std::uint64_t>{1, 2, 3}));

  log.add(event("e4"));
  EXPECT_EQ(ids(log), (std::vector<std::uint64_t>{2, 3, 4}));
  EXPECT_EQ(messages(log), (std::vector<std::string>{"e2", "e3", "e4"}));
  EXPECT_EQ(log.count(), 4u);

  for (int i = 5; i <= 10; ++i) log.add(event("e" + std::to_string(i)));
  EXPECT_EQ(log.events().size(), 3u);
  EXPECT_EQ(ids(log), (std::vector<std::uint64_t>{8, 9, 10}));
  EXPECT_EQ(messages(log), (std::vector<std::string>{"e8", "e9", "e10"}));
  // count() counts the dropped ones too, and is the id of the newest.
  EXPECT_EQ(log.count(), 10u);
  EXPECT_EQ(log.events().back().id, log.count());
}

TEST(EventLogTest, CapacityOfOneKeepsOnlyTheNewest) {
  EventLog log(1);
  log.add(event("a"));
  log.add(event("b"));
  ASSERT_EQ(log.events().size(), 1u);
  EXPECT_EQ(log.events().front().id, 2u);
  EXPECT_EQ(log.events().front().message, "b");
  EXPECT_EQ(log.count(), 2u);
}

TEST(EventLogTest, DefaultCapacityIsTwoThousand) {
  EXPECT_EQ(EventLog::kDefaultCapacity, 2000u);
  EventLog log;
  for (int i = 0; i < 2001; ++i) log.add(event("x"));
  EXPECT_EQ(log.events().size(), 2000u);
  EXPECT_EQ(log.events().front().id, 2u);
  EXPECT_EQ(log.events().back().id, 2001u);
  EXPECT_EQ(log.count(), 2001u);
}

TEST(EventKindTest, NamesAsTheApiShowsThem) {
  EXPECT_EQ(to_string(EventKind::kFault), "fault");
  EXPECT_EQ(to_string(EventKind::kRestart), "restart");
  EXPECT_EQ(to_string(EventKind::kPodStatus), "pod_status");
  EXPECT_EQ(to_string(EventKind::kServiceStatus), "service_status");
  EXPECT_EQ(to_string(EventKind::kAlert), "alert");
}

TEST(EventLevelTest, NamesAsTheApiShowsThem) {
  EXPECT_EQ(to_string(EventLevel::kInfo), "info");
  EXPECT_EQ(to_string(EventLevel::kWarning), "warning");
}

TEST(EventKinds, EveryNameReadsBackAsItsKind) {
  for (int k = 0; k <= static_cast<int>(EventKind::kLab); ++k) {
    const auto kind = static_cast<EventKind>(k);
    EXPECT_EQ(event_kind_named(to_string(kind)), kind) << to_string(kind);
  }
  EXPECT_EQ(event_kind_named("unknown"), std::nullopt);
  EXPECT_EQ(event_level_named("warning"), EventLevel::kWarning);
  EXPECT_EQ(event_level_named("info"), EventLevel::kInfo);
  EXPECT_EQ(event_level_named("Info"), std::nullopt);
}

}  // namespace
}  // namespace hb::core
