#include "app/shell/settings.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "geo/project.hpp"

namespace app {

std::string settings_path() {
  const char* home = std::getenv("HOME");
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (!(xdg && *xdg) && !(home && *home)) return {};
  return (xdg && *xdg ? std::string(xdg) : std::string(home) + "/.config") + "/renewmap/settings.json";
}

Settings load_settings(const std::string& path) {
  Settings s;
  std::ifstream in(path);
  if (path.empty() || !in) return s;
  std::stringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (!j.is_object()) return s;
  if (j.contains("ui_scale") && j["ui_scale"].is_number()) s.ui_scale = std::clamp(j["ui_scale"].get<float>(), 0.75f, 3.0f);
  if (j.contains("recent") && j["recent"].is_array())
    for (const auto& r : j["recent"])
      if (r.is_string() && s.recent.size() < 10) s.recent.push_back(r.get<std::string>());
  return s;
}

std::string save_settings(const std::string& path, const Settings& s) {
  if (path.empty()) return {};
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  nlohmann::json j;
  j["ui_scale"] = s.ui_scale;
  j["recent"] = s.recent;
  auto r = geo::write_file_atomic(path, j.dump(2) + "\n");
  return r ? std::string() : r.error().what();
}

}  // namespace app
