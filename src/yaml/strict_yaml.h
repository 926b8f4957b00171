// The one strict YAML reader of the lab's configuration and the experiment files. YAML says `3`,
// `3.0`, `true` and `"3"` are different things, and so do we: a quoted scalar is always text, as
// it would be in the JSON the API takes. A key given twice, a key with nothing after it and a key
// that is not known are errors, each naming the field's path and its line.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hb::yaml {

// Thrown anywhere inside a reader and turned into the caller's error at its edge.
struct FieldError {
  int line;           // counting from 1; 0 for a node yaml-cpp made up (a missing key)
  std::string field;  // the path, such as "services[0].probes.liveness.period_s"
  std::string rule;
};

int line_of(const YAML::Node& node);

[[noreturn]] void fail(const YAML::Node& node, const std::string& field, const std::string& rule);

std::string index_field(const std::string& at, std::size_t i);

// A mapping of the file: its keys in order, the path of fields that leads to it, and what it is,
// for messages. `may_be_empty` names the keys that may stand alone (`- reset:`).
class Mapping {
 public:
  Mapping(const YAML::Node& node, std::string at, const std::string& what,
          const std::vector<std::string_view>& may_be_empty = {});

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
  // Fails on the first key that is not one of `allowed`, listing them: "is not a known field;
  // <what> has a, b and c".
  void allow_only(const std::vector<std::string_view>& allowed, const std::string& what) const;
  std::string field(std::string_view key) const {
    return at_.empty() ? std::string(key) : at_ + "." + std::string(key);
  }
  const std::string& at() const { return at_; }
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

// "a, b and c".
std::string listed(const std::vector<std::string_view>& names, std::string_view last = " and ");

// ---------------------------------------------------------------------------------------------
// Scalars, read strictly: nullopt when the node is not one of the kind.

bool is_plain(const YAML::Node& node);
bool is_null(const YAML::Node& node);
std::optional<bool> as_bool(const YAML::Node& node);
std::optional<std::int64_t> as_integer(const YAML::Node& node);
std::optional<double> as_number(const YAML::Node& node);

// How a node reads in a message: its scalar quoted, or "a list", "a mapping", "nothing".
std::string shown(const YAML::Node& node);

// A non-empty string.
std::string text(const YAML::Node& node, const std::string& field);

// One of `names`.
std::string choice(const YAML::Node& node, const std::string& field,
                   const std::vector<std::string_view>& names);

}  // namespace hb::yaml
