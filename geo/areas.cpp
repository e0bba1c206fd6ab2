#include "geo/areas.hpp"

#include <cmath>
#include <limits>

namespace geo {

namespace {

// Even-odd crossings of the rings of polygon parts of feature f.
bool inside_feature(const VectorLayer& l, size_t f, double x, double y) {
  bool inside = false;
  for (uint32_t p = l.feature_offsets[f]; p < l.feature_offsets[f + 1]; ++p) {
    if (l.part_kinds[p] != PartKind::Polygon) continue;
    for (uint32_t r = l.part_offsets[p]; r < l.part_offsets[p + 1]; ++r) {
      const uint32_t b = l.ring_offsets[r], e = l.ring_offsets[r + 1];
      if (e - b < 3) continue;
      for (uint32_t i = b, j = e - 1; i < e; j = i++) {
        const double xi = l.xy[2 * i], yi = l.xy[2 * i + 1], xj = l.xy[2 * j], yj = l.xy[2 * j + 1];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

}  // namespace

std::pair<double, double> representative_point(const VectorLayer& l, size_t f) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const uint32_t p0 = l.feature_offsets[f], p1 = l.feature_offsets[f + 1];
  if (p0 == p1) return {kNaN, kNaN};
  const PartKind kind = l.part_kinds[p0];
  const uint32_t r = l.part_offsets[p0];
  if (r == l.part_offsets[p0 + 1]) return {kNaN, kNaN};
  const uint32_t b = l.ring_offsets[r], e = l.ring_offsets[r + 1];
  if (b == e) return {kNaN, kNaN};
  if (kind == PartKind::Point) return {l.xy[2 * b], l.xy[2 * b + 1]};
  if (kind == PartKind::Line) {
    const uint32_t m = b + (e - b) / 2;
    return {l.xy[2 * m], l.xy[2 * m + 1]};
  }
  const Bbox box = l.feature_bounds(f);
  if (inside_feature(l, f, box.center_x(), box.center_y())) return {box.center_x(), box.center_y()};
  const uint32_t n = e - b > 1 ? b + 1 : b;
  return {0.5 * (l.xy[2 * b] + l.xy[2 * n]), 0.5 * (l.xy[2 * b + 1] + l.xy[2 * n + 1])};
}

bool area_contains(const VectorLayer& areas, size_t area, double x, double y) {
  if (area >= areas.feature_count() || !std::isfinite(x) || !std::isfinite(y)) return false;
  if (!areas.feature_bounds(area).contains(x, y)) return false;
  return inside_feature(areas, area, x, y);
}

std::vector<uint32_t> features_in_area(const VectorLayer& layer, const VectorLayer& areas, size_t area) {
  std::vector<uint32_t> out;
  if (area >= areas.feature_count()) return out;
  const Bbox box = areas.feature_bounds(area);
  for (size_t f = 0; f < layer.feature_count(); ++f) {
    const auto [x, y] = representative_point(layer, f);
    if (box.contains(x, y) && inside_feature(areas, area, x, y)) out.push_back(static_cast<uint32_t>(f));
  }
  return out;
}

}  // namespace geo
