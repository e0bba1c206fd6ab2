#include "app/render/gpu_layers.hpp"

#include <glad/gl.h>

#include <algorithm>

#include "app/model/visibility.hpp"

namespace app {

namespace {
void upload_image(gl::Texture& texture, const geo::Image& img) {
  if (!texture) texture = gl::make_texture();
  glBindTexture(GL_TEXTURE_2D, texture.id());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, img.width, img.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
}
}  // namespace

void GpuLayers::sync(Model& m) {
  // Layers that are gone (none is removed today; a reload keeps its id).
  for (auto it = layers_.begin(); it != layers_.end();)
    it = m.layer_by_id(it->first) ? std::next(it) : layers_.erase(it);
  for (auto it = previews_.begin(); it != previews_.end();) {
    const MapLayer* l = m.layer_by_id(it->first);
    it = l && !l->previews.empty() ? std::next(it) : previews_.erase(it);
  }
  const bool cpu_statuses = !MapRenderer::small_features_on_gpu();
  for (MapLayer& l : m.layers) {
    if (!l.previews.empty()) {  // before the layer's own state, whose dirty flags they follow
      std::vector<std::unique_ptr<GpuLayer>>& gs = previews_[l.id];
      if (gs.size() > l.previews.size()) gs.clear();  // others than those uploaded (never today)
      for (size_t k = 0; k < l.previews.size(); ++k) {
        LayerPreview& p = *l.previews[k];
        if (k == gs.size()) gs.push_back(std::make_unique<GpuLayer>());
        GpuLayer& g = *gs[k];
        if (p.mesh) {
          g.upload(std::move(*p.mesh), p.rows());
          p.mesh.reset();
          g.set_dates(p.timeline);
          p.state_dirty = true;
        }
        if (l.visible && (p.state_dirty || l.state_dirty || (cpu_statuses && l.status_dirty))) {
          build_preview_state(p, m.clock.as_of, cpu_statuses);
          g.set_state(p.state);
          m.map_changed = true;
        }
      }
    }
    GpuLayer& g = layers_[l.id];
    if (l.mesh) {
      g.upload(std::move(*l.mesh), l.data.feature_count());
      l.mesh.reset();
      l.state_dirty = true;
      l.dates_dirty = true;
    }
    if (l.dates_dirty) {
      g.set_dates(l.timeline);
      l.dates_dirty = false;
      m.map_changed = true;
    }
    // Where the GPU derives statuses from the dates, a date step changes nothing here;
    // where the CPU paints (software GL), the state bytes carry the statuses on the
    // shown date and follow each step.
    if (l.visible && (l.state_dirty || (cpu_statuses && l.status_dirty))) {
      build_state(l, cpu_statuses);
      g.set_state(l.state);
      l.status_dirty = false;
      m.map_changed = true;
    }
  }
  if (basemaps_.size() < m.basemaps.size()) basemaps_.resize(m.basemaps.size());
  for (size_t i = 0; i < m.basemaps.size(); ++i) {
    Basemap& b = m.basemaps[i];
    if (!b.fresh) continue;
    upload_image(basemaps_[i], *b.fresh);
    b.fresh.reset();
    m.map_changed = true;
  }
}

GpuLayer* GpuLayers::layer(uint64_t id) {
  auto it = layers_.find(id);
  return it == layers_.end() ? nullptr : &it->second;
}

GpuLayer* GpuLayers::preview(uint64_t id, size_t k) {
  auto it = previews_.find(id);
  return it == previews_.end() || k >= it->second.size() ? nullptr : it->second[k].get();
}

std::vector<LayerDraw> layer_draws(const Model& m, GpuLayers& gpu, const FrameLook& look) {
  std::vector<LayerDraw> draws;
  for (size_t i = 0; i < m.basemaps.size(); ++i) {
    const Basemap& b = m.basemaps[i];
    const GLuint texture = gpu.basemap_texture(i);
    if (!b.config.visible || !texture || !b.has_image) continue;
    LayerDraw d;
    d.image = texture;
    d.image_extent = b.image_extent;
    d.image_opacity = b.config.opacity;
    draws.push_back(d);
  }
  for (const MapLayer& l : m.layers) {
    GpuLayer* g = gpu.layer(l.id);
    if (!l.visible || !g) continue;
    LayerDraw d;
    d.gpu = g;
    d.data = &l.data;
    d.state = &l.state;
    // Statuses on the shown date come from the dates on the GPU; the hidden ones too.
    d.style.dated = m.clock.as_of != geo::kNoDay && l.timeline.has_dates;
    d.style.day = m.clock.as_of;
    d.style.hidden = hidden_statuses_of(l, m.hidden_statuses);
    d.style.style = l.config.style;
    d.style.style.opacity = l.opacity;
    d.style.use_status = l.has_status() && !l.stale();
    if (l.stale()) {  // the database went away: the last rows, grey
      d.style.style.color = geo::Rgba{150, 150, 150, 255};
      d.style.style.opacity = l.opacity * 0.6f;
    }
    d.style.has_selection = !l.selected.empty();
    // Line widths and point sizes: an image scales with its height (1080 lines = 1),
    // the window with its UI scale; presenting draws them 1.4× for the back of a room.
    const float present = look.presenting ? 1.4f : 1.0f;
    d.style.pixel_scale = look.offscreen ? std::max(1.0f, look.height / 1080.0f) * present : look.ui_scale * present;
    if (!l.arriving) draws.push_back(d);  // a first read's stand-in has no rows of its own
    // Rows not merged yet (a fetch's, a first read's pieces), over the rows held, in the
    // same style. Their buckets come with the view's geometry; those without are painted
    // as boxes (no rows here to build them from).
    for (size_t k = 0; k < l.previews.size() && l.filter.empty(); ++k) {
      GpuLayer* p = gpu.preview(l.id, k);
      if (!p) continue;
      const LayerPreview& lp = *l.previews[k];
      LayerDraw pd = d;
      pd.gpu = p;
      pd.data = nullptr;
      pd.state = &lp.state;
      pd.style.dated = m.clock.as_of != geo::kNoDay && lp.timeline.has_dates;
      pd.style.use_status = lp.classes.status_field >= 0 && !l.stale();
      pd.style.has_selection = false;
      pd.preview = true;
      draws.push_back(pd);
    }
  }
  return draws;
}

}  // namespace app
