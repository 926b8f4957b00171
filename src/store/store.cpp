#include "store/store.h"

#include <fmt/format.h>

#include <exception>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "store/data_dir.h"
#include "store/dir_lock.h"
#include "store/sqlite.h"

namespace hb::store {
namespace {

// The schema, one step per version: step i takes a database from user_version i to i + 1. Steps
// are only ever appended; tests/fixtures/store/schema-1.sql is a database of version 1 that every
// later binary must open.
constexpr std::string_view kMigrations[] = {
    // 1: the tables.
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  saved_at_ms INTEGER NOT NULL,
  lab_time_ms INTEGER NOT NULL,
  body TEXT NOT NULL);
CREATE TABLE events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE history (at_ms INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE slo_buckets (
  slo TEXT NOT NULL,
  ring INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  total INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  slow INTEGER NOT NULL,
  PRIMARY KEY (slo, ring, bucket)) WITHOUT ROWID;
)sql",
    // 2: a bucket trim deletes one ring's old buckets across every SLO; without this index it
    // reads the whole table (the primary key starts with the SLO).
    R"sql(
CREATE INDEX slo_buckets_by_ring ON slo_buckets (ring, bucket);
)sql",
};

constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

constexpr std::string_view kField = "--data-dir";

// The WAL file is checkpointed into the database every 1000 pages (SQLite's default, about 4 MB)
// and cut back to this size after a checkpoint, so a burst does not leave a large file behind.
constexpr std::string_view kJournalSizeLimit = "PRAGMA journal_size_limit = 8388608";
constexpr int kBusyTimeoutMs = 5000;

// An SQL identifier in double quotes, inner quotes doubled.
std::string quoted(std::string_view name) {
  std::string text = "\"";
  for (const char c : name) {
    text += c;
    if (c == '"') text += c;
  }
  return text + "\"";
}

}  // namespace

struct Store::Impl {
  Impl(DirLock lock_, std::string dir_, sqlite::Database db_)
      : lock(std::move(lock_)), dir(std::move(dir_)), db(std::move(db_)) {}

  // Declared in this order so that they are destroyed statements first, then the connection,
  // then the lock.
  DirLock lock;
  std::string dir;
  sqlite::Database db;
  std::optional<sqlite::Statement> upsert_meta;
  std::optional<sqlite::Statement> upsert_state;
  std::optional<sqlite::Statement> upsert_event;
  std::optional<sqlite::Statement> trim_events;
  std::optional<sqlite::Statement> upsert_history;
  std::optional<sqlite::Statement> trim_history;
  std::optional<sqlite::Statement> upsert_bucket;
  std::optional<sqlite::Statement> trim_buckets;

  std::string path() const { return dir + "/lab.sqlite3"; }

  // Drops every table and view, whatever schema made them, and sets the version back to 0.
  void empty() {
    std::vector<std::pair<std::string, std::string>> objects;  // (type, name)
    {
      sqlite::Statement list = db.prepare(
          "SELECT type, name FROM sqlite_schema WHERE type IN ('view', 'table') AND name NOT "
          "LIKE 'sqlite_%' ORDER BY type = 'table'");
      while (list.step()) objects.emplace_back(list.column_text(0), list.column_text(1));
    }
    sqlite::Transaction transaction(db);
    for (const auto& [type, name] : objects) {
      db.exec(fmt::format("DROP {} {}", type == "view" ? "VIEW" : "TABLE", quoted(name)));
    }
    db.exec("PRAGMA user_version = 0");
    transaction.commit();
    db.exec("VACUUM");  // give the dropped pages back to the file system
  }

  // Applies the missing migration steps; an error for a database newer than this binary.
  core::Status migrate() {
    const auto version = db.query_int("PRAGMA user_version");
    if (version > kSchemaVersion) {
      return core::invalid(
          std::string(kField),
          fmt::format("{} was written by a newer healthboard (schema {}, this one knows {}): "
                      "upgrade, or start with --fresh or another --data-dir",
                      path(), version, kSchemaVersion));
    }
    for (auto step = static_cast<int>(version); step < kSchemaVersion; ++step) {
      sqlite::Transaction transaction(db);
      db.exec(kMigrations[step]);
      db.exec(fmt::format("PRAGMA user_version = {}", step + 1));
      transaction.commit();
    }
    return core::Done{};
  }

