// A source being read, as the window's progress rows show it (app/data/loader.hpp fills it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace app {

struct JobProgress {
  size_t slot = 0;               // the project layer it loads
  std::string source;            // what the user opened (no password)
  std::string name;              // what its row shows: the file's name, or the database table's
  uint64_t done = 0, total = 0;  // features read so far; total 0 when unknown
  bool running = false;          // false: queued
};

}  // namespace app
