#include "lab/lab_store.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "lab/checkpoint_rows.h"

namespace hb::lab {
namespace {

constexpr const char* kShapeKey = "lab_shape";
constexpr const char* kStartKey = "start_unix";
constexpr const char* kSeedKey = "seed";

std::string slo_text(const core::SloSpec& slo) {
  return fmt::format("availability {} latency {} ms at {} over {} s", slo.availability_target,
                     slo.latency_threshold_ms, slo.latency_target,
                     std::chrono::duration_cast<std::chrono::seconds>(slo.window).count());
}

}  // namespace

std::string lab_shape(const core::LabSpec& spec) {
  std::string shape = "lab: " + slo_text(spec.slo);
  for (std::size_t s = 0; s < spec.services.size(); ++s) {
    shape += fmt::format("\n{}: {}", spec.services[s].name, slo_text(core::service_slo(spec, s)));
    // A real service's pods are its endpoints: other endpoints make another lab.
    if (const auto& real = spec.services[s].real) {
      shape += fmt::format(", real, endpoints {}", fmt::join(real->endpoints, " "));
    }
  }
  return shape;
}

LabStore::LabStore(std::unique_ptr<store::Store> store, std::string shape,
                   core::Duration slo_window)
    : store_(std::move(store)), shape_(std::move(shape)), slo_window_(slo_window) {}

core::Result<LabStore::Opened> LabStore::open(const std::string& dir, bool fresh,
                                              const core::LabSpec& spec) {
  auto opened = store::Store::open(dir, fresh);
  if (!opened) return opened.error();
  std::unique_ptr<store::Store> store = std::move(opened).value();
  auto loaded = store->load();
  if (!loaded) return loaded.error();
  const store::Saved& saved = loaded.value();
  Opened result;
  if (saved.state) {
    const auto shape = saved.meta.find(kShapeKey);
    const auto start = saved.meta.find(kStartKey);
    if (shape == saved.meta.end() || start == saved.meta.end()) {
      return core::invalid("--data-dir", fmt::format("{} holds a lab state without its identity; "
                                                     "start with --fresh to discard it",
                                                     store->dir()));
    }
    if (shape->second != lab_shape(spec)) {
      return core::invalid(
          "--data-dir",
          fmt::format("{} holds a lab of other services or SLOs than this configuration's "
                      "(kept:\n{}\nnow:\n{})\nStart with --fresh to discard what it holds, or "
                      "give another --data-dir to keep both.",
                      store->dir(), shape->second, lab_shape(spec)));
    }
    double start_unix = 0.0;
    const std::string& text = start->second;
    if (std::from_chars(text.data(), text.data() + text.size(), start_unix).ec != std::errc{}) {
      return core::invalid("--data-dir", fmt::format("{} holds a lab start time that does not read "
                                                     "('{}'); start with --fresh to discard it",
                                                     store->dir(), text));
    }
    auto checkpoint = from_saved(saved);
    if (!checkpoint) return checkpoint.error();
    result.resume = Resumption{std::move(checkpoint).value(), start_unix,
                               static_cast<double>(saved.state->saved_at_ms) / 1000.0};
  }
  result.store =
      std::unique_ptr<LabStore>(new LabStore(std::move(store), lab_shape(spec), spec.slo.window));
  return result;
}

core::Status LabStore::save(const core::Cluster& cluster, double start_unix, std::uint64_t seed,
                            double now_unix) {
  const core::LabCheckpoint checkpoint =
      cluster.checkpoint(since_.value_or(core::CheckpointSince{}));
  store::Batch batch = to_batch(checkpoint, std::llround(now_unix * 1000.0), slo_window_);
  if (!since_) {
    batch.meta = {
        {kShapeKey, shape_},
        {kStartKey, fmt::format("{}", start_unix)},  // shortest form that reads back exact
        {kSeedKey, std::to_string(seed)}};
  }
  if (auto written = store_->write(batch); !written) return written;
  since_ = core::CheckpointSince{checkpoint.event_count, checkpoint.history_count, checkpoint.at};
  return core::Done{};
}

}  // namespace hb::lab
