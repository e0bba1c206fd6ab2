// Filling a polygon by the even-odd rule, for rings that cross themselves and could
// not be repaired (geo/repair.hpp): a point is inside when a ray from it crosses the
// rings an odd number of times, as GDAL's rasterizer and most renderers fill. Pure CPU
// code, no GDAL, no GL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geo/tessellate.hpp"

namespace geo {

// Cuts `polygon` (all rings together, orientation ignored) into horizontal bands and
// each band into trapezoids between successive crossings, paired even-odd. Appends the
// trapezoids' corners to `xy` (x,y pairs) and 3 indices per triangle, relative to the
// first vertex it appends, to `indices`; triangles are counter-clockwise with y up.
// Bands run between the vertices' y values, and are cut again where edges cross inside
// them, while the work (edges visited) stays under `budget`; past it the bands are
// spaced evenly and no longer cut, which is exact for straight edges and off only
// near crossings. Returns the number of triangles appended (at most about budget plus
// the edge count). Non-finite vertices are skipped.
size_t fill_even_odd(const PolygonView& polygon, std::vector<double>& xy, std::vector<uint32_t>& indices,
                     size_t budget = 2000000);

}  // namespace geo
