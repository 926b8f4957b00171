// The lab's persistence: one SQLite database in the data directory, rows of plain strings and
// integers. The store knows nothing of the simulation: the caller turns its state into these rows
// (JSON text in `body`) and back.
//
// Disk use is bounded by what the caller trims: events and history rows stay until a batch's
// events_keep_from_seq / history_keep_from_ms drops them, SLO buckets until a BucketTrim does.
// The state is one row, replaced by each write; meta keys are kept until overwritten.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace hb::store {

struct StateRow {
  std::int64_t saved_at_ms = 0;  // wall clock of the write, ms since the Unix epoch
  std::int64_t lab_time_ms = 0;  // the lab's own clock at that moment
  std::string body;              // the lab's controllable state, JSON text
  bool operator==(const StateRow&) const = default;
};

struct EventRow {
  std::int64_t seq = 0;
  std::string body;
  bool operator==(const EventRow&) const = default;
};

struct HistoryRow {
  std::int64_t at_ms = 0;
  std::string body;
  bool operator==(const HistoryRow&) const = default;
};

// One bucket of an SLO's counts in one ring (a ring: one bucket width, kept for one span).
struct BucketRow {
  std::string slo;
  std::int64_t ring = 0;
  std::int64_t bucket = 0;
  std::int64_t total = 0;
  std::int64_t errors = 0;
  std::int64_t slow = 0;
  bool operator==(const BucketRow&) const = default;
};

// Deletes every SLO's buckets of `ring` numbered below `keep_from_bucket`.
struct BucketTrim {
  std::int64_t ring = 0;
  std::int64_t keep_from_bucket = 0;
};

// Everything the database holds, each list in key order.
struct Saved {
  std::map<std::string, std::string> meta;
  std::optional<StateRow> state;
  std::vector<EventRow> events;     // by seq
  std::vector<HistoryRow> history;  // by at_ms
  std::vector<BucketRow> buckets;   // by slo, ring, bucket
};

// One write: rows to insert or replace (by key), then rows to delete. Trims run after the
// upserts, so a row of this batch older than a trim's bound is deleted too.
struct Batch {
  std::map<std::string, std::string> meta;
  std::optional<StateRow> state;
  std::vector<EventRow> events;
  std::vector<HistoryRow> history;
  std::optional<std::int64_t> history_keep_from_ms;  // deletes history before it
  std::vector<BucketRow> buckets;
  std::vector<BucketTrim> bucket_trims;
  std::optional<std::int64_t> events_keep_from_seq;  // deletes events before it
};

class Store {
 public:
  // The schema this binary writes; PRAGMA user_version holds the database's.
  static int schema_version();

  // Takes DIR's lock (refused while another store holds it), creates DIR (0700) when missing,
  // opens DIR/lab.sqlite3 in WAL mode, and brings the schema up to date, each migration step in a
  // transaction of its own. `fresh` first empties the database (any schema, a newer one
  // included). A database of a newer schema than this binary knows is refused. Errors have the
  // field "--data-dir".
  static core::Result<std::unique_ptr<Store>> open(const std::string& dir, bool fresh);

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();  // closes the database, then releases the lock

  // Every row, read in one transaction.
  core::Result<Saved> load();

  // The whole batch in one transaction: all of it or, on any failure, none of it (the error
  // says why). Never throws.
  core::Status write(const Batch& batch);

  const std::string& dir() const;
  std::string database_path() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hb::store
