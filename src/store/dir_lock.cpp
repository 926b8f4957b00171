#include "store/dir_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

namespace hb::store {
namespace {

// The PID written in the lock file by its holder, trimmed; empty when there is none yet (the
// holder took the lock and has not written it yet).
std::string holder_pid(int fd) {
  std::array<char, 32> buffer{};
  const ssize_t n = ::pread(fd, buffer.data(), buffer.size() - 1, 0);
  if (n <= 0) return {};
  std::string_view text(buffer.data(), static_cast<std::size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

core::Result<DirLock> DirLock::acquire(const std::string& dir) {
  std::string path = dir + "/lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return core::invalid("--data-dir",
                         fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  DirLock lock(fd, std::move(path));  // closes fd on every way out
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) {
      return core::invalid("--data-dir",
                           fmt::format("cannot lock {}: {}", lock.path_, std::strerror(errno)));
    }
    const std::string pid = holder_pid(fd);
    return core::invalid(
        "--data-dir",
        fmt::format("data directory {} is in use by {} (another healthboard serve); stop it, or "
                    "give another --data-dir",
                    dir, pid.empty() ? std::string("another process") : "process " + pid));
  }
  const std::string pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    return core::invalid("--data-dir",
                         fmt::format("cannot write {}: {}", lock.path_, std::strerror(errno)));
  }
  return lock;
}

DirLock::DirLock(DirLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

DirLock& DirLock::operator=(DirLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

DirLock::~DirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor of the open file drops the flock
}

}  // namespace hb::store
