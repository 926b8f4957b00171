// One holder per data directory: a second lock is refused with the holder's PID, and the lock is
// free again once its holder is destroyed.
#include "store/dir_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "temp_dir.h"

namespace hb::store {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(DirLock, WritesOurPid) {
  TempDir temp;
  auto lock = DirLock::acquire(temp.path());
  ASSERT_TRUE(lock) << lock.error().detail;
  EXPECT_EQ(read_file(temp.path() + "/lock"), std::to_string(::getpid()) + "\n");
}

TEST(DirLock, SecondHolderIsRefusedNamingTheFirst) {
  TempDir temp;
  auto first = DirLock::acquire(temp.path());
  ASSERT_TRUE(first);
  const auto second = DirLock::acquire(temp.path());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().field, "--data-dir");
  EXPECT_EQ(second.error().detail,
            "--data-dir: data directory " + temp.path() + " is in use by process " +
                std::to_string(::getpid()) +
                " (another healthboard serve); stop it, or give another --data-dir");
}

TEST(DirLock, ReleasedWhenDestroyed) {
  TempDir temp;
  std::optional<DirLock> first;
  {
    auto acquired = DirLock::acquire(temp.path());
    ASSERT_TRUE(acquired);
    first.emplace(std::move(acquired).value());
  }
  EXPECT_FALSE(DirLock::acquire(temp.path())) << "a moved-from lock still holds";
  first.reset();
  EXPECT_TRUE(DirLock::acquire(temp.path()));
}

}  // namespace
}  // namespace hb::store
