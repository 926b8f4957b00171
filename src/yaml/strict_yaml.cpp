#include "yaml/strict_yaml.h"

#include <algorithm>
#include <cmath>
#include <exception>

namespace hb::yaml {

int line_of(const YAML::Node& node) {
  return node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
}

[[noreturn]] void fail(const YAML::Node& node, const std::string& field, const std::string& rule) {
  throw FieldError{line_of(node), field, rule};
}

std::string index_field(const std::string& at, std::size_t i) {
  return at + "[" + std::to_string(i) + "]";
}

Mapping::Mapping(const YAML::Node& node, std::string at, const std::string& what,
                 const std::vector<std::string_view>& may_be_empty)
    : node_(node), at_(std::move(at)) {
  if (!node.IsMap()) fail(node, at_.empty() ? "(top level)" : at_, "must be " + what);
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) fail(entry.first, at_, "has a key that is not a name");
    const std::string key = entry.first.Scalar();
    for (const auto& [seen, value] : entries_) {
      if (seen == key) fail(entry.first, field(key), "is given twice");
    }
    // `key:` with nothing after it: yaml-cpp places the empty value at the next token, a line
    // or more below, so it is reported here, at the key.
    if (entry.second.IsNull() && entry.second.Mark().line != entry.first.Mark().line &&
        std::find(may_be_empty.begin(), may_be_empty.end(), key) == may_be_empty.end()) {
      fail(entry.first, field(key), "has no value");
    }
    entries_.emplace_back(key, entry.second);
    key_nodes_.push_back(entry.first);
  }
}

void Mapping::allow_only(const std::vector<std::string_view>& allowed,
                         const std::string& what) const {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const std::string& key = entries_[i].first;
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    fail(key_nodes_[i], field(key), "is not a known field; " + what + " has " + listed(allowed));
  }
}

std::string listed(const std::vector<std::string_view>& names, std::string_view last) {
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) {
    list += i == 0 ? "" : (i + 1 == names.size() ? std::string(last) : ", ");
    list += names[i];
  }
  return list;
}

bool is_plain(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() != "!";
}
bool is_null(const YAML::Node& node) {
  if (node.IsNull()) return true;
  if (!is_plain(node)) return false;
  const std::string& s = node.Scalar();
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}
std::optional<bool> as_bool(const YAML::Node& node) {
  if (!is_plain(node)) return std::nullopt;
  const std::string& s = node.Scalar();
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}
std::optional<std::int64_t> as_integer(const YAML::Node& node) {
  if (!is_plain(node)) return std::nullopt;
  const std::string& s = node.Scalar();
  const std::size_t digits = s.size() - (!s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0);
  if (digits == 0 || digits > 18 ||
      s.find_first_not_of("0123456789", s.size() - digits) != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(s);
}
std::optional<double> as_number(const YAML::Node& node) {
  if (auto integer = as_integer(node)) return static_cast<double>(*integer);
  if (!is_plain(node)) return std::nullopt;
  const std::string& s = node.Scalar();
  if (s.empty() || s.find_first_not_of("0123456789.eE+-") != std::string::npos) return std::nullopt;
  try {
    std::size_t used = 0;
    const double value = std::stod(s, &used);
    if (used != s.size() || !std::isfinite(value)) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string shown(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "nothing";
}

std::string text(const YAML::Node& node, const std::string& field) {
  if (!node.IsScalar() || is_null(node) || node.Scalar().empty()) {
    fail(node, field, "must be a non-empty text, got " + shown(node));
  }
  return node.Scalar();
}

std::string choice(const YAML::Node& node, const std::string& field,
                   const std::vector<std::string_view>& names) {
  const std::string value = node.IsScalar() ? node.Scalar() : "";
  if (std::find(names.begin(), names.end(), value) != names.end()) return value;
  fail(node, field, "must be " + listed(names, " or ") + ", got " + shown(node));
}

}  // namespace hb::yaml
