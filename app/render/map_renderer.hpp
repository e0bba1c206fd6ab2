// Draws vector layers with OpenGL 3.3 core. Owns one GPU mesh per layer (buckets of
// triangles, segments and points) and one per-feature state texture (status + flags):
// recolouring or filtering rewrites that texture only, never the geometry.
// Main (GL) thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/camera.hpp"
#include "app/render/gl/gl.hpp"
#include "geo/mesh.hpp"
#include "geo/style.hpp"

namespace app {

// Per-feature state bytes, two per feature: [status, flags].
inline constexpr uint8_t kFlagVisible = 1;

class GpuLayer {
 public:
  // Uploads the mesh; the CPU copy can be dropped afterwards.
  void upload(const geo::Mesh& mesh, size_t feature_count);
  // Rewrites the state texture: `state` holds 2 bytes per feature.
  void set_state(const std::vector<uint8_t>& state);
  size_t gpu_bytes() const { return bytes_; }

 private:
  friend class MapRenderer;
  struct Bucket {
    double origin_x = 0, origin_y = 0;
    geo::Bbox bounds;
    gl::VertexArray fill_vao, outline_vao, line_vao, point_vao;
    gl::Buffer fill_vbo, fill_ibo, outline_vbo, line_vbo, point_vbo;
    GLsizei fill_count = 0, outline_count = 0, line_count = 0, point_count = 0;
  };
  std::vector<Bucket> buckets_;
  gl::Texture state_;
  int state_rows_ = 0;
  size_t feature_count_ = 0;
  size_t bytes_ = 0;
};

struct DrawStyle {
  geo::LayerStyle style;
  bool use_status = true;
  float pixel_scale = 1.0f;  // HiDPI content scale: widths are in logical pixels
};

class MapRenderer {
 public:
  // Compiles the shaders; false (with the reason) when the driver refuses them.
  bool init(std::string& error);
  void begin_frame(const Camera& camera, geo::Rgba background);
  void draw(const GpuLayer& layer, const DrawStyle& style, const Camera& camera);

 private:
  struct Program {
    gl::Program program;
    GLint offset = -1, scale = -1, viewport = -1, state = -1, palette = -1, color = -1, use_status = -1,
          opacity = -1, half_width = -1, status_colour = -1, line_colour = -1, radius = -1, ring = -1, only_status = -1;
  };
  bool build(Program& p, std::string_view vert, std::string_view frag, std::string& error);
  void set_common(const Program& p, const GpuLayer::Bucket& b, const Camera& c) const;

  Program fill_, segment_, point_;
};

}  // namespace app