  void prepare() {
    upsert_meta = db.prepare(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    upsert_state = db.prepare(
        "INSERT INTO state (id, saved_at_ms, lab_time_ms, body) VALUES (1, ?1, ?2, ?3) "
        "ON CONFLICT (id) DO UPDATE SET saved_at_ms = excluded.saved_at_ms, "
        "lab_time_ms = excluded.lab_time_ms, body = excluded.body");
    upsert_event = db.prepare(
        "INSERT INTO events (seq, body) VALUES (?1, ?2) "
        "ON CONFLICT (seq) DO UPDATE SET body = excluded.body");
    trim_events = db.prepare("DELETE FROM events WHERE seq < ?1");
    upsert_history = db.prepare(
        "INSERT INTO history (at_ms, body) VALUES (?1, ?2) "
        "ON CONFLICT (at_ms) DO UPDATE SET body = excluded.body");
    trim_history = db.prepare("DELETE FROM history WHERE at_ms < ?1");
    upsert_bucket = db.prepare(
        "INSERT INTO slo_buckets (slo, ring, bucket, total, errors, slow) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT (slo, ring, bucket) DO UPDATE SET total = excluded.total, "
        "errors = excluded.errors, slow = excluded.slow");
    trim_buckets = db.prepare("DELETE FROM slo_buckets WHERE ring = ?1 AND bucket < ?2");
  }

  void write(const Batch& batch) {
    sqlite::Transaction transaction(db);
    for (const auto& [key, value] : batch.meta) upsert_meta->bind(1, key).bind(2, value).run();
    if (batch.state) {
      upsert_state->bind(1, batch.state->saved_at_ms)
          .bind(2, batch.state->lab_time_ms)
          .bind(3, batch.state->body)
          .run();
    }
    for (const auto& event : batch.events)
      upsert_event->bind(1, event.seq).bind(2, event.body).run();
    if (batch.events_keep_from_seq) trim_events->bind(1, *batch.events_keep_from_seq).run();
    for (const auto& row : batch.history)
      upsert_history->bind(1, row.at_ms).bind(2, row.body).run();
    if (batch.history_keep_from_ms) trim_history->bind(1, *batch.history_keep_from_ms).run();
    for (const auto& row : batch.buckets) {
      upsert_bucket->bind(1, row.slo)
          .bind(2, row.ring)
          .bind(3, row.bucket)
          .bind(4, row.total)
          .bind(5, row.errors)
          .bind(6, row.slow)
          .run();
    }
    for (const auto& trim : batch.bucket_trims) {
      trim_buckets->bind(1, trim.ring).bind(2, trim.keep_from_bucket).run();
    }
    transaction.commit();
  }

  Saved load() {
    Saved saved;
    sqlite::Transaction transaction(db, sqlite::Transaction::Mode::kDeferred);
    {
      auto rows = db.prepare("SELECT key, value FROM meta ORDER BY key");
      while (rows.step()) saved.meta.emplace(rows.column_text(0), rows.column_text(1));
    }
    {
      auto rows = db.prepare("SELECT saved_at_ms, lab_time_ms, body FROM state WHERE id = 1");
      if (rows.step()) {
        saved.state = StateRow{rows.column_int64(0), rows.column_int64(1), rows.column_text(2)};
      }
    }
    {
      auto rows = db.prepare("SELECT seq, body FROM events ORDER BY seq");
      while (rows.step()) saved.events.push_back({rows.column_int64(0), rows.column_text(1)});
    }
    {
      auto rows = db.prepare("SELECT at_ms, body FROM history ORDER BY at_ms");
      while (rows.step()) saved.history.push_back({rows.column_int64(0), rows.column_text(1)});
    }
    {
      auto rows = db.prepare(
          "SELECT slo, ring, bucket, total, errors, slow FROM slo_buckets "
          "ORDER BY slo, ring, bucket");
      while (rows.step()) {
        saved.buckets.push_back({rows.column_text(0), rows.column_int64(1), rows.column_int64(2),
                                 rows.column_int64(3), rows.column_int64(4), rows.column_int64(5)});
      }
    }
    transaction.commit();
    return saved;
  }
};

int Store::schema_version() {
  return kSchemaVersion;
}

core::Result<std::unique_ptr<Store>> Store::open(const std::string& dir, bool fresh) {
  if (auto made = make_data_dir(dir); !made) return made.error();
  auto lock = DirLock::acquire(dir);
  if (!lock) return lock.error();
  const std::string path = dir + "/lab.sqlite3";
  try {
    auto impl = std::make_unique<Impl>(std::move(lock).value(), dir, sqlite::Database::open(path));
    impl->db.busy_timeout(kBusyTimeoutMs);
    // journal_mode answers with the mode now in force; a file system without shared memory
    // (some network mounts) keeps the old one.
    if (const auto mode = impl->db.query_text("PRAGMA journal_mode = WAL"); mode != "wal") {
      return core::invalid(
          std::string(kField),
          fmt::format("{}: cannot use write-ahead logging (journal mode {})", path, mode));
    }
    impl->db.exec("PRAGMA synchronous = NORMAL");
    impl->db.exec(kJournalSizeLimit);
    if (fresh) impl->empty();
    if (auto migrated = impl->migrate(); !migrated) return migrated.error();
    impl->prepare();
    return std::unique_ptr<Store>(new Store(std::move(impl)));
  } catch (const std::exception& e) {
    return core::invalid(std::string(kField), fmt::format("{}: {}", path, e.what()));
  }
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Store::~Store() = default;

const std::string& Store::dir() const {
  return impl_->dir;
}

std::string Store::database_path() const {
  return impl_->path();
}

core::Result<Saved> Store::load() {
  try {
    return impl_->load();
  } catch (const std::exception& e) {
    return core::invalid(std::string(kField),
                         fmt::format("{}: reading failed: {}", impl_->path(), e.what()));
  }
}

core::Status Store::write(const Batch& batch) {
  try {
    impl_->write(batch);
    return core::Done{};
  } catch (const std::exception& e) {
    return core::invalid(
        std::string(kField),
        fmt::format("{}: write failed, nothing of it kept: {}", impl_->path(), e.what()));
  }
}

}  // namespace hb::store
