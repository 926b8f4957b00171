// The default data directory by the XDG Base Directory spec, and its creation with mode 0700.
#include "store/data_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "temp_dir.h"

namespace hb::store {
namespace {

unsigned mode_of(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777U;
}

TEST(DataDir, XdgStateHomeFirst) {
  EXPECT_EQ(default_data_dir("/var/state", "/home/ada").value(), "/var/state/healthboard");
  EXPECT_EQ(default_data_dir("/var/state/", "/home/ada").value(), "/var/state/healthboard");
}

TEST(DataDir, HomeWhenXdgStateHomeIsUnsetEmptyOrRelative) {
  EXPECT_EQ(default_data_dir(nullptr, "/home/ada").value(), "/home/ada/.local/state/healthboard");
  EXPECT_EQ(default_data_dir("", "/home/ada").value(), "/home/ada/.local/state/healthboard");
  EXPECT_EQ(default_data_dir("state", "/home/ada").value(), "/home/ada/.local/state/healthboard");
}

TEST(DataDir, NeitherIsAnError) {
  const auto result = default_data_dir(nullptr, "");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "--data-dir");
  EXPECT_NE(result.error().detail.find("give --data-dir"), std::string::npos);
}

TEST(DataDir, MakesMissingDirectoriesWithMode0700) {
  TempDir temp;
  const std::string dir = temp.path() + "/.local/state/healthboard";
  ASSERT_TRUE(make_data_dir(dir));
  EXPECT_EQ(mode_of(temp.path() + "/.local"), 0700U);
  EXPECT_EQ(mode_of(temp.path() + "/.local/state"), 0700U);
  EXPECT_EQ(mode_of(dir), 0700U);
  EXPECT_TRUE(make_data_dir(dir)) << "an existing directory is fine";
}

TEST(DataDir, LeavesAnExistingDirectorysModeAlone) {
  TempDir temp;
  ASSERT_EQ(::chmod(temp.path().c_str(), 0755), 0);
  ASSERT_TRUE(make_data_dir(temp.path()));
  EXPECT_EQ(mode_of(temp.path()), 0755U);
}

TEST(DataDir, AFileInTheWayIsAnError) {
  TempDir temp;
  std::ofstream(temp.path() + "/file") << "x";
  const auto made = make_data_dir(temp.path() + "/file/healthboard");
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().field, "--data-dir");
}

}  // namespace
}  // namespace hb::store
