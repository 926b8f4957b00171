#include "http/message.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace hb::http {

Body::Body(std::shared_ptr<const std::string> shared) : shared_(true) {
  if (shared) view_ = *shared;
  owner_ = std::move(shared);
}

// The view of an owned body points into owned_, so it is taken afresh (view()) rather than
// copied; a shared body's view stays valid wherever the Body goes.
Body::Body(const Body& other)
    : owned_(other.owned_), owner_(other.owner_), view_(other.view_), shared_(other.shared_) {}

Body::Body(Body&& other) noexcept
    : owned_(std::move(other.owned_)),
      owner_(std::move(other.owner_)),
      view_(other.view_),
      shared_(other.shared_) {
  other.clear();
}

Body& Body::operator=(const Body& other) {
  if (this != &other) {
    owned_ = other.owned_;
    owner_ = other.owner_;
    view_ = other.view_;
    shared_ = other.shared_;
  }
  return *this;
}

Body& Body::operator=(Body&& other) noexcept {
  if (this != &other) {
    owned_ = std::move(other.owned_);
    owner_ = std::move(other.owner_);
    view_ = other.view_;
    shared_ = other.shared_;
    other.clear();
  }
  return *this;
}

Body& Body::operator+=(std::string_view more) {
  if (shared_) {
    std::string text(view_);
    clear();
    owned_ = std::move(text);
  }
  owned_ += more;
  return *this;
}

void Body::clear() {
  owned_.clear();
  owner_.reset();
  view_ = {};
  shared_ = false;
}

std::ostream& operator<<(std::ostream& out, const Body& body) {
  return out << body.view();
}

Response error_response(unsigned status, const std::string& detail) {
  Response response;
  response.status = status;
  // `detail` may echo client input: replace invalid UTF-8 rather than throw.
  response.body = nlohmann::json{{"detail", detail}}.dump(-1, ' ', false,
                                                          nlohmann::json::error_handler_t::replace);
  return response;
}

std::string_view header_value(const Request& request, std::string_view name) {
  const auto it = request.headers.find(std::string(name));
  return it == request.headers.end() ? std::string_view{} : std::string_view(it->second);
}

}  // namespace hb::http
