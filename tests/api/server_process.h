// Runs the real healthboard binary for black-box tests.
//
// ServerProcess starts `healthboard serve --host 127.0.0.1 --port 0 --seed <n>` with fork/exec,
// reads the one "healthboard listening on http://127.0.0.1:PORT" line from its stdout and stops
// the process with SIGTERM (SIGKILL after a grace period) when destroyed. The server's stderr
// (its logs) passes through to the test's stderr.
//
// run_binary() runs the binary with arbitrary arguments to completion and captures its output.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace hbtest {

// Path of the binary under test (HB_BINARY_PATH, set by CMake).
const char* binary_path();

// How a child process ended.
struct ExitStatus {
  bool exited = false;      // ended through exit(); `code` is valid
  int code = -1;            // exit code when `exited`
  int signal = 0;           // terminating signal when killed by a signal
  bool forced = false;      // SIGKILL had to be sent because the grace period ran out
  bool was_running = true;  // false when the process had ended before we asked it to stop

  bool clean() const { return exited && code == 0 && !forced; }
  std::string describe() const;
};

struct RunResult {
  ExitStatus status;
  std::string out;  // stdout
  std::string err;  // stderr
  bool timed_out = false;

  std::string output() const { return out + err; }  // stdout followed by stderr
};

// Runs HB_BINARY_PATH with `args` (not including argv[0]) to completion, stdin from /dev/null.
// After `timeout` the process is killed with SIGKILL and `timed_out` is set.
RunResult run_binary(const std::vector<std::string>& args,
                     std::chrono::milliseconds timeout = std::chrono::seconds(20));

struct ServerOptions {
  ServerOptions() = default;
  explicit ServerOptions(std::uint64_t s) : seed(s) {}

  std::uint64_t seed = 1;
  std::vector<std::string> extra_args;  // appended after the standard serve arguments
  std::chrono::milliseconds ready_timeout = std::chrono::seconds(10);
  // The --host the server listens on; clients still connect to 127.0.0.1.
  std::string listen_host = "127.0.0.1";
  // RLIMIT_NOFILE (soft and hard) set for the server process; 0 keeps the test's own.
  unsigned max_open_files = 0;
  // The --data-dir the lab is kept in; empty: a new temporary one, removed with the process.
  std::string data_dir;
};

class ServerProcess {
 public:
  // Starts the server and waits for its "listening" line; throws std::runtime_error (with the
  // reason and the exit status, when it died) if the line does not come within ready_timeout.
  explicit ServerProcess(ServerOptions options = {});
  ~ServerProcess();

  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  const std::string& host() const { return host_; }
  pid_t pid() const { return pid_; }
  // The line announced on stdout, without the newline.
  const std::string& ready_line() const { return ready_line_; }
  // Lines written to stdout before the ready line (the contract says there are none).
  const std::vector<std::string>& lines_before_ready() const { return lines_before_ready_; }

  // True while the process has not ended.
  bool running();

  // Sends `signal` to the server (it keeps running as far as the test knows).
  void signal(int signal);
  // Waits up to `timeout` for the process to end by itself (SIGKILL after it, `forced`), and
  // returns how it ended. Later calls and stop() return the same status.
  ExitStatus wait_exit(std::chrono::milliseconds timeout);

  // CPU time (user + system) the server has used so far, from /proc/PID/stat.
  std::chrono::milliseconds cpu_time() const;
  // File descriptors the server has open now, from /proc/PID/fd.
  std::size_t open_fds() const;

  // Sends SIGTERM, waits up to `grace`, then SIGKILL. Idempotent: later calls return the status
  // of the first one.
  ExitStatus stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

 private:
  void drain_stdout();

  std::string host_ = "127.0.0.1";
  std::string temp_data_dir_;  // made for this process, removed by the destructor
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  unsigned short port_ = 0;
  std::string ready_line_;
  std::vector<std::string> lines_before_ready_;
  std::string pending_;  // stdout bytes read after the ready line
  std::thread drainer_;
  bool stopped_ = false;
  ExitStatus status_;
  bool reaped_early_ = false;  // running() saw the process end before stop()
};

}  // namespace hbtest
