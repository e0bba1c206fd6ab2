// What the viewer remembers between sessions: the UI scale and the recent files, in
// $XDG_CONFIG_HOME/renewmap/settings.json (~/.config/…), written atomically.
#pragma once

#include <string>
#include <vector>

namespace app {

struct Settings {
  float ui_scale = 1.0f;             // 0.75 … 3
  std::vector<std::string> recent;   // most recent first, at most 10, never a password
};

// Where the settings live; empty when neither XDG_CONFIG_HOME nor HOME is set.
std::string settings_path();
// The settings at `path`; defaults for what is missing or unreadable.
Settings load_settings(const std::string& path);
// Writes them; the reason when that failed, else empty.
std::string save_settings(const std::string& path, const Settings& settings);

}  // namespace app
