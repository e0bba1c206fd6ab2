#include "app/model/autosave.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace app::model {

namespace fs = std::filesystem;

namespace {

// FNV-1a, 64 bits: a stable name for a list of paths (not a secret).
uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string absolute(const std::string& input) {
  std::error_code ec;
  const fs::path p = fs::absolute(fs::path(input), ec);
  return ec ? input : p.lexically_normal().string();
}

std::time_t mtime(const std::string& path, bool& ok) {
  std::error_code ec;
  const auto t = fs::last_write_time(path, ec);
  ok = !ec;
  if (ec) return 0;
  const auto sys = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      t - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
  return std::chrono::system_clock::to_time_t(sys);
}

}  // namespace

std::string autosave_dir() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
    return (fs::path(state) / "renewmap" / "autosave").string();
  if (const char* home = std::getenv("HOME"); home && *home)
    return (fs::path(home) / ".local" / "state" / "renewmap" / "autosave").string();
  return "/tmp/renewmap-autosave";
}

std::string autosave_file(const std::vector<std::string>& inputs, const std::string& dir) {
  std::string key;
  for (const std::string& in : inputs) key += absolute(in) + '\n';
  char name[40];
  std::snprintf(name, sizeof name, "%016llx.project.json", static_cast<unsigned long long>(fnv1a(key)));
  return (fs::path(dir) / name).string();
}

std::optional<Leftover> leftover_autosave(const std::vector<std::string>& inputs, const std::string& dir) {
  const std::string path = autosave_file(inputs, dir);
  bool ok = false;
  const std::time_t saved = mtime(path, ok);
  if (!ok) return std::nullopt;
  for (const std::string& in : inputs) {
    bool exists = false;
    const std::time_t t = mtime(in, exists);
    if (exists && t > saved) return std::nullopt;  // saved (or changed) since: stale
  }
  return Leftover{path, saved};
}

void discard_autosave(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

}  // namespace app::model
