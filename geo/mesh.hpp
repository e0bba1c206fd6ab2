// CPU-side drawable geometry of one layer, built off the UI thread and uploaded to
// the GPU as is. Vertex positions are float32 display-CRS units relative to their
// bucket's double-precision origin, so metre detail survives at 4,000,000 m
// northings. Every vertex carries its feature index: colour, visibility and selection
// come from per-feature data on the GPU, never from the geometry.
//
// Level of detail: inside a bucket, features are laid out largest first (size = the
// longer side of the feature's bbox). "Every feature at least s wide" is therefore a
// prefix of each geometry array, so the renderer draws triangles and outlines only
// for features big enough on screen, and paints the rest as pixels from `boxes`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geo/layer.hpp"

namespace geo {

struct FillVertex {
  float x, y;        // relative to the bucket origin
  uint32_t feature;  // row in the layer
};
struct Segment {     // one straight piece of a line or ring, drawn as a screen-width quad
  float x0, y0, x1, y1;
  uint32_t feature;
};
struct PointInstance {
  float x, y;
  uint32_t feature;
};
static_assert(sizeof(FillVertex) == 12 && sizeof(Segment) == 20 && sizeof(PointInstance) == 12,
              "vertex layouts are mirrored in the GL attribute setup");

// A spatial bucket: features whose bbox centre falls in one grid cell. Buckets let the
// renderer cull off-screen geometry without a per-feature test.
struct MeshBucket {
  double origin_x = 0.0, origin_y = 0.0;  // display CRS
  Bbox bounds;                            // display CRS, of everything in the bucket
  std::vector<FillVertex> fill_vertices;
  std::vector<uint32_t> fill_indices;  // triangles into fill_vertices, by feature rank
  std::vector<Segment> outlines;       // polygon rings, by feature rank
  std::vector<Segment> lines;          // line parts, by feature rank
  std::vector<PointInstance> points;   // point parts (always drawn as discs)

  // Per feature rank (largest first):
  std::vector<uint32_t> features;  // feature id
  std::vector<float> sizes;        // longer bbox side, display units, descending
  std::vector<float> boxes;        // bbox relative to origin: x0, y0, x1, y1
  std::vector<uint8_t> point_only; // 1 for features made of points only (drawn as discs,
                                   // painted as pixels only where they crowd)
  // Prefix lengths by rank count k (k = 0 … n): how many indices / segments the
  // first k features use.
  std::vector<uint32_t> fill_ends{0}, outline_ends{0}, line_ends{0};

  bool has_points = false;    // some feature has a point part (drawn at every zoom)
  bool has_geometry = false;  // the arrays above are built (see build_bucket_geometry)

  // The first rank whose size is below `size` (== features.size() when none is).
  size_t rank_below(double size) const;
};

struct Mesh {
  std::vector<MeshBucket> buckets;
  size_t triangles = 0, outline_segments = 0, line_segments = 0, points = 0;
  size_t degenerate_polygons = 0;  // polygons that gave no triangle (zero area, NaN …)
  size_t byte_size() const;
};

class Tessellator;

// Buckets with their features largest first, sizes and boxes, but no geometry yet:
// enough to cull, to paint small features as pixels and to decide what needs
// geometry. Fast (no tessellation).
Mesh build_mesh_index(const VectorLayer& layer);
// Tessellates polygons, cuts lines and rings into segments and collects points for
// one bucket of build_mesh_index(), in rank order, with the prefix tables. Returns
// the number of polygons that gave no triangle. Different buckets may be built on
// different threads (one Tessellator each).
size_t build_bucket_geometry(const VectorLayer& layer, MeshBucket& bucket, Tessellator& tess,
                             std::vector<uint32_t>& scratch);
// Both, for every bucket (on two threads for large layers).
Mesh build_mesh(const VectorLayer& layer);

// Features drawn as geometry are at least this many pixels wide; smaller ones are
// painted as pixels from their boxes (app/render/map_renderer.hpp).
inline constexpr float kGeometryPx = 3.0f;
// Whether a bucket has something drawn as geometry at `pixel` display units per pixel:
// a point, or a feature kGeometryPx wide or more (`sizes`: largest first). The
// renderer asks it of its buckets, the loader of a view's.
inline bool needs_geometry(bool has_points, const std::vector<float>& sizes, double pixel) {
  return has_points || (!sizes.empty() && sizes.front() >= kGeometryPx * pixel);
}
inline bool needs_geometry(const MeshBucket& b, double pixel) { return needs_geometry(b.has_points, b.sizes, pixel); }
// The geometry of the buckets of a build_mesh_index() mesh that a view needs drawn at
// `pixel` (those meeting `view` with a feature kGeometryPx wide or more, or points), on
// two threads for many features: a fetch for a view hands its buckets over drawable,
// instead of the first frames tessellating them on the UI thread. Returns how many.
size_t build_view_geometry(const VectorLayer& layer, Mesh& mesh, const Bbox& view, double pixel);

}  // namespace geo
