#include "app/model/search.hpp"

#include <algorithm>

#include "app/model/visibility.hpp"
#include "app/model/walkthrough.hpp"
#include "geo/transform.hpp"

namespace app {

void run_search(Model& m, const std::string& text) {
  if (m.search_stale || !m.search_index) {
    std::vector<const geo::VectorLayer*> data;
    std::vector<std::vector<int>> columns;
    for (const MapLayer& l : m.layers) {
      data.push_back(&l.data);
      std::vector<int> cols;
      if (l.classes.name_field >= 0) cols.push_back(l.classes.name_field);
      // name_en, then the layer's configured search fields (an address …).
      std::vector<std::string> more{"name_en"};
      more.insert(more.end(), l.config.search_fields.begin(), l.config.search_fields.end());
      for (const std::string& field : more) {
        const int c = l.data.attributes.find(field);
        if (c >= 0 && std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
      }
      columns.push_back(cols);
    }
    m.search_index = geo::SearchIndex::build(data, columns);
    m.search_stale = false;
  }
  auto& results = m.forms.search.results;
  results.clear();
  for (const geo::SearchHit& h : m.search_index->query(text, 50)) {
    if (h.layer >= m.layers.size()) continue;
    const MapLayer& l = m.layers[h.layer];
    // "名称 · name_en — layer", whichever column matched.
    const int name = l.classes.name_field >= 0 ? l.classes.name_field : h.column;
    std::string label(l.data.attributes.get(h.feature, static_cast<size_t>(name)));
    const int en = l.data.attributes.find("name_en");
    if (en >= 0 && en != name) label += " · " + std::string(l.data.attributes.get(h.feature, en));
    label += "  — " + l.title;
    m.need_text(label);
    results.push_back({h.layer, h.feature, label});
  }
}

void go_to_feature(Model& m, size_t layer, uint32_t feature) {
  if (layer >= m.layers.size() || feature >= m.layers[layer].data.feature_count()) return;
  MapLayer& l = m.layers[layer];
  geo::Bbox b = l.data.feature_bounds(feature);
  if (b.empty()) return;
  // Show the feature with room around it, at least 300 m (or 0.003°) across.
  auto crs = geo::describe_crs(m.display_crs);
  const double pad = std::max({b.width(), b.height(), 300.0 * (crs && crs->geographic ? 1e-5 : 1.0)});
  b.min_x -= pad, b.min_y -= pad, b.max_x += pad, b.max_y += pad;
  Camera target = m.view.camera;
  target.fit(b, 0.0);
  fly_to(m, target);
  m.view.set_by_user = true;
  clear_selection(m.layers);
  l.visible = true;
  l.selected = {feature};
  l.state_dirty = true;
}

}  // namespace app
