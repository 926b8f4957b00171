// A lab's checkpoint as the store's rows and back. The state is one row of JSON; each event and
// each history sample is a row of its own (JSON), each SLO bucket a row of integers. Times are
// kept as microseconds of lab time, as the core counts them.
#pragma once

#include <cstdint>

#include "core/checkpoint.h"
#include "core/result.h"
#include "store/store.h"

namespace hb::lab {

// One write: the state (replacing the last), the events, history samples and SLO buckets the
// checkpoint carries, and the trims that keep the store as bounded as the lab itself: the
// events the log has dropped, the history older than its hour, the buckets no window of an SLO
// of `slo_window` can reach.
store::Batch to_batch(const core::LabCheckpoint& checkpoint, std::int64_t saved_at_ms,
                      core::Duration slo_window);

// The checkpoint the rows make up; an error (field "--data-dir") naming the row that does not
// read.
core::Result<core::LabCheckpoint> from_saved(const store::Saved& saved);

}  // namespace hb::lab
