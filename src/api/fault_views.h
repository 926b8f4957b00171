// JSON shapes of the fault endpoints: GET /faults, partitions, and what a reset cleared.
#pragma once

#include <nlohmann/json.hpp>

#include "core/cluster.h"
#include "lab/snapshot.h"

namespace hb::api {

// The fields a patch sets, as JSON: {"delay_ms": 0, "kill": false}.
nlohmann::ordered_json patch_json(const core::FaultPatch& patch);
nlohmann::ordered_json partition_json(const core::PartitionReport& partition,
                                      const lab::Snapshot& snapshot);
// GET /faults: every pod with an active fault or a pending revert, and every partition.
nlohmann::ordered_json faults_json(const lab::Snapshot& snapshot);

}  // namespace hb::api
