// One server per data directory: DIR/lock, held with flock(2) for as long as this object lives.
// The kernel drops the lock when the process dies, kill -9 included, so a crash never leaves a
// stale lock behind. The file itself stays; it holds the PID of the last process that held it,
// for the message a second server gets.
#pragma once

#include <string>
#include <utility>

#include "core/result.h"

namespace hb::store {

class DirLock {
 public:
  // Opens (creating) DIR/lock, takes the lock without waiting and writes our PID into it. When
  // another open file holds it (another process, or another DirLock of this process: flock
  // belongs to the open file description), an error that names the holder's PID.
  static core::Result<DirLock> acquire(const std::string& dir);

  DirLock(DirLock&& other) noexcept;
  DirLock& operator=(DirLock&& other) noexcept;
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;
  ~DirLock();  // releases the lock

  const std::string& path() const { return path_; }

 private:
  DirLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

}  // namespace hb::store
