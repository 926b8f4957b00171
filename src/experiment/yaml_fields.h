// The YAML field helpers the experiment file's readers share: errors, Mapping, scalars, durations.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "experiment/experiment.h"

namespace hb::experiment::detail {

// Thrown anywhere inside the parser and turned into a core::Error at its edge.
struct FileError {
  int line;
  std::string field;
  std::string rule;
};

// The line of a node, counting from 1; a node yaml-cpp made up (a missing key) has none.
int line_of(const YAML::Node& node);

[[noreturn]] void fail(const YAML::Node& node, const std::string& field, const std::string& rule);

std::string index_field(const std::string& at, std::size_t i);

// A mapping of the file: its keys in order (a key given twice is an error, although yaml-cpp
// would take it), the path of fields that leads to it, and what it is, for messages.
class Mapping {
 public:
  Mapping(const YAML::Node& node, std::string at, const std::string& what);

  bool has(std::string_view key) const { return find(key) != nullptr; }
  // The value of `key`; a null node when absent.
  YAML::Node get(std::string_view key) const {
    const YAML::Node* value = find(key);
    return value ? *value : YAML::Node();
  }
  YAML::Node required(std::string_view key) const {
    const YAML::Node* value = find(key);
    if (!value) fail(node_, field(key), "is required");
    return *value;
  }
  // Fails on the first key that is not one of `allowed`, listing them.
  void allow_only(const std::vector<std::string_view>& allowed, const std::string& what) const;
  std::string field(std::string_view key) const {
    return at_.empty() ? std::string(key) : at_ + "." + std::string(key);
  }
  const YAML::Node& node() const { return node_; }
  const std::vector<std::pair<std::string, YAML::Node>>& entries() const { return entries_; }

 private:
  const YAML::Node* find(std::string_view key) const {
    for (const auto& [name, value] : entries_) {
      if (name == key) return &value;
    }
    return nullptr;
  }

  YAML::Node node_;
  std::string at_;
  std::vector<std::pair<std::string, YAML::Node>> entries_;
  std::vector<YAML::Node> key_nodes_;
};

// ---------------------------------------------------------------------------------------------
// Scalars. YAML says `3`, `3.0`, `true` and `"3"` are different things, and so do we: a quoted
// scalar is always text, as it would be in the JSON the API takes.

bool is_plain(const YAML::Node& node);
bool is_null(const YAML::Node& node);
std::optional<bool> as_bool(const YAML::Node& node);
std::optional<std::int64_t> as_integer(const YAML::Node& node);
std::optional<double> as_number(const YAML::Node& node);

// How a scalar reads in the journal's JSON: null, a bool, a number or a string.
json scalar_json(const YAML::Node& node);

// How a node reads in a message: its scalar quoted, or "a list", "a mapping", "nothing".
std::string shown(const YAML::Node& node);

// A non-empty string.
std::string text(const YAML::Node& node, const std::string& field);

// One of `names`.
std::string choice(const YAML::Node& node, const std::string& field,
                   const std::vector<std::string_view>& names);

// A duration such as 30s, 5m, 1h, at least a second and at most a day.
Pause pause(const YAML::Node& node, const std::string& field);

}  // namespace hb::experiment::detail
