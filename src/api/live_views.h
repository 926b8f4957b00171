// JSON shapes of the live dashboard's calls: the whole lab at once (GET /lab and every
// /stream event), the recent history as columns (GET /history) and the event log (GET /events).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/events.h"
#include "core/history.h"
#include "lab/snapshot.h"

namespace hb::api {

nlohmann::ordered_json event_json(const core::LabEvent& event, const lab::Snapshot& snapshot);
nlohmann::ordered_json sample_json(const core::HistorySample& sample,
                                   const lab::Snapshot& snapshot);
// When the server was down since the lab began: [{from, to, seconds}], unix seconds.
nlohmann::ordered_json downtimes_json(const lab::Snapshot& snapshot);
// GET /lab: status, services, pods, the /slo body, the latest events and the newest sample.
nlohmann::ordered_json lab_json(const lab::Snapshot& snapshot);
// GET /history: the samples of the last `window`, one column per figure, oldest first, and the
// events of that window, newest first.
nlohmann::ordered_json history_json(const lab::Snapshot& snapshot, core::Duration window);

struct EventPage {
  std::size_t limit = 50;
  std::optional<std::uint64_t> before;  // only events with a smaller id
};
// GET /events: one page of the event log, newest first.
nlohmann::ordered_json events_json(const lab::Snapshot& snapshot, const EventPage& page);

}  // namespace hb::api
