// libFuzzer target: bytes as a project file.
//
// Parsing must never crash, whatever the bytes; and what it accepts must survive a
// save and a reopen unchanged: parse → serialise → parse → serialise gives the same
// text twice (a project that changes each time it is saved would lose the user's
// work a little at a time). A difference aborts, which libFuzzer reports as a finding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "geo/project.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string path = "/fuzz/projects/meeting.json";
  auto first = geo::parse_project(text, path);
  if (!first) return 0;
  const std::string saved = geo::project_to_json(*first);
  auto second = geo::parse_project(saved, path);
  if (!second) {
    std::fprintf(stderr, "a saved project does not reopen: %s\n--- saved ---\n%s\n", second.error().what().c_str(),
                 saved.c_str());
    std::abort();
  }
  const std::string again = geo::project_to_json(*second);
  if (again != saved) {
    std::fprintf(stderr, "a project changes when saved twice\n--- first save ---\n%s\n--- second save ---\n%s\n",
                 saved.c_str(), again.c_str());
    std::abort();
  }
  return 0;
}
