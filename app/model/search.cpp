#include "app/model/search.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "app/model/visibility.hpp"
#include "geo/search.hpp"
#include "geo/status.hpp"
#include "geo/transform.hpp"

namespace app {

namespace {

constexpr size_t kMaxResults = 50;

// Generic words at the end of a place's name: "张村河片区", "文张社区", "金家岭街道".
constexpr const char* kPlaceSuffixes[] = {"片区", "社区", "小区", "街道", "园区", "区域"};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Even-odd test of (x, y) against every ring of feature `f`'s polygon parts.
bool inside(const geo::VectorLayer& d, size_t f, double x, double y) {
  bool in = false;
  for (uint32_t p = d.feature_offsets[f]; p < d.feature_offsets[f + 1]; ++p) {
    if (d.part_kinds[p] != geo::PartKind::Polygon) continue;
    for (uint32_t r = d.part_offsets[p]; r < d.part_offsets[p + 1]; ++r) {
      const uint32_t a = d.ring_offsets[r], b = d.ring_offsets[r + 1];
      for (uint32_t i = a, j = b - 1; i < b; j = i++) {
        const double xi = d.xy[2 * i], yi = d.xy[2 * i + 1], xj = d.xy[2 * j], yj = d.xy[2 * j + 1];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
      }
    }
  }
  return in;
}

bool is_area(const geo::VectorLayer& d, size_t f) {
  for (uint32_t p = d.feature_offsets[f]; p < d.feature_offsets[f + 1]; ++p)
    if (d.part_kinds[p] == geo::PartKind::Polygon) return true;
  return false;
}

void build_index(Model& m) {
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

// "名称 · name_en · 在建 Under construction — layer", then `why`.
std::string row_label(const MapLayer& l, uint32_t f, int column, const std::string& why) {
  const int name = l.classes.name_field >= 0 ? l.classes.name_field : column;
  std::string label = name >= 0 ? std::string(l.data.attributes.get(f, static_cast<size_t>(name))) : std::string();
  const int en = l.data.attributes.find("name_en");
  if (en >= 0 && en != name) label += " · " + std::string(l.data.attributes.get(f, static_cast<size_t>(en)));
  if (l.has_status() && f < l.status.size()) label += " · " + std::string(geo::status_label(l.status[f]));
  label += "  — " + l.title;
  if (!why.empty()) label += "  (" + why + ")";
  return label;
}

}  // namespace

std::string strip_place_suffix(const std::string& text) {
  for (const char* suffix : kPlaceSuffixes)
    if (ends_with(text, suffix) && text.size() > std::string(suffix).size())
      return text.substr(0, text.size() - std::string(suffix).size());
  return text;
}

void run_search(Model& m, const std::string& text) {
  if (m.search_stale || !m.search_index) build_index(m);
  auto& results = m.forms.search.results;
  results.clear();
  std::vector<std::vector<bool>> listed(m.layers.size());
  for (size_t i = 0; i < m.layers.size(); ++i) listed[i].assign(m.layers[i].data.feature_count(), false);
  auto add = [&](size_t layer, uint32_t f, int column, const std::string& why) {
    if (results.size() >= kMaxResults || layer >= m.layers.size() || f >= listed[layer].size() || listed[layer][f])
      return;
    listed[layer][f] = true;
    const MapLayer& l = m.layers[layer];
    std::string label = row_label(l, f, column, why);
    m.need_text(label);
    results.push_back({layer, f, std::move(label), feature_shown(l, f, m.hidden_statuses)});
  };
  // 1 and 2: names, as typed and without a generic suffix.
  std::vector<geo::SearchHit> hits = m.search_index->query(text, kMaxResults);
  const std::string bare = strip_place_suffix(text);
  if (bare != text)
    for (const geo::SearchHit& h : m.search_index->query(bare, kMaxResults)) hits.push_back(h);
  for (const geo::SearchHit& h : hits) add(h.layer, h.feature, h.column, "");
  // 3: status layers whose title names the place.
  const std::string key = geo::normalise_search_text(bare);
  if (!key.empty())
    for (size_t i = 0; i < m.layers.size(); ++i) {
      const MapLayer& l = m.layers[i];
      if (!l.has_status() || geo::normalise_search_text(l.title).find(key) == std::string::npos) continue;
      for (uint32_t f = 0; f < l.data.feature_count(); ++f) add(i, f, -1, "图层 layer");
    }
  // 4: what lies inside the areas found (each feature's box centre in the area).
  for (const geo::SearchHit& h : hits) {
    if (h.layer >= m.layers.size()) continue;
    const geo::VectorLayer& zone = m.layers[h.layer].data;
    if (!is_area(zone, h.feature)) continue;
    const geo::Bbox zb = zone.feature_bounds(h.feature);
    const std::string zone_name(zone.attributes.get(h.feature, static_cast<size_t>(std::max(h.column, 0))));
    for (size_t i = 0; i < m.layers.size(); ++i) {
      const MapLayer& l = m.layers[i];
      if (i == h.layer || !l.has_status() || !l.data.bounds.intersects(zb)) continue;
      for (uint32_t f : l.spatial_index().query_box(zb)) {
        if (results.size() >= kMaxResults) break;
        const geo::Bbox b = l.data.feature_bounds(f);
        if (!b.empty() && zb.intersects(b) && inside(zone, h.feature, b.center_x(), b.center_y()))
          add(i, f, -1, "在 " + zone_name + " 内 inside");
      }
    }
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
