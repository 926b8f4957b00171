#include "api/body_cache.h"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "api/fault_views.h"
#include "api/json_views.h"
#include "api/live_views.h"
#include "api/prometheus_writer.h"

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;  // fields keep the order they are written in

std::size_t index(BodyKind kind) {
  return static_cast<std::size_t>(kind);
}

std::string sse_event(std::uint64_t version, std::string_view data) {
  std::string out = "id: " + std::to_string(version) + "\nevent: snapshot\ndata: ";
  out.reserve(out.size() + data.size() + 2);
  out += data;
  out += "\n\n";
  return out;
}

// `text` shared as a Body.
http::Body share(const std::shared_ptr<const std::string>& text) {
  return http::Body(text);
}

}  // namespace

const std::shared_ptr<const std::string>& LazyBody::gzip() const {
  std::call_once(gzip_once_, [this] {
    if (auto compressed = http::gzip_if_smaller(*text_)) {
      gzip_ = std::make_shared<const std::string>(std::move(*compressed));
    }
  });
  return gzip_;
}

SnapshotBodies::SnapshotBodies(std::shared_ptr<const lab::Snapshot> snapshot)
    : snapshot_(std::move(snapshot)) {}

const SnapshotBodies::Pods& SnapshotBodies::pods() const {
  std::call_once(pods_once_, [this] {
    auto pods = std::make_shared<Pods>();
    const auto& report = snapshot_->report;
    std::vector<std::string> each;
    each.reserve(report.pods.size());
    std::size_t bytes = 64;
    for (const auto& pod : report.pods) {
      each.push_back(pod_json(pod, *snapshot_).dump());
      bytes += each.back().size() + 1;
    }
    // Byte for byte what {"pods": [...], "timestamp": ...} dumps to.
    auto owned = std::make_shared<std::string>();
    std::string& text = *owned;
    text.reserve(bytes);
    text = "{\"pods\":[";
    const std::size_t array_start = text.size();
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    spans.reserve(each.size());
    for (std::size_t i = 0; i < each.size(); ++i) {
      if (i > 0) text += ',';
      spans.emplace_back(text.size(), each[i].size());
      text += each[i];
    }
    const std::size_t array_end = text.size();
    text += "],\"timestamp\":";
    text += json(snapshot_->timestamp()).dump();
    text += '}';
    pods->text = owned;
    const std::string_view view = text;  // no more appends: views stay valid
    pods->array = view.substr(array_start, array_end - array_start);
    pods->each.reserve(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
      pods->each.push_back(view.substr(spans[i].first, spans[i].second));
      pods->by_id.emplace(report.pods[i].id, i);
    }
    pods_ = std::move(pods);
  });
  return *pods_;
}

const std::vector<std::string_view>& SnapshotBodies::pod_texts() const {
  return pods().each;
}

std::optional<http::Body> SnapshotBodies::pod(const std::string& id) const {
  const Pods& all = pods();
  const auto it = all.by_id.find(id);
  if (it == all.by_id.end()) return std::nullopt;
  return http::Body(all.text, all.each[it->second]);
}

const SnapshotBodies::LabParts& SnapshotBodies::lab_parts() const {
  std::call_once(lab_once_, [this] {
    // lab_json's fields in its order, split around "pods", whose elements are the pods' own
    // JSON (the /pods elements), spliced in per selection.
    json whole = lab_json(*snapshot_);
    json before = json::object();
    json after = json::object();
    bool seen = false;
    for (auto& [key, value] : whole.items()) {
      if (key == "pods") {
        seen = true;
      } else {
        (seen ? after : before)[key] = std::move(value);
      }
    }
    if (!seen) throw std::logic_error("lab_json has no \"pods\" field to select from");
    lab_parts_.before = before.dump();
    lab_parts_.before.pop_back();  // the closing brace
    lab_parts_.after = after.empty() ? "}" : after.dump().substr(1);
  });
  return lab_parts_;
}

std::string SnapshotBodies::lab_text(const PodSelection& selection) const {
  const LabParts& parts = lab_parts();
  const Pods& all = pods();
  std::string out;
  out.reserve(parts.before.size() + all.array.size() + parts.after.size() + 16);
  out += parts.before;
  if (parts.before.size() > 1) out += ',';
  out += "\"pods\":[";
  if (selection.kind == PodSelection::Kind::kAll) {
    out += all.array;
  } else if (selection.kind == PodSelection::Kind::kService) {
    bool first = true;
    const auto& report = snapshot_->report;
    for (std::size_t i = 0; i < report.pods.size(); ++i) {
      if (!selection.keeps(report.pods[i])) continue;
      if (!first) out += ',';
      first = false;
      out += all.each[i];
    }
  }
  out += ']';
  if (parts.after != "}") out += ',';
  out += parts.after;
  return out;
}

