// What every fuzz target checks beyond the sanitizers: an input is refused with a 4xx and a JSON
// body carrying `detail`, never with a 500 or an exception. A failed check aborts, which
// libFuzzer reports as a crash and saves the input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "http/message.h"

namespace hb::fuzz {

[[noreturn]] inline void fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "fuzz finding: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// `response`, the answer to a bad input, is a 4xx whose body is {"detail": "...", ...}.
inline void expect_refusal(const http::Response& response, std::string_view what) {
  if (response.status < 400 || response.status > 499) {
    fail(what, "refused with " + std::to_string(response.status) + ": " + response.body.str());
  }
  const auto body = nlohmann::json::parse(response.body.view(), nullptr, false);
  if (!body.is_object() || !body.contains("detail") || !body["detail"].is_string()) {
    fail(what, "a refusal without a string detail: " + response.body.str());
  }
}

// What a parser gives for a bad input, a refusal, is a proper one (a value needs no check).
template <typename Value>
void expect_value_or_refusal(const std::variant<Value, http::Response>& parsed,
                             std::string_view what) {
  if (const auto* refused = std::get_if<http::Response>(&parsed)) expect_refusal(*refused, what);
}

// Runs `check`; an exception escaping it is a finding, named with its text.
template <typename Check>
void no_exception(std::string_view what, Check&& check) {
  try {
    check();
  } catch (const std::exception& error) {
    fail(what, std::string("threw: ") + error.what());
  } catch (...) {
    fail(what, "threw a non-exception");
  }
}

}  // namespace hb::fuzz
