// Draws vector layers with OpenGL 3.3 core. Owns one GPU mesh per layer (buckets of
// triangles, segments and points), one per-feature state texture (recorded status +
// flags) and one per-feature dates texture: the shaders derive each feature's status
// on the shown date (geo/timeline.hpp's rules, shaders/common.glsl), so a date step or
// a hidden status is a uniform, with nothing uploaded; a filter or a selection
// rewrites the state texture only, never the geometry.
// Level of detail: features smaller than a few pixels are not drawn as geometry but as
// the pixel rectangle of their bounding box, so the cost of a zoomed-out view does not
// grow with primitive count. On a GPU those rectangles are drawn from a per-feature
// box buffer (six vertices each); on a software rasteriser (llvmpipe) the CPU paints
// them into a screen-size image, which measures faster there (bench/RESULTS.md).
// Main (GL) thread only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "app/model/camera.hpp"
#include "app/model/visibility.hpp"  // the state bytes' flags
#include "app/render/gl/gl.hpp"
#include "geo/mesh.hpp"
#include "geo/style.hpp"
#include "geo/timeline.hpp"

namespace app {

inline constexpr int kStateWidth = 4096;  // features per state-texture row (shader: fid & 4095)

class GpuLayer {
 public:
  // Takes the mesh's per-feature LOD tables (sizes, boxes) and uploads the geometry
  // of buckets that have it; the others are built on demand (ensure_geometry).
  void upload(geo::Mesh&& mesh, size_t feature_count);
  // Builds (from `data`, the layer the mesh came from) and uploads bucket `i`'s
  // geometry if it has none yet.
  void ensure_geometry(size_t i, const geo::VectorLayer& data);
  // Rewrites the state texture: `state` holds 2 bytes per feature.
  void set_state(const std::vector<uint8_t>& state);
  // Uploads the per-feature dates the shaders derive statuses from.
  void set_dates(const geo::Timeline& timeline);
  // Texture and buffer uploads by every GpuLayer so far (tests: a date step makes none).
  static size_t uploads() { return uploads_; }
  size_t gpu_bytes() const { return bytes_; }
  size_t cpu_bytes() const;
  size_t feature_count() const { return feature_count_; }

 private:
  friend class MapRenderer;
  struct Bucket {
    double origin_x = 0, origin_y = 0;
    geo::Bbox bounds;
    gl::VertexArray fill_vao;
    gl::Buffer fill_vbo, fill_ibo;
    // Segments and points live in buffer textures read by gl_VertexID.
    gl::Buffer outline_buf, line_buf, point_buf;
    gl::Texture outline_tex, line_tex, point_tex;
    gl::Buffer box_buf;  // per rank: x0, y0, x1, y1, feature id (| 1 << 31 for points)
    gl::Texture box_tex;
    GLsizei point_count = 0;
    bool ready = false;       // geometry uploaded
    bool has_points = false;  // needs geometry at every zoom
    // LOD tables from geo::MeshBucket (by feature rank, largest first).
    std::vector<uint32_t> features;
    std::vector<float> sizes, boxes;
    std::vector<uint8_t> point_only;
    size_t point_features = 0;
    std::vector<uint32_t> fill_ends, outline_ends, line_ends;
    // First rank smaller than `size` display units (sizes are descending).
    size_t rank_below_local(double size) const {
      return static_cast<size_t>(
          std::partition_point(sizes.begin(), sizes.end(), [&](float v) { return v >= size; }) - sizes.begin());
    }
  };
  void upload_geometry(Bucket& b, geo::MeshBucket& src);
  std::vector<Bucket> buckets_;
  gl::Texture state_, dates_;
  int state_rows_ = 0;
  bool dated_ = false;  // dates_ holds the layer's dates (it has some)
  static inline size_t uploads_ = 0;
  size_t feature_count_ = 0;
  size_t bytes_ = 0;
};

struct DrawStyle {
  geo::LayerStyle style;
  bool use_status = true;
  float pixel_scale = 1.0f;  // HiDPI content scale: widths are in logical pixels
  bool has_selection = false;  // some feature carries kFlagSelected
  // Statuses on `day` from the layer's dates (when it has some), else the recorded
  // ones; `hidden`: statuses not drawn (bit per geo::Status).
  bool dated = false;
  int32_t day = 0;
  unsigned hidden = 0;
};

// What the last draw() call did, for benchmarks and the debug overlay.
struct DrawStats {
  size_t triangles = 0, segments = 0, points = 0, painted = 0, buckets = 0;
  size_t built = 0;    // buckets whose geometry was built this draw
  size_t pending = 0;  // buckets that need geometry not built yet (over budget)
  void add(const DrawStats& o) {
    triangles += o.triangles, segments += o.segments, points += o.points, painted += o.painted,
        buckets += o.buckets, built += o.built, pending += o.pending;
  }
};

class MapRenderer {
 public:
  // Compiles the shaders; false (with the reason) when the driver refuses them.
  bool init(std::string& error);
  void begin_frame(const Camera& camera, geo::Rgba background);
  // `state`: the layer's per-feature bytes (as uploaded), used where the CPU paints
  // small features. Buckets that need geometry are built from `data` while `budget_ms`
  // lasts (< 0: no limit); the rest are painted as pixels this time and counted as
  // pending.
  DrawStats draw(GpuLayer& layer, const DrawStyle& style, const Camera& camera, const std::vector<uint8_t>& state,
                 const geo::VectorLayer* data, double& budget_ms);
  // Each feature's status as the shaders derive it for `style` (255 where hidden):
  // the GLSL rules read back, for tests against geo::status_on.
  std::vector<uint8_t> shader_statuses(const GpuLayer& layer, const DrawStyle& style);
  // Where per-feature work is done: on the GPU ("GPU boxes": small features drawn
  // from their boxes, statuses derived from the dates in the shaders) or on the CPU
  // ("CPU painter": small features painted into an image, the statuses on the shown
  // date in the state bytes, which a date step re-uploads), which measures faster on
  // a software rasteriser. Chosen at init() by the driver (llvmpipe, softpipe,
  // SwiftShader: the CPU), or by RENEWMAP_SMALL_FEATURES=gpu|cpu; applies to layers
  // uploaded after it.
  static bool small_features_on_gpu() { return gpu_small_; }
  static const char* small_features_path() { return gpu_small_ ? "GPU boxes" : "CPU painter"; }
  // Draws a texture into the NDC rectangle x0, y0, x1, y1 with alpha blending.
  void draw_image(GLuint texture, float x0, float y0, float x1, float y1, bool first_row_is_top,
                  float opacity = 1.0f);

