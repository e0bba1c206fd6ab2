// Helpers for tests that drive the viewer's window as a person would (xdotool under
// Xvfb): read what it wrote, wait for something to happen, run a shell command.
#pragma once

#include <signal.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <utility>

#include "support/datagen.hpp"

namespace testdata {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Polls `done` every 100 ms for up to `seconds`.
template <class F>
bool wait_for(F done, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

// Polls the file at `path` (a viewer's log) until it holds `text`, for up to `seconds`
// (a sanitizer build on a busy machine takes seconds where a plain one takes less).
inline bool wait_for_text(const std::string& path, const std::string& text, double seconds = 60) {
  return wait_for([&] { return read_text(path).find(text) != std::string::npos; }, seconds);
}

// Whether the process `pid` (as start_viewer gives it) is still there.
inline bool alive(const std::string& pid) { return !pid.empty() && ::kill(std::stoi(pid), 0) == 0; }

// Sends `signal` to the process `pid` (as start_viewer or own_display give it) when it
// goes out of scope, however the test ends: a failed REQUIRE throws past the test's
// last lines, which left its viewer and its display running for good.
class StopAtExit {
 public:
  explicit StopAtExit(std::string pid, int signal = SIGKILL) : pid_(std::move(pid)), signal_(signal) {}
  ~StopAtExit() { stop(); }
  // Now (a test that goes on, or removes the files the process writes).
  void stop() {
    if (alive(pid_)) ::kill(std::stoi(pid_), signal_);
    pid_.clear();
  }
  StopAtExit(const StopAtExit&) = delete;
  StopAtExit& operator=(const StopAtExit&) = delete;

 private:
  std::string pid_;
  int signal_;
};

// Runs `cmd` in a shell; its output without the trailing newline.
inline std::string shell(const std::string& cmd) {
  std::string out;
  run_command(cmd, out);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// The viewer started in the background as a person would, from `cwd`, with `env`
// ("VAR='value' …", also given to xdotool: a DISPLAY of its own) and RENEWMAP_TRACE=1
// (it prints "trace: loaded" when loading is done), its output in `log`. `window` is
// empty when no window showed within 30 s. (Hold a StopAtExit on its pid.)
struct Viewer {
  std::string pid, window;
};
inline Viewer start_viewer(const std::string& env, const std::string& cwd, const std::string& args,
                           const std::string& log) {
  Viewer v;
  v.pid = shell("cd '" + cwd + "' && " + env + " RENEWMAP_TRACE=1 setsid " + std::string(RENEWMAP_BINARY) + " " +
                args + " >'" + log + "' 2>&1 & echo $!");
  wait_for([&] {
    v.window = shell(env + " xdotool search --pid " + v.pid + " --name 'renewmap' 2>/dev/null | head -n1");
    return !v.window.empty();
  }, 30);
  return v;
}

// A display of the test's own (Xvfb, 1600x900), so that other tests' windows (CTest
// -j2) cannot take the keyboard: its "DISPLAY=:N " for commands, empty when it did not
// start within 20 s; `pid` is the server's, to stop it (a StopAtExit with SIGTERM).
inline std::string own_display(const std::string& dir, std::string& pid) {
  pid = shell("Xvfb -displayfd 3 -screen 0 1600x900x24 3>'" + dir + "/display' >/dev/null 2>&1 & echo $!");
  if (!wait_for([&] { return !read_text(dir + "/display").empty(); }, 20)) return {};
  std::string number = read_text(dir + "/display");
  while (!number.empty() && (number.back() == '\n' || number.back() == ' ')) number.pop_back();
  return "DISPLAY=:" + number + " ";
}

// Window tests drive the viewer with xdotool (scripts/setup.sh installs it).
inline bool have_xdotool() {
  std::string out;
  return run_command("command -v xdotool", out) == 0;
}

}  // namespace testdata
