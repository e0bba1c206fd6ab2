// Spatial index over one VectorLayer for identify (click) and box queries: a uniform
// grid over the layer's extent, stored CSR-style (cell_start offsets into one list of
// feature ids). Pure CPU code, no GDAL, no GL.
//
// Coordinates are the layer's (display CRS, east-first); tolerances and distances are
// in the same units. The index keeps no pointer to the layer: pass the same, unchanged
// layer to identify() (rebuild after reprojecting or editing it).
// Thread: immutable after build(); any number of threads may query it at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geo/layer.hpp"

namespace geo {

// One identify result: a feature id (row in the layer) and the distance from the
// query point to it, 0 when the point is inside (or on the edge of) a polygon.
struct Hit {
  uint32_t feature;
  double distance;
};

class SpatialIndex {
 public:
  using Hit = ::geo::Hit;

  // Builds the index: O(vertices + cell entries). Features with no finite vertex are
  // left out (never returned). Features whose bbox covers more than a few hundred
  // cells go to a "large" list that every query scans.
  static SpatialIndex build(const VectorLayer& layer);

  // Features whose bbox (of their finite vertices, closed) intersects `box`; sorted
  // ascending, no duplicates. An empty or NaN box gives nothing.
  std::vector<uint32_t> query_box(const Bbox& box) const;

  // Every feature hit at (x, y), ordered by distance, then by feature id descending
  // (later features are drawn on top). A polygon part is hit when the point is inside
  // it by even-odd over all its rings (a hole is outside) or within `tolerance` of any
  // ring; a line part within `tolerance` of a segment; a point part within `tolerance`
  // of its vertex. A point within edge_epsilon() of any ring or segment is on it:
  // hit, distance 0. Non-finite vertices are ignored: dropped from polygon rings
  // (like the tessellator), breaking lines (like the renderer). NaN x/y gives nothing;
  // a negative or NaN tolerance is 0. `layer` must be the one the index was built on.
  std::vector<Hit> identify(const VectorLayer& layer, double x, double y, double tolerance) const;

  size_t feature_count() const { return bboxes_.size(); }
  size_t large_feature_count() const { return large_.size(); }
  size_t cell_entry_count() const { return cell_ids_.size(); }
  int grid_width() const { return nx_; }
  int grid_height() const { return ny_; }
  // 1e-9 times the largest absolute coordinate of the layer's extent: far above the
  // rounding error of a point-to-segment distance (a few ulps of the coordinates, as
  // distances are taken relative to the query point) and far below anything a user
  // can click (4 mm at 4,000,000 m, 2 cm in degrees).
  double edge_epsilon() const { return edge_eps_; }
  // Heap bytes held by the index (bboxes, cell offsets and lists, large list).
  size_t byte_size() const;

 private:
  // Calls visit(id) once for every feature whose bbox intersects q (q non-empty).
  template <class Visit>
  void for_each_candidate(const Bbox& q, Visit&& visit) const;
  int cell_x(double x) const;
  int cell_y(double y) const;

  std::vector<Bbox> bboxes_;         // per feature, of finite vertices; empty if none
  std::vector<uint32_t> cell_start_;  // nx*ny+1 offsets into cell_ids_, row-major (y rows)
  std::vector<uint32_t> cell_ids_;    // feature ids, ascending within a cell
  std::vector<uint32_t> large_;       // features kept out of the grid, ascending
  double origin_x_ = 0, origin_y_ = 0;
  double inv_cell_w_ = 0, inv_cell_h_ = 0;  // cells per unit; 0 for a zero-size axis
  int nx_ = 0, ny_ = 0;
  double edge_eps_ = 0;
};

// Distance at which feature f is hit from (x, y) by the identify rules above, or a
// negative value when it is not hit. Brute force over the feature's geometry; what
// SpatialIndex::identify runs on its candidates.
double feature_hit_distance(const VectorLayer& layer, size_t f, double x, double y, double tolerance,
                            double edge_eps);

}  // namespace geo
