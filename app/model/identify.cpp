#include "app/model/identify.hpp"

#include <algorithm>

#include "app/model/visibility.hpp"

namespace app {

std::vector<std::pair<size_t, geo::Hit>> hits_at(const Model& m, MapPoint p, double tolerance, bool build_missing) {
  std::vector<std::pair<size_t, geo::Hit>> out;
  for (size_t k = m.layers.size(); k-- > 0;) {  // topmost layer first
    const MapLayer& l = m.layers[k];
    if (!l.visible || (!build_missing && !l.index)) continue;
    std::vector<geo::Hit> hits = l.spatial_index().identify(l.data, p.x, p.y, tolerance);
    // Within a layer the renderer lays features out largest first, so of two that
    // both contain the point the smaller one is drawn on top: name that one first.
    auto area = [&](uint32_t f) { return f < l.boxes.size() ? l.boxes[f].width() * l.boxes[f].height() : 0.0; };
    std::stable_sort(hits.begin(), hits.end(), [&](const geo::Hit& a, const geo::Hit& b) {
      if (a.distance != b.distance) return a.distance < b.distance;
      return area(a.feature) < area(b.feature);
    });
    for (const geo::Hit& h : hits)
      if (feature_shown(l, h.feature, m.hidden_statuses)) out.push_back({k, h});  // what is not drawn is not there
  }
  return out;
}

void identify_at(Model& m, MapPoint p, double tolerance) {
  clear_selection(m.layers);
  for (const auto& hit : hits_at(m, p, tolerance, true)) {
    MapLayer& l = m.layers[hit.first];
    const uint32_t f = hit.second.feature;
    l.selected.push_back(f);
    l.state_dirty = true;
    const auto& names = l.data.attributes.names();
    for (size_t c = 0; c < names.size(); ++c) m.need_text(std::string(l.data.attributes.get(f, c)));
    for (const auto& n : names) m.need_text(n);
  }
  m.map_changed = true;
}

}  // namespace app
