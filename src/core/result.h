// The core's one error style: a value or a typed error. The API layer maps each ErrorKind to
// one HTTP status in one place.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace hb::core {

enum class ErrorKind {
  kNotFound,  // the named thing does not exist
  kInvalid,   // a value breaks a rule (range, type, unknown name)
  kConflict,  // the request is valid but the lab's state refuses it (an autoscaler owns it)
};

struct Error {
  ErrorKind kind;
  std::string field;   // the input field the error is about; empty when none
  std::string detail;  // names the field and the rule, for people
};

template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that return nothing on success.
struct Done {};
using Status = Result<Done>;

inline Error not_found(std::string detail) {
  return {ErrorKind::kNotFound, "", std::move(detail)};
}
inline Error conflict(std::string detail) {
  return {ErrorKind::kConflict, "", std::move(detail)};
}
inline Error invalid(std::string field, std::string rule) {
  std::string detail = field.empty() ? rule : field + ": " + rule;
  return {ErrorKind::kInvalid, std::move(field), std::move(detail)};
}

}  // namespace hb::core
