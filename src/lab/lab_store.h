// A running lab kept in its data directory: opening the store tells whether it holds a lab to
// carry on from, and each save writes what changed since the last one, in one transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/checkpoint.h"
#include "core/cluster.h"
#include "core/lab_spec.h"
#include "core/result.h"
#include "store/store.h"

namespace hb::lab {

// What a lab resumes from: its checkpoint and the wall-clock time of its lab time zero, to which
// its time stays anchored.
struct Resumption {
  core::LabCheckpoint saved;
  double start_unix = 0.0;
  double saved_unix = 0.0;  // when the checkpoint was written
};

class LabStore {
 public:
  struct Opened {
    std::unique_ptr<LabStore> store;
    std::optional<Resumption> resume;  // none: the directory holds no lab (or `fresh`)
  };
  // Opens (or creates) the store in `dir` for a lab of `spec`. A store written for other
  // services or SLOs is refused, with a message that says what to do; `fresh` empties it first.
  static core::Result<Opened> open(const std::string& dir, bool fresh, const core::LabSpec& spec);

  LabStore(const LabStore&) = delete;
  LabStore& operator=(const LabStore&) = delete;

  // Writes the lab's checkpoint: the first save writes everything and the lab's identity (its
  // services and SLOs, its seed, when its time began), the later ones only what is new.
  core::Status save(const core::Cluster& cluster, double start_unix, std::uint64_t seed,
                    double now_unix);
  const std::string& dir() const { return store_->dir(); }

 private:
  LabStore(std::unique_ptr<store::Store> store, std::string shape, core::Duration slo_window);

  std::unique_ptr<store::Store> store_;
  std::string shape_;
  core::Duration slo_window_;
  std::optional<core::CheckpointSince> since_;  // none until the first save
};

// The services and SLOs of a lab, as text: a store carries on only for a lab with the same.
std::string lab_shape(const core::LabSpec& spec);

}  // namespace hb::lab
