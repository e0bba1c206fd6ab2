#include "app/model/project_io.hpp"

#include <algorithm>
#include <filesystem>

namespace app {

geo::Project project_snapshot(const Model& m, const std::string& path, size_t* kept_out) {
  geo::Project out = m.project;
  out.path = path;
  out.crs = m.display_crs;
  out.extent = framed_view_extent(m);  // the view clear of the overlays, framed there again on open
  out.hidden_statuses = static_cast<uint8_t>(m.hidden_statuses);
  out.basemaps.clear();
  for (const Basemap& b : m.basemaps) out.basemaps.push_back(b.config);
  // Layers in their current order, each remembering the project slot it came from.
  out.layers.clear();
  std::vector<size_t> slots;
  std::vector<bool> loaded(m.project.layers.size(), false);
  for (const MapLayer& l : m.layers) {
    if (l.slot < loaded.size()) loaded[l.slot] = true;
    geo::LayerConfig c = l.config;
    c.visible = l.visible;
    c.style.opacity = l.opacity;
    c.filter = l.filter;
    if (std::none_of(out.layers.begin(), out.layers.end(), [&](const geo::LayerConfig& x) {
          return x.source == c.source && x.layer == c.layer;
        })) {
      out.layers.push_back(c);
      slots.push_back(l.slot);
    }
  }
  size_t kept = 0;
  for (size_t s = 0; s < m.project.layers.size(); ++s) {
    if (loaded[s]) continue;
    size_t at = 0;
    for (size_t i = 0; i < slots.size(); ++i)
      if (slots[i] < s) at = i + 1;
    out.layers.insert(out.layers.begin() + static_cast<long>(at), m.project.layers[s]);
    slots.insert(slots.begin() + static_cast<long>(at), s);
    ++kept;
  }
  if (kept_out) *kept_out = kept;
  return out;
}

std::string unsaved_key(const Model& m) {
  geo::Project p = project_snapshot(m, m.project.path);
  p.extent.reset();
  return geo::project_to_json(p);
}

void mark_saved(Model& m) {
  m.saved_state = unsaved_key(m);
  m.unsaved = false;
}

void check_unsaved(Model& m) {
  if (!m.saved_state.empty()) m.unsaved = unsaved_key(m) != m.saved_state;
}

bool save_project(Model& m, const std::string& path_in) {
  std::string path = path_in.empty() ? m.project.path : path_in;
  if (path.empty()) path = (std::filesystem::current_path() / "renewmap.project.json").string();
  size_t kept = 0;
  const geo::Project out = project_snapshot(m, path, &kept);
  auto written = geo::write_file_atomic(path, geo::project_to_json(out));
  if (!written) {
    m.report(Message::Level::Error, written.error().what());
    return false;
  }
  m.project.path = path;
  mark_saved(m);
  m.report(Message::Level::Info,
           "saved " + path +
               (kept ? " (" + std::to_string(kept) + " layer(s) that did not load kept as given)" : std::string()));
  return true;
}

}  // namespace app
