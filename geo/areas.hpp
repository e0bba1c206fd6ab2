// Which features lie in an area (a zone, a sub-district, a drawn region): for the
// per-area report and burn-up charts. A feature belongs to an area when the point
// that stands for it lies inside one of the area's polygons (even-odd over every
// ring, so holes are left out), so each feature falls in at most one of a set of
// areas that do not overlap.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "geo/layer.hpp"

namespace geo {

// The point standing for feature f: a point feature's first point; a line's middle
// vertex; a polygon's bounding-box centre when it lies inside the polygon, else the
// middle of its shell's first edge. {NaN, NaN} for an empty feature.
std::pair<double, double> representative_point(const VectorLayer& layer, size_t f);

// Whether (x, y) lies inside the polygon parts of feature `area` of `areas`.
bool area_contains(const VectorLayer& areas, size_t area, double x, double y);

// The features of `layer` (same CRS as `areas`) inside feature `area` of `areas`.
std::vector<uint32_t> features_in_area(const VectorLayer& layer, const VectorLayer& areas, size_t area);

}  // namespace geo
