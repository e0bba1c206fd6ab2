// The map as the window shows it. Layers are rendered into a cached texture, which
// is redrawn when the content changes or the view settles; while the view moves the
// cache is drawn shifted and scaled, so a pan frame costs one textured quad whatever
// the data size. Small data (a redraw under a frame's budget) is simply redrawn every
// frame. Main (GL) thread only.
#pragma once

#include <vector>

#include "app/model/camera.hpp"
#include "app/render/gl/gl.hpp"
#include "app/render/map_renderer.hpp"

namespace app {

struct LayerDraw {
  // A raster basemap: a texture (first row on top) covering `image_extent`.
  GLuint image = 0;
  geo::Bbox image_extent;
  float image_opacity = 1.0f;
  // Or a vector layer:
  GpuLayer* gpu = nullptr;
  const geo::VectorLayer* data = nullptr;  // what on-demand geometry is built from
  DrawStyle style;
  const std::vector<uint8_t>* state = nullptr;
  bool preview = false;  // a layer's rows drawn before their merge (MapLayer::preview)
};

struct FrameInfo {
  bool redrawn = false;      // the layers were drawn this frame (else the cache was reused)
  double redraw_ms = 0.0;    // time of that redraw, GPU work included
  DrawStats stats;
};

class MapView {
 public:
  // Content (layers, state, styles, order) changed: the next frame redraws.
  void invalidate() { dirty_ = true; }
  // Draws the map for `camera` into the bound framebuffer (camera-sized viewport).
  // `settled`: the user is not moving the view (no drag, wheel or key this instant).
  FrameInfo draw(MapRenderer& renderer, const Camera& camera, const std::vector<LayerDraw>& layers, bool settled,
                 geo::Rgba background);
  double last_redraw_ms() const { return last_redraw_ms_; }
  // Redraws below this are done every frame instead of reusing the cache.
  static constexpr double kCheapRedrawMs = 12.0;
  // Time per frame for building geometry that zooming in newly needs; what does not
  // fit is painted as pixels and built over the next frames.
  static constexpr double kBuildBudgetMs = 30.0;

 private:
  gl::RenderTarget cache_;
  Camera cached_;
  bool valid_ = false;
  bool dirty_ = true;
  double last_redraw_ms_ = 0.0;
};

// Draws every layer straight into the bound framebuffer (screenshots, export, cache),
// building needed geometry within `budget_ms` (< 0: all of it).
DrawStats draw_layers(MapRenderer& renderer, const Camera& camera, const std::vector<LayerDraw>& layers,
                      geo::Rgba background, double budget_ms = -1.0);

}  // namespace app
