#include "cli/kubectl_json.h"

namespace hb::cli {
namespace {

std::string name_of(std::string_view name, const std::string& path) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

[[noreturn]] void wrong(std::string_view name, const std::string& path, std::string_view wanted,
                        const json& got) {
  throw AnswerError("the server's answer has " + name_of(name, path) + " " + got.dump() + ", not " +
                    std::string(wanted));
}

}  // namespace

const json& field(const json& object, std::string_view name, const std::string& path) {
  if (!object.is_object()) {
    throw AnswerError("the server's answer has " + (path.empty() ? "a body" : path) +
                      " that is not a JSON object");
  }
  const auto it = object.find(name);
  if (it == object.end()) {
    throw AnswerError("the server's answer has no " + name_of(name, path));
  }
  return *it;
}

std::string string_field(const json& object, std::string_view name, const std::string& path) {
  const json& value = field(object, name, path);
  if (!value.is_string()) wrong(name, path, "a string", value);
  return value.get<std::string>();
}

double number_field(const json& object, std::string_view name, const std::string& path) {
  const json& value = field(object, name, path);
  if (!value.is_number()) wrong(name, path, "a number", value);
  return value.get<double>();
}

long long int_field(const json& object, std::string_view name, const std::string& path) {
  const json& value = field(object, name, path);
  if (!value.is_number_integer()) wrong(name, path, "a whole number", value);
  return value.get<long long>();
}

bool bool_field(const json& object, std::string_view name, const std::string& path) {
  const json& value = field(object, name, path);
  if (!value.is_boolean()) wrong(name, path, "true or false", value);
  return value.get<bool>();
}

std::optional<double> optional_number(const json& object, std::string_view name,
                                      const std::string& path) {
  if (!object.is_object() || !object.contains(name) || object.at(name).is_null()) {
    return std::nullopt;
  }
  return number_field(object, name, path);
}

std::optional<std::string> optional_string(const json& object, std::string_view name,
                                           const std::string& path) {
  if (!object.is_object() || !object.contains(name) || object.at(name).is_null()) {
    return std::nullopt;
  }
  return string_field(object, name, path);
}

const json& array_field(const json& object, std::string_view name, const std::string& path) {
  const json& value = field(object, name, path);
  if (!value.is_array()) wrong(name, path, "an array", value);
  return value;
}

}  // namespace hb::cli
