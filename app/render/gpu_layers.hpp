// The GPU side of the model: one GpuLayer per layer id and one texture per basemap.
// Each frame sync() uploads what the model handed over (new meshes, rebuilt state
// bytes, freshly warped basemap images) and frees what belongs to layers that are gone.
// Main (GL) thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "app/model/model.hpp"
#include "app/render/gl/gl.hpp"
#include "app/render/map_renderer.hpp"
#include "app/render/map_view.hpp"

namespace app {

class GpuLayers {
 public:
  // Takes meshes and images out of the model; rebuilds the state of visible layers
  // whose state is dirty (model/visibility.hpp) and uploads it.
  void sync(Model& m);
  GpuLayer* layer(uint64_t id);
  // The layer's k-th preview (MapLayer::previews), while it has one.
  GpuLayer* preview(uint64_t id, size_t k = 0);
  GLuint basemap_texture(size_t index) const { return index < basemaps_.size() ? basemaps_[index].id() : 0; }

 private:
  std::unordered_map<uint64_t, GpuLayer> layers_;
  std::unordered_map<uint64_t, std::vector<std::unique_ptr<GpuLayer>>> previews_;  // by layer id
  std::vector<gl::Texture> basemaps_;
};

// How a frame is drawn: its size, whether it goes to a file, the presentation look.
struct FrameLook {
  int width = 0, height = 0;
  bool offscreen = false;
  bool presenting = false;
  float ui_scale = 1.0f;  // the window's (an image scales with its height instead)
};

// The layers to draw, bottom first: basemaps, then each visible vector layer with its
// style (a stale database layer grey).
std::vector<LayerDraw> layer_draws(const Model& m, GpuLayers& gpu, const FrameLook& look);

}  // namespace app
