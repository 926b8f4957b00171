// Reading the server's answers for the kubectl-like commands: each field by name, with an error
// that names it (pods[3].created_at) when it is missing or of the wrong type.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hb::cli {

using json = nlohmann::ordered_json;

// An answer that does not have the shape the command needs.
class AnswerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `object[name]`, which must exist; `path` names `object` in the message ("pods[3]").
const json& field(const json& object, std::string_view name, const std::string& path);
std::string string_field(const json& object, std::string_view name, const std::string& path);
double number_field(const json& object, std::string_view name, const std::string& path);
long long int_field(const json& object, std::string_view name, const std::string& path);
bool bool_field(const json& object, std::string_view name, const std::string& path);
// A field that may be null (or absent): none then.
std::optional<double> optional_number(const json& object, std::string_view name,
                                      const std::string& path);
std::optional<std::string> optional_string(const json& object, std::string_view name,
                                           const std::string& path);
// `object[name]`, which must be an array.
const json& array_field(const json& object, std::string_view name, const std::string& path);

}  // namespace hb::cli
