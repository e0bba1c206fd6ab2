// Polygon triangulation for filling map features: ear clipping with holes
// bridged into the outer ring (earcut-class). Pure CPU code, no GDAL, no GL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace geo {

// A polygon with holes as views into flat arrays (no ownership).
// xy: interleaved x,y doubles (display CRS units). ring_offsets has ring_count+1
// entries; ring r covers vertices [ring_offsets[r], ring_offsets[r+1]) — indices are
// vertex indices into xy (vertex i is xy[2i], xy[2i+1]), absolute, not relative.
// Ring 0 is the outer ring, the rest are holes. Rings may be closed (last vertex ==
// first, as GDAL gives them) or open; orientation is arbitrary.
struct PolygonView {
  const double* xy;
  const uint32_t* ring_offsets;
  size_t ring_count;
};

// Triangulates polygons into triangles whose vertex indices are absolute indices into
// the same xy array. Keeps its scratch memory between calls: make one per thread.
//
// Output triangles are counter-clockwise with y pointing up (clockwise on a y-down
// screen) and never have zero area. Bad geometry is tolerated, not repaired:
// vertices with NaN, infinite or absurd (|v| > 1e150) coordinates are dropped; rings
// with fewer than 3 distinct vertices or zero area are ignored; holes whose leftmost
// vertex lies outside the shell (or inside an earlier hole) are ignored; and
// self-intersecting rings give a best-effort cover.
// Work per call is capped at 2e7 + 200 * vertices elementary steps, each node an ear
// test looks at counting one (a smooth 640k-vertex ring needs ~230 a vertex; a ring
// zigzagging across itself needs O(n^2)); past the cap the rest of such a polygon is
// left untriangulated and cut_short() says so.
class Tessellator {
 public:
  Tessellator();
  ~Tessellator();
  Tessellator(const Tessellator&) = delete;
  Tessellator& operator=(const Tessellator&) = delete;
  Tessellator(Tessellator&& other) noexcept;
  Tessellator& operator=(Tessellator&& other) noexcept;

  // Appends 3 indices per triangle to `out`. Returns the number of triangles added.
  // Never throws on bad geometry; degenerate input yields fewer (or zero) triangles.
  // (std::bad_alloc can still escape when memory runs out.)
  size_t tessellate(const PolygonView& polygon, std::vector<uint32_t>& out);
  // True when the last call stopped at its work cap, leaving part of the polygon
  // untriangulated (mesh building then fills it by the even-odd rule instead).
  bool cut_short() const;

 private:
  struct Impl;
  Impl* impl_;  // owned; null only after a move, recreated on demand
};

// Signed-area-free helpers used by tests and callers:
// |outer| - sum |holes| (shoelace, absolute values; dropped vertices skipped).
double polygon_area(const PolygonView& polygon);
// Sum of |triangle areas| over complete index triples.
double triangles_area(const double* xy, const std::vector<uint32_t>& indices);

}  // namespace geo
