// The dashboard's copy of the field rules is the server's table, byte for byte.
#include "api/field_rules_json.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hb::api {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(FieldRulesJson, TheDashboardsCopyIsTheServersTable) {
  const std::string path = std::string(HB_SOURCE_DIR) + "/web/src/lib/fieldRules.json";
  EXPECT_EQ(read_file(path), field_rules_json())
      << path << " is out of date: run `build/healthboard field-rules > " << path << "`";
}

TEST(FieldRulesJson, EachRuleCarriesItsTypeBoundsAndWords) {
  const auto table = nlohmann::json::parse(field_rules_json());
  const auto& delay = table.at("groups").at("fault").at(0);
  EXPECT_EQ(delay.at("name"), "delay_ms");
  EXPECT_EQ(delay.at("type"), "integer");
  EXPECT_EQ(delay.at("min"), 0);
  EXPECT_EQ(delay.at("max"), 600000);
  EXPECT_EQ(delay.at("kind"), "an integer number of milliseconds");
  EXPECT_EQ(delay.at("expected"), "an integer from 0 to 600000 (milliseconds)");
  const auto& period = table.at("groups").at("probe").at(1);
  EXPECT_EQ(period.at("name"), "period_s");
  EXPECT_EQ(period.at("min"), 0.1);
  for (const char* group :
       {"fault", "scale", "release", "probe", "workload", "rollout", "autoscale"}) {
    EXPECT_FALSE(table.at("groups").at(group).empty()) << group;
  }
  EXPECT_EQ(table.at("rules").at("int_or_percent"),
            "a number of pods from 0 to 1000 or a percentage from 0% to 100%");
}

}  // namespace
}  // namespace hb::api
