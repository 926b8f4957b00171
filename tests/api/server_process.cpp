#include "server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#ifndef HB_BINARY_PATH
#error "HB_BINARY_PATH must be defined to the path of the healthboard binary"
#endif

namespace hbtest {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kReadyPrefix = "healthboard listening on http://";

std::string errno_text(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

ExitStatus decode(int raw) {
  ExitStatus s;
  if (WIFEXITED(raw)) {
    s.exited = true;
    s.code = WEXITSTATUS(raw);
  } else if (WIFSIGNALED(raw)) {
    s.signal = WTERMSIG(raw);
  }
  return s;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Milliseconds left until `deadline`, clamped to [0, INT_MAX] for poll().
int millis_until(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return 0;
  if (left.count() > 1'000'000) return 1'000'000;
  return static_cast<int>(left.count());
}

// fork + exec of the binary. `out_fd` / `err_fd` become the child's stdout / stderr (-1: keep
// the parent's). Everything the child needs is prepared before fork(), so that only
// async-signal-safe calls run between fork() and exec().
pid_t spawn(const std::vector<std::string>& args, int out_fd, int err_fd,
            unsigned max_open_files = 0) {
  std::vector<std::string> storage;
  storage.reserve(args.size() + 1);
  storage.emplace_back(binary_path());
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(storage.size() + 1);
  for (auto& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const int dev_null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (dev_null < 0) throw std::runtime_error(errno_text("open /dev/null"));
  const pid_t parent = ::getpid();
  static constexpr char kExecFailed[] = "hb_api_tests: exec of the healthboard binary failed\n";

  const pid_t pid = ::fork();
  if (pid < 0) {
    const std::string msg = errno_text("fork");
    ::close(dev_null);
    throw std::runtime_error(msg);
  }
  if (pid == 0) {
    // Child. Die with the test process, even when it crashes.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    ::dup2(dev_null, STDIN_FILENO);
    if (out_fd >= 0) ::dup2(out_fd, STDOUT_FILENO);
    if (err_fd >= 0) ::dup2(err_fd, STDERR_FILENO);
    if (max_open_files != 0) {
      const rlimit limit{max_open_files, max_open_files};
      if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::_exit(125);
    }
    ::execv(argv[0], argv.data());
    [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, kExecFailed, sizeof kExecFailed - 1);
    ::_exit(127);
  }
  ::close(dev_null);
  return pid;
}

// Waits for `pid` up to `deadline`; returns true and fills `raw` when it ended.
bool wait_until(pid_t pid, Clock::time_point deadline, int& raw) {
  for (;;) {
    const pid_t r = ::waitpid(pid, &raw, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;  // not our child any more: treat as gone
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

int wait_blocking(pid_t pid) {
  int raw = 0;
  while (::waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
  }
  return raw;
}

bool parse_port(const std::string& line, unsigned short& port) {
  if (line.rfind(kReadyPrefix, 0) != 0) return false;
  const auto colon = line.rfind(':');
  if (colon == std::string::npos || colon < kReadyPrefix.size()) return false;
  const char* first = line.data() + colon + 1;
  const char* last = line.data() + line.size();
  unsigned value = 0;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || value == 0 || value > 65535) return false;
  port = static_cast<unsigned short>(value);
  return true;
}

}  // namespace

const char* binary_path() {
  if (const char* env = std::getenv("HB_BINARY")) return env;  // manual override
  return HB_BINARY_PATH;
}

std::string ExitStatus::describe() const {
  std::string s;
  if (exited)
    s = "exited with code " + std::to_string(code);
  else if (signal != 0)
    s = "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  else
    s = "unknown status";
  if (forced) s += " after SIGKILL (did not stop within the grace period after SIGTERM)";
  if (!was_running) s += " (had already ended before it was asked to stop)";
  return s;
}

RunResult run_binary(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error(errno_text("pipe2"));
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    throw std::runtime_error(errno_text("pipe2"));
  }
  pid_t pid = -1;
  try {
    pid = spawn(args, out_pipe[1], err_pipe[1]);
  } catch (...) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
    throw;
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);

  RunResult result;
  const auto deadline = Clock::now() + timeout;
  int fds[2] = {out_pipe[0], err_pipe[0]};
  std::string* sinks[2] = {&result.out, &result.err};
  while (fds[0] >= 0 || fds[1] >= 0) {
    pollfd pfds[2];
    for (int i = 0; i < 2; ++i) pfds[i] = pollfd{fds[i], POLLIN, 0};
    const int wait_ms = millis_until(deadline);
    if (wait_ms == 0) {
      result.timed_out = true;
      break;
    }
    const int n = ::poll(pfds, 2, wait_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i] < 0 || pfds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t got = ::read(fds[i], buf, sizeof buf);
      if (got > 0)
        sinks[i]->append(buf, static_cast<std::size_t>(got));
      else if (got == 0 || errno != EINTR)
        close_fd(fds[i]);
    }
  }
  close_fd(fds[0]);
  close_fd(fds[1]);

  int raw = 0;
  if (result.timed_out || !wait_until(pid, Clock::now() + std::chrono::seconds(5), raw)) {
    ::kill(pid, SIGKILL);
    raw = wait_blocking(pid);
    result.timed_out = true;
  }
  result.status = decode(raw);
  return result;
}

ServerProcess::ServerProcess(ServerOptions options) {
  std::string data_dir = options.data_dir;
  if (data_dir.empty()) {
    std::string pattern = "/tmp/hb-api-test-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error(errno_text("mkdtemp"));
    data_dir = temp_data_dir_ = pattern;
  }
  std::vector<std::string> args = {"serve", "--host", options.listen_host,          "--port",
                                   "0",     "--seed", std::to_string(options.seed), "--data-dir",
                                   data_dir};
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error(errno_text("pipe2"));
  try {
    pid_ = spawn(args, pipe_fds[1], -1, options.max_open_files);
  } catch (...) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw;
  }
  ::close(pipe_fds[1]);
  stdout_fd_ = pipe_fds[0];

  const auto deadline = Clock::now() + options.ready_timeout;
  std::string buffer;
  std::string failure;
  while (port_ == 0 && failure.empty()) {
    const auto nl = buffer.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer.substr(0, nl);
      buffer.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (parse_port(line, port_)) {
        ready_line_ = line;
      } else if (line.rfind(kReadyPrefix, 0) == 0) {
        failure = "cannot parse the port in the ready line '" + line + "'";
      } else {
        lines_before_ready_.push_back(line);
      }
      continue;
    }
    const int wait_ms = millis_until(deadline);
    if (wait_ms == 0) {
      failure = "no '" + std::string(kReadyPrefix) + "127.0.0.1:PORT' line on stdout within " +
                std::to_string(options.ready_timeout.count()) + " ms";
      break;
    }
    pollfd pfd{stdout_fd_, POLLIN, 0};
    const int n = ::poll(&pfd, 1, wait_ms);
    if (n < 0 && errno != EINTR) {
      failure = errno_text("poll");
    } else if (n > 0) {
      char buf[1024];
      const ssize_t got = ::read(stdout_fd_, buf, sizeof buf);
      if (got > 0) {
        buffer.append(buf, static_cast<std::size_t>(got));
      } else if (got == 0) {
        failure = "stdout closed before the ready line";
      }
    }
  }

