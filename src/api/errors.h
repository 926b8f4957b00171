// The API's one mapping from core errors to HTTP statuses. Every error body carries `detail`.
#pragma once

#include "core/result.h"
#include "http/message.h"
#include "lab/lab_runner.h"

namespace hb::api {

unsigned http_status(core::ErrorKind kind);
// {"detail": ..., "field": ...} with the status of the error's kind. Invalid UTF-8 in the
// detail (echoed input) is replaced, never thrown on.
http::Response error_response(const core::Error& error);
// A command the lab did not apply: 503 with Retry-After when it lags (the queue is full, the
// deadline passed), 500 with a generic detail when the command threw.
http::Response refusal_response(lab::CommandRefusal why);

}  // namespace hb::api
