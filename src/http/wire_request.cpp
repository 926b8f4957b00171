#include "http/wire_request.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace hb::http {
namespace {

std::string to_string(boost::beast::string_view text) {
  return std::string(text.data(), text.size());
}

}  // namespace

Request to_request(WireRequest&& message) {
  Request request;
  request.method = to_string(message.method_string());
  request.target = to_string(message.target());
  const std::size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : message) {
    std::string name = to_string(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto [it, inserted] = request.headers.try_emplace(std::move(name), to_string(field.value()));
    if (!inserted) it->second += ", " + to_string(field.value());  // repeated field: one list
  }
  request.body = std::move(message.body());
  return request;
}

}  // namespace hb::http
