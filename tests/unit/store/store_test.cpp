// The store on a real SQLite database in a temporary directory: every table written and read
// back, upserts, trims, --fresh, the directory's lock, the schema version rule and the migration
// from a stored database of schema 1.
#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "store/sqlite.h"
#include "temp_dir.h"

namespace hb::store {
namespace {

std::unique_ptr<Store> open_store(const std::string& dir, bool fresh = false) {
  auto store = Store::open(dir, fresh);
  if (!store) {
    ADD_FAILURE() << store.error().detail;
    return nullptr;
  }
  return std::move(store).value();
}

Saved load(Store& store) {
  auto saved = store.load();
  if (!saved) {
    ADD_FAILURE() << saved.error().detail;
    return {};
  }
  return std::move(saved).value();
}

void write(Store& store, const Batch& batch) {
  const auto written = store.write(batch);
  ASSERT_TRUE(written) << written.error().detail;
}

Batch full_batch() {
  Batch batch;
  batch.meta = {{"seed", "42"}, {"lab", "default"}};
  batch.state = StateRow{1764900000000, 3600000, R"({"faults":[]})"};
  batch.events = {{2, R"({"type":"b"})"}, {1, R"({"type":"a"})"}, {3, R"({"type":"c"})"}};
  batch.history = {{2000, "h2"}, {1000, "h1"}};
  batch.buckets = {{"ui-proxy", 0, 5, 100, 1, 2},
                   {"sensor-sim", 1, 7, 10, 0, 0},
                   {"sensor-sim", 0, 9, 50, 5, 6},
                   {"sensor-sim", 0, 8, 40, 4, 3}};
  return batch;
}

TEST(Store, EmptyLoadsNothing) {
  TempDir temp;
  auto store = open_store(temp.path());
  ASSERT_TRUE(store);
  const Saved saved = load(*store);
  EXPECT_TRUE(saved.meta.empty());
  EXPECT_FALSE(saved.state);
  EXPECT_TRUE(saved.events.empty());
  EXPECT_TRUE(saved.history.empty());
  EXPECT_TRUE(saved.buckets.empty());
}

TEST(Store, RoundTripsEveryTableInKeyOrder) {
  TempDir temp;
  auto store = open_store(temp.path());
  ASSERT_TRUE(store);
  write(*store, full_batch());
  const Saved saved = load(*store);
  EXPECT_EQ(saved.meta, (std::map<std::string, std::string>{{"lab", "default"}, {"seed", "42"}}));
  EXPECT_EQ(saved.state, (StateRow{1764900000000, 3600000, R"({"faults":[]})"}));
  EXPECT_EQ(saved.events,
            (std::vector<EventRow>{
                {1, R"({"type":"a"})"}, {2, R"({"type":"b"})"}, {3, R"({"type":"c"})"}}));
  EXPECT_EQ(saved.history, (std::vector<HistoryRow>{{1000, "h1"}, {2000, "h2"}}));
  EXPECT_EQ(saved.buckets, (std::vector<BucketRow>{{"sensor-sim", 0, 8, 40, 4, 3},
                                                   {"sensor-sim", 0, 9, 50, 5, 6},
                                                   {"sensor-sim", 1, 7, 10, 0, 0},
                                                   {"ui-proxy", 0, 5, 100, 1, 2}}));
}

TEST(Store, RowsSurviveReopening) {
  TempDir temp;
  {
    auto store = open_store(temp.path());
    ASSERT_TRUE(store);
    write(*store, full_batch());
  }
  auto store = open_store(temp.path());
  ASSERT_TRUE(store);
  const Saved saved = load(*store);
  EXPECT_EQ(saved.events.size(), 3U);
  EXPECT_EQ(saved.buckets.size(), 4U);
  ASSERT_TRUE(saved.state);
  EXPECT_EQ(saved.state->lab_time_ms, 3600000);
}

TEST(Store, UpsertsReplaceByKey) {
  TempDir temp;
  auto store = open_store(temp.path());
  ASSERT_TRUE(store);
  write(*store, full_batch());
  Batch second;
  second.meta = {{"seed", "7"}};
  second.state = StateRow{1764900005000, 3605000, R"({"faults":[1]})"};
  second.events = {{2, "B"}, {4, "D"}};
  second.history = {{1000, "H1"}};
  second.buckets = {{"sensor-sim", 0, 9, 55, 6, 7}};
  write(*store, second);
  const Saved saved = load(*store);
  EXPECT_EQ(saved.meta, (std::map<std::string, std::string>{{"lab", "default"}, {"seed", "7"}}));
  EXPECT_EQ(saved.state, (StateRow{1764900005000, 3605000, R"({"faults":[1]})"}));
  EXPECT_EQ(saved.events, (std::vector<EventRow>{
                              {1, R"({"type":"a"})"}, {2, "B"}, {3, R"({"type":"c"})"}, {4, "D"}}));
  EXPECT_EQ(saved.history, (std::vector<HistoryRow>{{1000, "H1"}, {2000, "h2"}}));
  EXPECT_EQ(saved.buckets, (std::vector<BucketRow>{{"sensor-sim", 0, 8, 40, 4, 3},
                                                   {"sensor-sim", 0, 9, 55, 6, 7},
                                                   {"sensor-sim", 1, 7, 10, 0, 0},
                                                   {"ui-proxy", 0, 5, 100, 1, 2}}));
}

TEST(Store, TrimsDeleteOlderRowsIncludingTheBatchsOwn) {
  TempDir temp;
  auto store = open_store(temp.path());
  ASSERT_TRUE(store);
  write(*store, full_batch());
  Batch trim;
  trim.events = {{0, "older than the trim"}, {5, "E"}};
  trim.events_keep_from_seq = 3;
  trim.history_keep_from_ms = 2000;
  trim.buckets = {{"ui-proxy", 0, 9, 1, 0, 0}};
  trim.bucket_trims = {{0, 9}};  // ring 0 of every SLO; ring 1 untouched
  write(*store, trim);
  const Saved saved = load(*store);
  EXPECT_EQ(saved.events, (std::vector<EventRow>{{3, R"({"type":"c"})"}, {5, "E"}}));
  EXPECT_EQ(saved.history, (std::vector<HistoryRow>{{2000, "h2"}}));
  EXPECT_EQ(saved.buckets, (std::vector<BucketRow>{{"sensor-sim", 0, 9, 50, 5, 6},
                                                   {"sensor-sim", 1, 7, 10, 0, 0},
                                                   {"ui-proxy", 0, 9, 1, 0, 0}}));
  EXPECT_EQ(saved.meta.size(), 2U);
  EXPECT_TRUE(saved.state);
}

TEST(Store, FailedWriteKeepsNoneOfItsBatch) {
  TempDir temp;
  auto store = open_store(temp.path());
  ASSERT_TRUE(store);
  write(*store, full_batch());
  // Another connection makes one history row fail, after the batch's state and events went in.
  sqlite::Database::open(store->database_path())
      .exec(
          "CREATE TRIGGER refuse BEFORE INSERT ON history WHEN NEW.body = 'boom' "
          "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  Batch failing;
  failing.state = StateRow{1, 2, "changed"};
  failing.events = {{9, "nine"}};
  failing.events_keep_from_seq = 3;
  failing.history = {{3000, "boom"}};
  const auto written = store->write(failing);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().field, "--data-dir");
  EXPECT_NE(written.error().detail.find("refused by the test"), std::string::npos)
      << written.error().detail;

  const Saved saved = load(*store);
  EXPECT_EQ(saved.state, full_batch().state);
  EXPECT_EQ(saved.events.size(), 3U);
  EXPECT_EQ(saved.history.size(), 2U);
  // And the store goes on: its cached statements were reset.
  Batch next;
  next.events = {{9, "nine"}};
  write(*store, next);
  EXPECT_EQ(load(*store).events.back(), (EventRow{9, "nine"}));
}

TEST(Store, FreshEmptiesEveryTable) {
  TempDir temp;
  {
    auto store = open_store(temp.path());
    ASSERT_TRUE(store);
    write(*store, full_batch());
  }
  auto store = open_store(temp.path(), true);
  ASSERT_TRUE(store);
  const Saved saved = load(*store);
  EXPECT_TRUE(saved.meta.empty());
  EXPECT_FALSE(saved.state);
  EXPECT_TRUE(saved.events.empty());
  EXPECT_TRUE(saved.history.empty());
  EXPECT_TRUE(saved.buckets.empty());
  write(*store, full_batch());
  EXPECT_EQ(load(*store).buckets.size(), 4U);
}

TEST(Store, FreshDoesNotBreakAnotherServersLock) {
  TempDir temp;
  auto first = open_store(temp.path());
  ASSERT_TRUE(first);
  write(*first, full_batch());
  EXPECT_FALSE(Store::open(temp.path(), true));
  EXPECT_EQ(load(*first).events.size(), 3U);
}

TEST(Store, SecondOpenIsRefusedNamingThePid) {
  TempDir temp;
  auto first = open_store(temp.path());
  ASSERT_TRUE(first);
  const auto second = Store::open(temp.path(), false);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().field, "--data-dir");
  EXPECT_NE(second.error().detail.find("is in use by process " + std::to_string(::getpid()) +
                                       " (another healthboard serve)"),
            std::string::npos)
      << second.error().detail;
}

TEST(Store, LockIsReleasedOnDestruction) {
  TempDir temp;
  auto first = open_store(temp.path());
  ASSERT_TRUE(first);
  first.reset();
  EXPECT_TRUE(open_store(temp.path()));
}

TEST(Store, CreatesAMissingDataDirectory) {
  TempDir temp;
  auto store = open_store(temp.path() + "/state/healthboard");
  ASSERT_TRUE(store);
  EXPECT_EQ(store->database_path(), temp.path() + "/state/healthboard/lab.sqlite3");
}

TEST(Store, UsesWriteAheadLoggingAndRecordsItsSchema) {
  TempDir temp;
  auto store = open_store(temp.path());
  ASSERT_TRUE(store);
  auto db = sqlite::Database::open(store->database_path());
  EXPECT_EQ(db.query_text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(db.query_int("PRAGMA user_version"), Store::schema_version());
}

TEST(Store, NewerSchemaIsRefusedAndFreshStartsOver) {
  TempDir temp;
  const int newer = Store::schema_version() + 1;
  {
    auto db = sqlite::Database::open(temp.path() + "/lab.sqlite3");
    db.exec(
        "CREATE TABLE future (x INTEGER); CREATE VIEW future_view AS SELECT x FROM future; "
        "CREATE TABLE \"future \"\"quoted\"\"\" (y TEXT);");
    db.exec("PRAGMA user_version = " + std::to_string(newer));
  }
  const auto refused = Store::open(temp.path(), false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "--data-dir");
  EXPECT_NE(refused.error().detail.find("written by a newer healthboard (schema " +
                                        std::to_string(newer) + ", this one knows " +
                                        std::to_string(Store::schema_version()) +
                                        "): upgrade, or start with --fresh or another --data-dir"),
            std::string::npos)
      << refused.error().detail;

  auto store = open_store(temp.path(), true);
  ASSERT_TRUE(store);
  EXPECT_TRUE(load(*store).events.empty());
  auto db = sqlite::Database::open(store->database_path());
  EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'future%'"), 0);
  EXPECT_EQ(db.query_int("PRAGMA user_version"), Store::schema_version());
}

TEST(Store, NotADatabaseIsAnErrorNotAThrow) {
  TempDir temp;
  std::ofstream(temp.path() + "/lab.sqlite3") << std::string(4096, 'x');
  const auto refused = Store::open(temp.path(), false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().detail.find("lab.sqlite3"), std::string::npos);
}

TEST(Store, MigratesTheSchema1Fixture) {
  TempDir temp;
  std::ifstream in(std::string(HB_SOURCE_DIR) + "/tests/fixtures/store/schema-1.sql");
  ASSERT_TRUE(in);
  std::stringstream sql;
  sql << in.rdbuf();
  sqlite::Database::open(temp.path() + "/lab.sqlite3").exec(sql.str());

  auto store = open_store(temp.path());
  ASSERT_TRUE(store);
  const Saved saved = load(*store);
  EXPECT_EQ(saved.meta, (std::map<std::string, std::string>{{"lab", "default"}, {"seed", "42"}}));
  EXPECT_EQ(saved.state, (StateRow{1764900000000, 3600000,
                                   R"({"faults":[{"pod":"sensor-sim-pod-1","delay_ms":250}]})"}));
  EXPECT_EQ(saved.events,
            (std::vector<EventRow>{{7, R"({"type":"fault","pod":"sensor-sim-pod-1"})"},
                                   {8, R"({"type":"restart","pod":"planner-sim-pod-2"})"}}));
  EXPECT_EQ(saved.history,
            (std::vector<HistoryRow>{{3590000, R"({"rps":180})"}, {3600000, R"({"rps":181})"}}));
  EXPECT_EQ(saved.buckets, (std::vector<BucketRow>{{"sensor-sim", 0, 359, 600, 3, 12},
                                                   {"sensor-sim", 0, 360, 610, 0, 9},
                                                   {"ui-proxy", 1, 59, 36000, 40, 300}}));
  auto db = sqlite::Database::open(store->database_path());
  EXPECT_EQ(db.query_int("PRAGMA user_version"), Store::schema_version());
  EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'slo_buckets_by_ring'"),
            1);

  // And it takes writes in the new schema.
  Batch trim;
  trim.bucket_trims = {{0, 360}};
  write(*store, trim);
  EXPECT_EQ(load(*store).buckets.size(), 2U);
}

}  // namespace
}  // namespace hb::store
