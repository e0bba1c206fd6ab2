#include "app/model/model.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>

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

geo::Bbox home_bounds(const Model& m) {
  geo::Bbox b;
  for (const MapLayer& l : m.layers)
    if (l.visible && l.has_status()) b.add(l.data.bounds);
  return b.empty() ? data_bounds(m) : b;
}

namespace {
PixelRect free_area_for(const Camera& camera, const std::vector<PixelRect>& covered, const geo::Bbox& extent) {
  const double aspect = extent.height() > 0 ? extent.width() / extent.height() : 1.0;
  return free_area(camera.width(), camera.height(), covered, aspect);
}
double margin_for(const std::vector<PixelRect>& covered, double margin) {
  // Nothing over the map (--hide-ui, an export without overlays): the extent as asked.
  return covered.empty() ? std::min(margin, kFrameMargin) : std::max(margin, kFrameMargin);
}
}  // namespace

void frame_into(Camera& camera, const std::vector<PixelRect>& covered, const geo::Bbox& extent, double margin) {
  if (extent.empty()) return;
  camera.fit_into(extent, free_area_for(camera, covered, extent), margin_for(covered, margin));
}

void fly_to(Model& m, const Camera& target) {
  m.view.fly.emplace(view_of(m.view.camera), view_of(target));
  m.view.fly_start = seconds_since_start();
  m.view.fly_seconds = m.view.fly->recommended_seconds();
}

void frame_extent(Model& m, const geo::Bbox& extent, double margin, bool animate) {
  if (extent.empty()) return;
  Camera target = m.view.camera;
  frame_into(target, m.view.covered, extent, margin);
  if (animate) {
    fly_to(m, target);
  } else {
    m.view.camera = target;
    m.view.fly.reset();
  }
  m.view.framed = ViewState::Framed{extent, margin, seconds_since_start(), m.view.covered};
  m.view.last_change = seconds_since_start();
}

namespace {
bool same_rects(const std::vector<PixelRect>& a, const std::vector<PixelRect>& b) {
  auto same = [](const PixelRect& p, const PixelRect& q) {
    return std::abs(p.x0 - q.x0) < 1 && std::abs(p.y0 - q.y0) < 1 && std::abs(p.x1 - q.x1) < 1 &&
           std::abs(p.y1 - q.y1) < 1;
  };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same);
}
}  // namespace

void set_covered(Model& m, std::vector<PixelRect> rects, bool layout_changed) {
  if (!same_rects(rects, m.view.covered)) m.view.covered = std::move(rects);
  auto& framed = m.view.framed;
  if (!framed || m.view.fly || m.view.dragging || same_rects(framed->covered, m.view.covered)) return;
  const bool settling = seconds_since_start() - framed->at < 1.5;
  if (!layout_changed && !settling) return;
  frame_into(m.view.camera, m.view.covered, framed->extent, framed->margin);
  framed->covered = m.view.covered;
  m.view.last_change = seconds_since_start();
}

void finish_flight(Model& m) {
  m.view.fly.reset();
  if (m.view.framed) m.view.framed->at = seconds_since_start();
}

geo::Bbox framed_view_extent(const Model& m) {
  const Camera& c = m.view.camera;
  const geo::Bbox all = c.visible_extent();
  if (m.view.covered.empty()) return all;
  // The area the framed extent went into (the one its shape fits best), else the one
  // the whole view's shape fits best: going to the result picks that area again.
  const PixelRect area = free_area_for(c, m.view.covered, m.view.framed ? m.view.framed->extent : all);
  const double mx = area.width() * kFrameMargin, my = area.height() * kFrameMargin;
  const MapPoint a = c.screen_to_map({area.x0 + mx, area.y1 - my}), b = c.screen_to_map({area.x1 - mx, area.y0 + my});
  geo::Bbox out;
  out.add(a.x, a.y);
  out.add(b.x, b.y);
  return out;
}

void fit_initial_view(Model& m, const std::optional<geo::Bbox>& extent) {
  if (extent) {
    m.view.camera.fit(*extent, 0.0);
  } else if (m.project.extent) {
    frame_extent(m, *m.project.extent, 0.0, false);
  } else {
    const geo::Bbox b = data_bounds(m);
    if (!b.empty()) frame_extent(m, b, 0.03, false);
  }
}

uint64_t layers_key(const Model& m, uint64_t seed) {
  uint64_t key = seed;
  auto mix = [&](uint64_t v) { key = (key ^ v) * 1099511628211ull; };  // FNV-1a's prime
  for (const MapLayer& l : m.layers) {
    mix(l.id);
    mix(l.data.feature_count());
    mix(l.timeline.dates.size());
    mix(std::hash<std::string>()(l.filter));
    mix(l.filter_pass.size());
    mix(l.selected.size());
    mix(l.state.size());
  }
  return key;
}

}  // namespace app