  // Below this many pixels a polygon is painted as pixels, not tessellated geometry
  // (the loader builds a view's geometry by the same rule); below kOutlinePx it gets
  // no outline.
  static constexpr float kGeometryPx = geo::kGeometryPx;
  static constexpr float kOutlinePx = 6.0f;

 private:
  struct Program {
    gl::Program program;
    GLint offset = -1, scale = -1, viewport = -1, state = -1, palette = -1, color = -1, use_status = -1,
          opacity = -1, half_width = -1, status_colour = -1, line_colour = -1, radius = -1, ring = -1,
          only_status = -1, only_flags = -1, alert_status = -1, alert_colour = -1, rect = -1, image = -1, flip_y = -1, segments = -1, points = -1,
          dates = -1, day = -1, dated = -1, hidden = -1, boxes = -1, first = -1, geometry_rank = -1, skip_points = -1,
          grow = -1;
  };
  bool build(Program& p, std::string_view vert, std::string_view frag, std::string& error);
  void set_offset(const Program& p, const GpuLayer::Bucket& b, const Camera& c) const;
  size_t paint_small(const GpuLayer& layer, const DrawStyle& s, const Camera& camera,
                     const std::vector<uint8_t>& state, double min_size, const geo::Bbox& view);
  size_t draw_small(const GpuLayer& layer, const DrawStyle& s, const Camera& camera, double min_size,
                    const geo::Bbox& view);
  // The uniforms every map program shares (state, dates, date, palette …).
  void use(const Program& p, const GpuLayer& layer, const DrawStyle& s, const Camera& camera, float opacity) const;
  // Points crowd when a bucket has more than one per 6×6 pixels of its screen area:
  // then they are painted as small squares instead of drawn as discs.
  bool crowded(const GpuLayer::Bucket& b, double resolution) const {
    const double area_px = std::max(b.bounds.width(), resolution) * std::max(b.bounds.height(), resolution) /
                           (resolution * resolution);
    return b.point_features > 0 && area_px / static_cast<double>(b.point_features) < 36.0;
  }

  Program fill_, segment_, point_, image_, box_, probe_;
  static inline bool gpu_small_ = false;
  gl::VertexArray empty_vao_;  // attribute-less draws still need a bound VAO
  GLint max_buffer_texels_ = 0;
  gl::Texture paint_texture_;
  int paint_w_ = 0, paint_h_ = 0;
  std::vector<uint32_t> paint_;  // RGBA8 pixels, top row first
};

}  // namespace app
