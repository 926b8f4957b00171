// kill -9 in the middle of writing: a child process writes batches in a loop (each one a state
// row with a counter and the event whose seq is that counter) and is killed without warning.
// The database must be intact, hold every batch that committed and nothing of one that did not,
// and the directory's lock must be free again.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "store/sqlite.h"
#include "store/store.h"
#include "temp_dir.h"

namespace hb::store {
namespace {

// The child: never returns. Tells the parent through `ready_fd` once its first batch is in.
[[noreturn]] void write_until_killed(const std::string& dir, int ready_fd) {
  auto opened = Store::open(dir, false);
  if (!opened) ::_exit(2);
  Store& store = *opened.value();
  const std::string padding(2000, 'x');
  for (std::int64_t counter = 1;; ++counter) {
    Batch batch;
    batch.state = StateRow{counter, counter, std::to_string(counter) + " " + padding};
    batch.events = {{counter, "event " + std::to_string(counter)}};
    if (!store.write(batch)) ::_exit(3);
    if (counter == 1) {
      const char byte = 1;
      if (::write(ready_fd, &byte, 1) != 1) ::_exit(4);
      ::close(ready_fd);
    }
  }
}

TEST(StoreKill, KillNineLosesNoCommittedBatchAndFreesTheLock) {
  TempDir temp;
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(ready[0]);
    write_until_killed(temp.path(), ready[1]);
  }
  ::close(ready[1]);
  char byte = 0;
  const ssize_t got = ::read(ready[0], &byte, 1);
  ::close(ready[0]);
  if (got == 1) std::this_thread::sleep_for(std::chrono::milliseconds(300));  // mid-write
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_EQ(got, 1) << "the child failed before its first batch, exit status " << status;
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child stopped by itself, exit status " << status;

  auto opened = Store::open(temp.path(), false);  // the lock is free
  ASSERT_TRUE(opened) << opened.error().detail;
  auto& store = *opened.value();
  {
    auto db = sqlite::Database::open(store.database_path());
    EXPECT_EQ(db.query_text("PRAGMA integrity_check"), "ok");
  }
  auto saved = store.load();
  ASSERT_TRUE(saved) << saved.error().detail;
  ASSERT_TRUE(saved.value().state);
  const std::int64_t counter = saved.value().state->saved_at_ms;
  ASSERT_GE(counter, 1);
  EXPECT_EQ(saved.value().state->body.substr(0, saved.value().state->body.find(' ')),
            std::to_string(counter));
  const auto& events = saved.value().events;
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().seq, counter) << "state and events from different batches";
  EXPECT_EQ(static_cast<std::int64_t>(events.size()), counter) << "a committed batch was lost";
  RecordProperty("batches_committed", std::to_string(counter));
}

}  // namespace
}  // namespace hb::store
