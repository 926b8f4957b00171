// A Target for the runner's tests: answers from a script, records every call and pause, never
// sleeps. Its lab time moves only by pause().
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "experiment/target.h"

namespace hb::experiment {

class FakeTarget : public Target {
 public:
  // Answers "METHOD /path" calls; a call without one answers 404.
  std::map<std::string, std::function<Answer()>> answers;
  std::vector<std::string> calls;  // "METHOD /path body", in order
  std::vector<core::Duration> pauses;
  double lab_time = 1000.0;  // the `timestamp` the fake's answers carry
  bool reachable = true;
  std::string pause_error;  // what pause() answers

  Answer call(std::string_view method, const std::string& path,
              const std::optional<json>& body) override {
    const std::string key = std::string(method) + " " + path;
    calls.push_back(key + (body ? " " + body->dump() : ""));
    if (!reachable) return Answer{0, nullptr, "connection refused"};
    if (key == "GET /health")
      return Answer{200, {{"status", "healthy"}, {"timestamp", lab_time}}, ""};
    const auto it = answers.find(key);
    if (it == answers.end()) return Answer{404, {{"detail", "Not Found"}}, ""};
    Answer answer = it->second();
    if (answer.body.is_object() && !answer.body.contains("timestamp") && method == "GET") {
      answer.body["timestamp"] = lab_time;
    }
    return answer;
  }
  std::string pause(core::Duration duration) override {
    pauses.push_back(duration);
    lab_time += core::to_seconds(duration);
    return pause_error;
  }
  json describe() const override { return {{"kind", "fake"}}; }

  // GET /lab answers {"status": status}.
  void lab_status(std::string status) {
    answers["GET /lab"] = [status] { return Answer{200, {{"status", status}}, ""}; };
  }
  // GET /lab answers these statuses in turn, and the last one from then on.
  void lab_status_sequence(std::vector<std::string> statuses) {
    auto index = std::make_shared<std::size_t>(0);
    answers["GET /lab"] = [statuses, index] {
      const std::string s = statuses[std::min(*index, statuses.size() - 1)];
      ++*index;
      return Answer{200, {{"status", s}}, ""};
    };
  }
  void accept(const std::string& key, unsigned status = 200) {
    answers[key] = [status] { return Answer{status, {{"message", "done"}}, ""}; };
  }
};

}  // namespace hb::experiment
