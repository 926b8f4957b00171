#include "experiment/tolerance.h"

#include <fmt/format.h>

#include <algorithm>

namespace hb::experiment {
namespace {

bool same(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

std::string number_text(double value) {
  return fmt::format("{}", value);
}

}  // namespace

bool holds(const Tolerance& tolerance, const json& value) {
  switch (tolerance.kind) {
    case Tolerance::Kind::kEquals:
    case Tolerance::Kind::kOneOf:
      return std::any_of(tolerance.values.begin(), tolerance.values.end(),
                         [&](const json& allowed) { return same(allowed, value); });
    case Tolerance::Kind::kRange: {
      if (!value.is_number()) return false;
      const double number = value.get<double>();
      return (!tolerance.min || number >= *tolerance.min) &&
             (!tolerance.max || number <= *tolerance.max);
    }
  }
  return false;
}

json to_json(const Tolerance& tolerance) {
  switch (tolerance.kind) {
    case Tolerance::Kind::kEquals:
      return {{"equals", tolerance.values.front()}};
    case Tolerance::Kind::kOneOf:
      return {{"one_of", tolerance.values}};
    case Tolerance::Kind::kRange: {
      json range = json::object();
      if (tolerance.min) range["min"] = *tolerance.min;
      if (tolerance.max) range["max"] = *tolerance.max;
      return range;
    }
  }
  return nullptr;
}

std::string describe(const Tolerance& tolerance) {
  const auto shown = [](const json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
  };
  switch (tolerance.kind) {
    case Tolerance::Kind::kEquals:
      return shown(tolerance.values.front());
    case Tolerance::Kind::kOneOf: {
      std::string list;
      for (const json& value : tolerance.values) list += (list.empty() ? "" : ", ") + shown(value);
      return "one of " + list;
    }
    case Tolerance::Kind::kRange:
      if (tolerance.min && tolerance.max) {
        return "from " + number_text(*tolerance.min) + " to " + number_text(*tolerance.max);
      }
      if (tolerance.min) return "at least " + number_text(*tolerance.min);
      return "at most " + number_text(*tolerance.max);
  }
  return "";
}

}  // namespace hb::experiment