http::Body SnapshotBodies::stream_event(const PodSelection& selection) const {
  const std::string key = selection.key();
  std::lock_guard lock(events_mutex_);
  auto& event = events_[key];
  if (!event) {
    if (selection.kind == PodSelection::Kind::kAll) {
      event = std::make_shared<const std::string>(sse_event(
          version(), *bodies_[index(BodyKind::kLab)].text([&] { return build(BodyKind::kLab); })));
    } else {
      event = std::make_shared<const std::string>(sse_event(version(), lab_text(selection)));
    }
  }
  return share(event);
}

std::string SnapshotBodies::build(BodyKind kind) const {
  const lab::Snapshot& snapshot = *snapshot_;
  switch (kind) {
    case BodyKind::kHealth:
      return json{{"status", "healthy"}, {"timestamp", snapshot.timestamp()}}.dump();
    case BodyKind::kPods:
      return {};  // served from pods()
    case BodyKind::kServices: {
      json services = json::array();
      for (const auto& service : snapshot.report.services) {
        services.push_back(service_json(service, snapshot));
      }
      return json{{"services", std::move(services)}, {"timestamp", snapshot.timestamp()}}.dump();
    }
    case BodyKind::kSlo:
      return slo_json(snapshot).dump();
    case BodyKind::kAlerts:
      return alerts_json(snapshot).dump();
    case BodyKind::kFaults:
      return faults_json(snapshot).dump();
    case BodyKind::kLab:
      return lab_text(PodSelection{});
    case BodyKind::kLegacyMetrics:
      return render_legacy_metrics(snapshot);
    case BodyKind::kCount:
      break;
  }
  throw std::logic_error("no such body kind");
}

SharedBody SnapshotBodies::body(BodyKind kind, bool with_gzip) const {
  const LazyBody& lazy = bodies_[index(kind)];
  SharedBody out;
  if (kind == BodyKind::kPods) {
    // The /pods body lives in pods(); the LazyBody shares it for its gzip.
    const Pods& all = pods();
    out.text = share(lazy.text([&] { return all.text; }));
  } else {
    out.text = share(lazy.text([&] { return build(kind); }));
  }
  if (with_gzip) {
    if (const auto& gzip = lazy.gzip()) out.gzip = share(gzip);
  }
  return out;
}

SnapshotBodies::MetricsParts& SnapshotBodies::metrics_parts(const ScrapeStats& first) const {
  std::call_once(metrics_once_, [&] {
    metrics_.text = std::make_shared<const MetricsText>(render_metrics_text(*snapshot_, first));
  });
  return metrics_;
}

SharedBody SnapshotBodies::metrics(const ScrapeStats& scrapes, bool with_gzip) const {
  MetricsParts& parts = metrics_parts(scrapes);
  const MetricsText& rendered = *parts.text;
  const std::string lines = render_scrape_lines(scrapes);
  SharedBody out;
  if (lines == rendered.scrape_lines()) {
    // The scrape that rendered the snapshot (most often its only one): its text as it is.
    out.text = http::Body(parts.text, rendered.text);
  } else {
    std::string text;
    text.reserve(rendered.text.size() - rendered.scrape_lines_size + lines.size());
    text += rendered.head();
    text += lines;
    text += rendered.tail();
    out.text = std::move(text);
  }
  if (with_gzip && out.text.size() >= http::kGzipMinBytes) {
    // The parts compressed once per snapshot; the scrape lines stored as they are, per scrape.
    std::call_once(parts.gzip_once, [&parts, &rendered] {
      parts.head_gzip = http::deflate_piece(rendered.head(), false);
      parts.tail_gzip = http::deflate_piece(rendered.tail(), true);
    });
    const http::DeflatePiece middle = http::stored_piece(lines);
    const http::DeflatePiece* pieces[] = {&parts.head_gzip, &middle, &parts.tail_gzip};
    std::string compressed = http::gzip_member(pieces);
    if (compressed.size() < out.text.size()) out.gzip = std::move(compressed);
  }
  return out;
}

std::shared_ptr<const SnapshotBodies> BodyCache::bodies(
    std::shared_ptr<const lab::Snapshot> latest) const {
  auto cached = current_.load();
  // The same snapshot's set, or a newer one's (published since `latest` was loaded).
  if (cached && cached->version() >= latest->version) return cached;
  auto fresh = std::make_shared<const SnapshotBodies>(std::move(latest));
  // Installed unless another reader installed the same or a newer snapshot's set meanwhile.
  while (!cached || cached->version() < fresh->version()) {
    if (current_.compare_exchange_weak(cached, fresh)) return fresh;
  }
  return cached;
}

}  // namespace hb::api
