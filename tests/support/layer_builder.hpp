// Builds a geo::VectorLayer by hand, part by part, the way the reader fills it: for
// tests of code that works on the flat arrays (spatial index, labels).
#pragma once

#include <cstdint>
#include <vector>

#include "geo/layer.hpp"

namespace testdata {

using Ring = std::vector<double>;  // x,y pairs

// Appends features to a VectorLayer the way the reader fills it.
struct LayerBuilder {
  geo::VectorLayer layer;

  void ring(const Ring& pts) {
    for (size_t i = 0; i + 1 < pts.size(); i += 2) {
      layer.xy.push_back(pts[i]);
      layer.xy.push_back(pts[i + 1]);
      layer.bounds.add(pts[i], pts[i + 1]);
    }
    layer.ring_offsets.push_back(static_cast<uint32_t>(layer.xy.size() / 2));
  }
  void part(geo::PartKind kind, const std::vector<Ring>& rings) {
    for (const Ring& r : rings) ring(r);
    layer.part_kinds.push_back(kind);
    layer.part_offsets.push_back(static_cast<uint32_t>(layer.ring_offsets.size() - 1));
  }
  uint32_t end_feature() {
    layer.feature_offsets.push_back(static_cast<uint32_t>(layer.part_kinds.size()));
    return static_cast<uint32_t>(layer.feature_count() - 1);
  }
  uint32_t polygon(const std::vector<Ring>& rings) {
    part(geo::PartKind::Polygon, rings);
    return end_feature();
  }
  uint32_t line(const Ring& pts) {
    part(geo::PartKind::Line, {pts});
    return end_feature();
  }
  uint32_t point(double x, double y) {
    part(geo::PartKind::Point, {{x, y}});
    return end_feature();
  }
};

// Closed axis-aligned rectangle ring.
inline Ring rect(double x0, double y0, double x1, double y1) { return {x0, y0, x1, y0, x1, y1, x0, y1, x0, y0}; }

}  // namespace testdata
