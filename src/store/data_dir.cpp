#include "store/data_dir.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace hb::store {
namespace {

bool absolute(const char* path) {
  return path != nullptr && path[0] == '/';
}

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

core::Result<std::string> default_data_dir(const char* xdg_state_home, const char* home) {
  if (absolute(xdg_state_home)) return without_trailing_slash(xdg_state_home) + "/healthboard";
  if (absolute(home)) return without_trailing_slash(home) + "/.local/state/healthboard";
  return core::invalid("--data-dir",
                       "no default data directory: neither XDG_STATE_HOME nor HOME is set to an "
                       "absolute path; give --data-dir");
}

core::Result<std::string> default_data_dir() {
  return default_data_dir(std::getenv("XDG_STATE_HOME"), std::getenv("HOME"));
}

core::Status make_data_dir(const std::string& dir) {
  if (dir.empty()) return core::invalid("--data-dir", "empty path");
  // Each prefix ending before a '/', then the whole path.
  for (std::size_t end = dir.find('/', 1);; end = dir.find('/', end + 1)) {
    const std::string part = end == std::string::npos ? dir : dir.substr(0, end);
    if (!part.empty() && part.back() != '/') {
      if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) {
        return core::invalid("--data-dir",
                             fmt::format("cannot create {}: {}", part, std::strerror(errno)));
      }
      struct stat info {};
      if (::stat(part.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
        return core::invalid("--data-dir", fmt::format("{} is not a directory", part));
      }
    }
    if (end == std::string::npos) break;
  }
  return core::Done{};
}

}  // namespace hb::store
