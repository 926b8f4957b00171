// RequestCounts keeps counts by key in key order, as a std::map would, and finds a pod's count
// first where it found it last: the shortcut must never answer another key's count.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "core/request_metrics.h"

namespace hb::core {
namespace {

std::vector<std::pair<RequestKey, std::uint64_t>> contents(const RequestCounts& counts) {
  return {counts.begin(), counts.end()};
}

TEST(RequestCounts, APodsCountMovedByANewKeyIsStillFound) {
  RequestCounts counts;
  ++counts[{.service = 1, .pod = 5, .code = 200}];  // pod 5 remembers index 0
  ++counts[{.service = 0, .pod = 2, .code = 200}];  // inserted before it: pod 5's moves to 1
  ++counts[{.service = 1, .pod = 5, .code = 200}];
  ++counts[{.service = 1, .pod = 5, .code = 500}];  // another code of the same pod
  ++counts[{.service = 1, .pod = 5, .code = 200}];
  EXPECT_EQ(contents(counts), (std::vector<std::pair<RequestKey, std::uint64_t>>{
                                  {{.service = 0, .pod = 2, .code = 200}, 1},
                                  {{.service = 1, .pod = 5, .code = 200}, 3},
                                  {{.service = 1, .pod = 5, .code = 500}, 1}}));
}

TEST(RequestCounts, CountsAsAnOrderedMapDoes) {
  std::mt19937 random(11);
  std::map<RequestKey, std::uint64_t> expected;
  RequestCounts counts;
  const int codes[] = {200, 200, 200, 200, 500, 502, 503, 504};
  for (int i = 0; i < 200'000; ++i) {
    RequestKey key{.service = random() % 4, .pod = std::nullopt, .code = codes[random() % 8]};
    if (random() % 10 != 0) key.pod = random() % 40;  // a pod's answer, or refused before one
    ++expected[key];
    ++counts[key];
    if (i % 10'000 == 0) {
      ASSERT_EQ(contents(counts), (std::vector<std::pair<RequestKey, std::uint64_t>>(
                                      expected.begin(), expected.end())));
    }
  }
  EXPECT_EQ(contents(counts),
            (std::vector<std::pair<RequestKey, std::uint64_t>>(expected.begin(), expected.end())));
  EXPECT_EQ(counts.size(), expected.size());
  EXPECT_EQ(counts.count({.service = 0, .pod = 0, .code = 200}), 1U);
  EXPECT_EQ(counts.count({.service = 0, .pod = 0, .code = 201}), 0U);
}

}  // namespace
}  // namespace hb::core
