// Opens N concurrent GET /stream connections to a healthboard server on a loopback address,
// keeps them open for a fixed time and counts the server-sent events each one receives.
//
//   hb_stream_clients --port 8000 [--clients 1000] [--seconds 30] [--target /stream]
//
// Prints one line of figures (key=value) when the time is up; exits 1 when a connection failed
// or a client received no event at all. One thread: the client's own CPU stays small.
#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 8000;
  int clients = 1000;
  int seconds = 30;
  std::string target = "/stream";
};

// Counts "event: snapshot" lines in a byte stream cut anywhere.
class EventCounter {
 public:
  void feed(std::string_view bytes) {
    static constexpr std::string_view kMarker = "\nevent: snapshot\n";
    carry_.append(bytes);
    std::size_t at = 0;
    while ((at = carry_.find(kMarker, at)) != std::string::npos) {
      ++events_;
      at += kMarker.size();
    }
    // Keep only what could start a marker that the next bytes complete.
    if (carry_.size() >= kMarker.size()) carry_.erase(0, carry_.size() - (kMarker.size() - 1));
  }
  std::uint64_t events() const { return events_; }

 private:
  std::string carry_;
  std::uint64_t events_ = 0;
};

class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(asio::io_context& ioc, const Options& options) : socket_(ioc), options_(options) {
    // The Host with its port: the server answers 403 to a name it is not reached by (a guard
    // against DNS rebinding), and a port is part of that name.
    const std::string host = options.host == "::1" ? "[::1]" : options.host;
    request_ = "GET " + options.target + " HTTP/1.1\r\nHost: " + host + ":" +
               std::to_string(options.port) + "\r\nAccept: text/event-stream\r\n\r\n";
  }

  void start(const tcp::endpoint& endpoint) {
    socket_.async_connect(endpoint, [self = shared_from_this()](boost::system::error_code ec) {
      if (ec) return self->fail("connect: " + ec.message());
      self->connected_ = true;
      asio::async_write(self->socket_, asio::buffer(self->request_),
                        [self](boost::system::error_code write_ec, std::size_t) {
                          if (write_ec) return self->fail("write: " + write_ec.message());
                          self->read();
                        });
    });
  }

  void stop() {
    stopped_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

  bool connected() const { return connected_; }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  std::uint64_t events() const { return counter_.events(); }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void read() {
    socket_.async_read_some(
        asio::buffer(buffer_),
        [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
          if (self->stopped_) return;
          if (ec) return self->fail("read: " + ec.message());
          self->bytes_ += n;
          self->counter_.feed(std::string_view(self->buffer_.data(), n));
          self->read();
        });
  }

  void fail(std::string what) {
    if (stopped_) return;
    error_ = std::move(what);
    stop();
  }

  tcp::socket socket_;
  const Options& options_;
  std::string request_;
  std::array<char, 16384> buffer_{};
  EventCounter counter_;
  std::uint64_t bytes_ = 0;
  bool connected_ = false;
  bool stopped_ = false;
  std::string error_;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--host") {
      options.host = value;
    } else if (name == "--port") {
      options.port = static_cast<unsigned short>(std::stoi(value));
    } else if (name == "--clients") {
      options.clients = std::stoi(value);
    } else if (name == "--seconds") {
      options.seconds = std::stoi(value);
    } else if (name == "--target") {
      options.target = value;
    } else {
      std::cerr << "hb_stream_clients: unknown option " << name << "\n";
      std::exit(2);
    }
  }
  if (options.host != "127.0.0.1" && options.host != "::1" && options.host != "localhost") {
    std::cerr << "hb_stream_clients: loopback addresses only\n";
    std::exit(2);
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  asio::io_context ioc(1);
  tcp::resolver resolver(ioc);
  const tcp::endpoint endpoint =
      resolver.resolve(options.host, std::to_string(options.port)).begin()->endpoint();

  std::vector<std::shared_ptr<Client>> clients;
  clients.reserve(static_cast<std::size_t>(options.clients));
  for (int i = 0; i < options.clients; ++i) {
    clients.push_back(std::make_shared<Client>(ioc, options));
    clients.back()->start(endpoint);
  }
  asio::steady_timer deadline(ioc, std::chrono::seconds(options.seconds));
  deadline.async_wait([&](boost::system::error_code) {
    for (auto& client : clients) client->stop();
  });
  ioc.run();

  int connected = 0;
  int failed = 0;
  std::uint64_t total = 0;
  std::uint64_t least = UINT64_MAX;
  std::uint64_t bytes = 0;
  for (const auto& client : clients) {
    connected += client->connected() ? 1 : 0;
    if (client->failed()) {
      if (failed == 0) std::cerr << "hb_stream_clients: " << client->error() << "\n";
      ++failed;
    }
    total += client->events();
    least = std::min(least, client->events());
    bytes += client->bytes();
  }
  std::cout << "clients=" << options.clients << " connected=" << connected << " failed=" << failed
            << " events=" << total << " least_events=" << least << " bytes=" << bytes
            << " seconds=" << options.seconds << std::endl;
  return failed == 0 && least > 0 ? 0 : 1;
}
