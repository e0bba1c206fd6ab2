#include "app/model/model.hpp"

#include <chrono>
#include <cstdio>

namespace app {

namespace {
const auto g_start = std::chrono::steady_clock::now();
}  // namespace

double seconds_since_start() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - g_start).count();
}

void Model::report(Message::Level level, const std::string& text) {
  const char* tag = level == Message::Level::Error ? "error" : level == Message::Level::Warning ? "warning" : "info";
  std::fprintf(stderr, "renewmap: %s: %s\n", tag, text.c_str());
  if (messages.size() > 500) messages.erase(messages.begin());
  messages.push_back({level, text, seconds_since_start()});
  need_text(text);
}

MapLayer* Model::layer_by_id(uint64_t id) {
  for (MapLayer& l : layers)
    if (l.id == id) return &l;
  return nullptr;
}

geo::Bbox data_bounds(const Model& m) {
  geo::Bbox b;
  for (const MapLayer& l : m.layers)
    if (l.visible) b.add(l.data.bounds);
  if (b.empty())
    for (const MapLayer& l : m.layers) b.add(l.data.bounds);
  if (b.empty())
    for (const Basemap& basemap : m.basemaps) b.add(basemap.extent);
  return b;
}

void fit_initial_view(Model& m, const std::optional<geo::Bbox>& extent) {
  if (extent) {
    m.view.camera.fit(*extent, 0.0);
  } else if (m.project.extent) {
    m.view.camera.fit(*m.project.extent, 0.0);
  } else {
    const geo::Bbox b = data_bounds(m);
    if (!b.empty()) m.view.camera.fit(b, 0.03);
  }
}

}  // namespace app
