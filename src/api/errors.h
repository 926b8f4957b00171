// The API's one mapping from core errors to HTTP statuses. Every error body carries `detail`.
#pragma once

#include "core/result.h"
#include "http/message.h"

namespace hb::api {

unsigned http_status(core::ErrorKind kind);
// {"detail": ..., "field": ...} with the status of the error's kind.
http::Response error_response(const core::Error& error);

}  // namespace hb::api
