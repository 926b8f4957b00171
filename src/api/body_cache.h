// Bodies serialised once per snapshot and shared by every reader. A SnapshotBodies holds the
// bodies of one snapshot, each built lazily on its first read (and its gzip form on the first
// read that accepts gzip); BodyCache hands out the set of the latest snapshot, making a new set
// when the lab publishes a new one. Readers get shared buffers: a body is never copied per
// request.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "api/metrics_text.h"
#include "api/query.h"
#include "http/compression.h"
#include "http/message.h"
#include "lab/snapshot.h"

namespace hb::api {

// The GET calls whose body depends on the snapshot alone.
enum class BodyKind {
  kHealth,
  kPods,
  kServices,
  kSlo,
  kAlerts,
  kFaults,
  kLab,
  kLegacyMetrics,
  kCount
};

// A body built once, on its first read, and its gzip form, compressed once on the first read
// that wants it (null when gzip would not make it smaller). Thread-safe.
class LazyBody {
 public:
  // `build` answers the text, as a std::string or as a shared_ptr<const std::string>.
  template <typename Build>
  const std::shared_ptr<const std::string>& text(Build&& build) const {
    std::call_once(text_once_, [&] {
      auto built = build();
      if constexpr (std::is_same_v<decltype(built), std::string>) {
        text_ = std::make_shared<const std::string>(std::move(built));
      } else {
        text_ = std::move(built);
      }
    });
    return text_;
  }
  // Only after text().
  const std::shared_ptr<const std::string>& gzip() const;

 private:
  mutable std::once_flag text_once_;
  mutable std::shared_ptr<const std::string> text_;
  mutable std::once_flag gzip_once_;
  mutable std::shared_ptr<const std::string> gzip_;
};

// A body with its gzip form when there is one worth sending.
struct SharedBody {
  http::Body text;
  std::optional<http::Body> gzip;
};

class SnapshotBodies {
 public:
  explicit SnapshotBodies(std::shared_ptr<const lab::Snapshot> snapshot);

  const lab::Snapshot& snapshot() const { return *snapshot_; }
  std::uint64_t version() const { return snapshot_->version; }

  // The body of `kind`; with `with_gzip`, its gzip form too (when worth it).
  SharedBody body(BodyKind kind, bool with_gzip) const;

  // GET /pods/{id}: the pod's JSON, a slice of the /pods body; nullopt for an unknown pod.
  std::optional<http::Body> pod(const std::string& id) const;
  // Each pod's JSON in report order (views into the /pods body, alive as long as this set).
  const std::vector<std::string_view>& pod_texts() const;

  // One /stream event (a server-sent event carrying the GET /lab body with the pods of
  // `selection`), built once per selection.
  http::Body stream_event(const PodSelection& selection) const;
  // The GET /lab body with the pods of `selection`.
  std::string lab_text(const PodSelection& selection) const;

  // GET /metrics: the snapshot's exposition with the scrape figures of one scrape. The snapshot
  // is rendered once, by its first scrape, which gets that text shared, never copied; a later
  // scrape gets a copy with its own scrape lines.
  SharedBody metrics(const ScrapeStats& scrapes, bool with_gzip) const;

 private:
  struct Pods {
    std::shared_ptr<const std::string> text;  // the GET /pods body
    std::vector<std::string_view> each;       // each pod's JSON, in report order
    std::string_view array;                   // what is between the brackets of "pods":[...]
    std::unordered_map<std::string_view, std::size_t> by_id;
  };
  // GET /lab around its pods: the fields before them and after them.
  struct LabParts {
    std::string before;  // "{...,"services":[...]" without the closing brace
    std::string after;   // ""slo":{...},...}" without the opening brace; "}" alone when none
  };
  // GET /metrics as the snapshot's first scrape saw it; another scrape replaces its scrape lines.
  struct MetricsParts {
    std::shared_ptr<const MetricsText> text;
    std::once_flag gzip_once;
    http::DeflatePiece head_gzip;
    http::DeflatePiece tail_gzip;
  };

  const Pods& pods() const;
  const LabParts& lab_parts() const;
  MetricsParts& metrics_parts(const ScrapeStats& first) const;
  std::string build(BodyKind kind) const;

  std::shared_ptr<const lab::Snapshot> snapshot_;
  LazyBody bodies_[static_cast<std::size_t>(BodyKind::kCount)];
  mutable std::once_flag pods_once_;
  mutable std::shared_ptr<const Pods> pods_;
  mutable std::once_flag lab_once_;
  mutable LabParts lab_parts_;
  mutable std::once_flag metrics_once_;
  mutable MetricsParts metrics_;
  mutable std::mutex events_mutex_;
  mutable std::map<std::string, std::shared_ptr<const std::string>> events_;  // by selection
};

// The SnapshotBodies of the latest snapshot of a lab.
class BodyCache {
 public:
  // `latest` answers the newest snapshot (never null).
  std::shared_ptr<const SnapshotBodies> bodies(std::shared_ptr<const lab::Snapshot> latest) const;

 private:
  mutable std::atomic<std::shared_ptr<const SnapshotBodies>> current_;
};

}  // namespace hb::api
