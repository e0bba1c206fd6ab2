// Helpers for tests that drive the viewer's window as a person would (xdotool under
// Xvfb): read what it wrote, wait for something to happen, run a shell command.
#pragma once

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

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

// Runs `cmd` in a shell; its output without the trailing newline.
inline std::string shell(const std::string& cmd) {
  std::string out;
  run_command(cmd, out);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace testdata
