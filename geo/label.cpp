#include "geo/label.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace geo {
namespace {

struct Parts {
  uint32_t first, last;  // parts [first, last)
};

Parts parts_of(const VectorLayer& l, size_t f) { return {l.feature_offsets[f], l.feature_offsets[f + 1]}; }

bool has_kind(const VectorLayer& l, Parts p, PartKind kind) {
  for (uint32_t i = p.first; i < p.last; ++i)
    if (l.part_kinds[i] == kind) return true;
  return false;
}

// Scan lines at these fractions of the visible box's height, in order of preference:
// a run found nearer the middle wins ties.
constexpr double kScanFractions[] = {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9};

std::optional<LabelAnchor> polygon_anchor(const VectorLayer& l, Parts p, const Bbox& clip) {
  Bbox box;
  for (uint32_t i = p.first; i < p.last; ++i)
    if (l.part_kinds[i] == PartKind::Polygon)
      for (uint32_t r = l.part_offsets[i]; r < l.part_offsets[i + 1]; ++r)
        for (uint32_t v = l.ring_offsets[r]; v < l.ring_offsets[r + 1]; ++v) box.add(l.xy[2 * v], l.xy[2 * v + 1]);
  const Bbox visible{std::max(box.min_x, clip.min_x), std::max(box.min_y, clip.min_y),
                     std::min(box.max_x, clip.max_x), std::min(box.max_y, clip.max_y)};
  if (visible.empty()) return std::nullopt;
  std::optional<LabelAnchor> best;
  std::vector<double> xs;
  for (double t : kScanFractions) {
    const double y = visible.min_y + t * visible.height();
    xs.clear();
    for (uint32_t i = p.first; i < p.last; ++i) {
      if (l.part_kinds[i] != PartKind::Polygon) continue;
      for (uint32_t r = l.part_offsets[i]; r < l.part_offsets[i + 1]; ++r) {
        const uint32_t b = l.ring_offsets[r], e = l.ring_offsets[r + 1];
        for (uint32_t v = b; v < e; ++v) {
          const uint32_t w = v + 1 < e ? v + 1 : b;  // rings may or may not repeat the first vertex
          const double ax = l.xy[2 * v], ay = l.xy[2 * v + 1], bx = l.xy[2 * w], by = l.xy[2 * w + 1];
          if ((ay > y) != (by > y)) xs.push_back(ax + (y - ay) * (bx - ax) / (by - ay));
        }
      }
    }
    std::sort(xs.begin(), xs.end());
    for (size_t k = 0; k + 1 < xs.size(); k += 2) {
      const double x0 = std::max(xs[k], clip.min_x), x1 = std::min(xs[k + 1], clip.max_x);
      if (!(x1 > x0)) continue;
      // Ties go to the earlier (more central) scan line.
      if (!best || x1 - x0 > best->room * 1.05) best = LabelAnchor{0.5 * (x0 + x1), y, x1 - x0};
    }
  }
  return best;
}

bool inside(const Bbox& b, double x, double y) { return b.contains(x, y); }

std::optional<LabelAnchor> line_anchor(const VectorLayer& l, Parts p, const Bbox& clip) {
  // Segments are counted as visible when their midpoint is: exact clipping is not
  // needed to put a label on the visible stretch.
  auto for_each_visible = [&](auto&& fn) {
    for (uint32_t i = p.first; i < p.last; ++i) {
      if (l.part_kinds[i] != PartKind::Line) continue;
      for (uint32_t r = l.part_offsets[i]; r < l.part_offsets[i + 1]; ++r)
        for (uint32_t v = l.ring_offsets[r]; v + 1 < l.ring_offsets[r + 1]; ++v) {
          const double ax = l.xy[2 * v], ay = l.xy[2 * v + 1], bx = l.xy[2 * v + 2], by = l.xy[2 * v + 3];
          if (!inside(clip, 0.5 * (ax + bx), 0.5 * (ay + by))) continue;
          if (fn(ax, ay, bx, by)) return;
        }
    }
  };
  double total = 0;
  for_each_visible([&](double ax, double ay, double bx, double by) {
    total += std::hypot(bx - ax, by - ay);
    return false;
  });
  if (!(total > 0)) return std::nullopt;
  std::optional<LabelAnchor> at;
  double walked = 0;
  for_each_visible([&](double ax, double ay, double bx, double by) {
    const double len = std::hypot(bx - ax, by - ay);
    if (walked + len < 0.5 * total) {
      walked += len;
      return false;
    }
    const double t = len > 0 ? (0.5 * total - walked) / len : 0.0;
    at = LabelAnchor{ax + t * (bx - ax), ay + t * (by - ay), total};
    return true;
  });
  return at;
}

std::optional<LabelAnchor> point_anchor(const VectorLayer& l, Parts p, const Bbox& clip) {
  for (uint32_t i = p.first; i < p.last; ++i) {
    if (l.part_kinds[i] != PartKind::Point) continue;
    for (uint32_t r = l.part_offsets[i]; r < l.part_offsets[i + 1]; ++r)
      for (uint32_t v = l.ring_offsets[r]; v < l.ring_offsets[r + 1]; ++v)
        if (inside(clip, l.xy[2 * v], l.xy[2 * v + 1])) return LabelAnchor{l.xy[2 * v], l.xy[2 * v + 1], 0};
  }
  return std::nullopt;
}

}  // namespace

std::optional<LabelAnchor> label_anchor(const VectorLayer& layer, size_t f, const Bbox& clip) {
  if (f >= layer.feature_count() || clip.empty()) return std::nullopt;
  const Parts p = parts_of(layer, f);
  if (has_kind(layer, p, PartKind::Polygon)) return polygon_anchor(layer, p, clip);
  if (has_kind(layer, p, PartKind::Line)) return line_anchor(layer, p, clip);
  return point_anchor(layer, p, clip);
}

}  // namespace geo
