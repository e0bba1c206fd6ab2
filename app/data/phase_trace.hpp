// RENEWMAP_TRACE=1: how long each phase of a loading job took, on stderr, for the
// benchmarks (bench/postgis_bench.sh reads the lines). Each call closes the phase
// that ran since the last (or since the object was made).
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace app {

class PhaseTrace {
 public:
  // `indent`: spaces after "trace:" (2 for a job's phases, 4 for the phases of its read);
  // `width`: the phase names' column.
  PhaseTrace(int indent, int width) : indent_(indent), width_(width) {}
  void operator()(const char* name) {
    const auto now = std::chrono::steady_clock::now();
    if (on_)
      std::fprintf(stderr, "renewmap: trace: %*s%-*s %7.1f ms\n", indent_, "", width_, name,
                   std::chrono::duration<double, std::milli>(now - since_).count());
    since_ = now;
  }
  // A part of the phase just closed, measured by its own code: printed one step in.
  void part(const char* name, double seconds) const {
    if (on_)
      std::fprintf(stderr, "renewmap: trace: %*s%-*s %7.1f ms\n", indent_ + 2, "", width_ - 2, name, seconds * 1e3);
  }

 private:
  int indent_, width_;
  bool on_ = std::getenv("RENEWMAP_TRACE") != nullptr;
  std::chrono::steady_clock::time_point since_ = std::chrono::steady_clock::now();
};

}  // namespace app