  if (!failure.empty()) {
    ExitStatus st;
    int raw = 0;
    if (wait_until(pid_, Clock::now() + std::chrono::milliseconds(200), raw)) {
      st = decode(raw);
    } else {
      ::kill(pid_, SIGKILL);
      st = decode(wait_blocking(pid_));
      st.forced = true;
    }
    close_fd(stdout_fd_);
    std::string msg = "healthboard serve did not start: " + failure + "; process " + st.describe();
    for (const auto& l : lines_before_ready_) msg += "\n  stdout: " + l;
    if (!buffer.empty()) msg += "\n  stdout (partial line): " + buffer;
    pid_ = -1;
    stopped_ = true;
    if (!temp_data_dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(temp_data_dir_, ignored);
    }
    throw std::runtime_error(msg);
  }
  pending_ = std::move(buffer);
  drainer_ = std::thread([this] { drain_stdout(); });
}

void ServerProcess::drain_stdout() {
  // Whatever the server prints to stdout after the ready line goes to our stderr, so that the
  // pipe never fills up and the output is still visible in the test log.
  auto forward = [](const char* data, std::size_t size) {
    while (size > 0) {
      const ssize_t w = ::write(STDERR_FILENO, data, size);
      if (w <= 0) return;
      data += w;
      size -= static_cast<std::size_t>(w);
    }
  };
  forward(pending_.data(), pending_.size());
  char buf[4096];
  for (;;) {
    const ssize_t got = ::read(stdout_fd_, buf, sizeof buf);
    if (got > 0)
      forward(buf, static_cast<std::size_t>(got));
    else if (got == 0 || errno != EINTR)
      return;
  }
}

bool ServerProcess::running() {
  if (stopped_ || reaped_early_) return false;
  int raw = 0;
  const pid_t r = ::waitpid(pid_, &raw, WNOHANG);
  if (r == pid_) {
    status_ = decode(raw);
    status_.was_running = false;
    reaped_early_ = true;
    return false;
  }
  return true;
}

void ServerProcess::signal(int signal) {
  if (!stopped_ && !reaped_early_) ::kill(pid_, signal);
}

ExitStatus ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (stopped_) return status_;
  if (!reaped_early_) {
    int raw = 0;
    if (wait_until(pid_, Clock::now() + timeout, raw)) {
      status_ = decode(raw);
    } else {
      ::kill(pid_, SIGKILL);
      status_ = decode(wait_blocking(pid_));
      status_.forced = true;
    }
  }
  stopped_ = true;
  if (drainer_.joinable()) drainer_.join();
  close_fd(stdout_fd_);
  return status_;
}

std::chrono::milliseconds ServerProcess::cpu_time() const {
  std::ifstream file("/proc/" + std::to_string(pid_) + "/stat");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // After "PID (comm) ", fields from the 3rd on; utime and stime are the 14th and 15th.
  const auto paren = text.rfind(')');
  if (paren == std::string::npos) throw std::runtime_error("cannot read /proc/PID/stat");
  std::istringstream fields(text.substr(paren + 2));
  std::string field;
  long long utime = 0;
  long long stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stoll(field);
    if (i == 15) stime = std::stoll(field);
  }
  const long ticks = ::sysconf(_SC_CLK_TCK);
  return std::chrono::milliseconds((utime + stime) * 1000 / ticks);
}

std::size_t ServerProcess::open_fds() const {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid_) + "/fd")) {
    ++count;
  }
  return count;
}

ExitStatus ServerProcess::stop(std::chrono::milliseconds grace) {
  if (running()) ::kill(pid_, SIGTERM);
  return wait_exit(grace);
}

ServerProcess::~ServerProcess() {
  try {
    stop();
    if (!temp_data_dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(temp_data_dir_, ignored);
    }
  } catch (...) {
    // Destructors must not throw; the process has been signalled as far as possible.
  }
}

}  // namespace hbtest
