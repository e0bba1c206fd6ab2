// Internal to geo/: turns OGR geometries, or the WKB that GDAL's column-oriented
// (Arrow) stream hands out, into a VectorLayer's flat arrays, feature by feature.
// Self-crossing polygon shells are repaired with GEOS within a time limit (else
// filled by the even-odd rule); coordinates that are not finite, or lie beyond any
// map, are counted. Used by the reader only; includes GDAL's geometry header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geo/layer.hpp"

class OGRGeometry;
class OGRSimpleCurve;

namespace geo::detail {

class GeometryAppender {
 public:
  GeometryAppender(VectorLayer& layer, bool swap_xy) : layer_(layer), swap_(swap_xy) {}

  // Appends the parts of `g` to the feature being built.
  void append(const OGRGeometry* g, int depth = 0);
  // The same for a geometry in WKB (ISO or the old 2.5D flags, either byte order).
  // Points, lines, polygons and their collections are parsed in place; anything else
  // (curves, TINs …), a shell that may cross itself, or malformed bytes go through
  // OGR's own parser and append(), so both give the same arrays.
  void append_wkb(const uint8_t* data, size_t size);
  // Closes the feature; false when it got no part.
  bool finish_feature() {
    const bool any = layer_.part_kinds.size() > layer_.feature_offsets.back();
    layer_.feature_offsets.push_back(static_cast<uint32_t>(layer_.part_kinds.size()));
    return any;
  }

  size_t repaired = 0;              // polygons replaced by their MakeValid repair
  size_t unrepaired_count = 0;      // self-crossing polygons filled by the even-odd rule instead
  std::vector<size_t> unrepaired;   // the first few of them, as feature indices
  size_t nonfinite = 0;  // vertices with NaN or infinite coordinates (left out when drawn)
  size_t far_away = 0;   // vertices beyond 1e8 units (out of the extent)

 private:
  struct Mark;  // where the arrays stood, to undo a part
  Mark mark() const;
  void undo(const Mark& m);
  bool parse_wkb(const uint8_t*& p, const uint8_t* end, int depth);
  void append_ogr_wkb(const uint8_t* data, size_t size, int depth);

  void add_vertex(double x, double y);
  bool self_crossing_suspect(size_t begin) const;
  // Coordinates beyond 100,000 km are on no map (a typo, a wrong unit): counted, and
  // left out of the layer's extent so the view still fits the real data.
  void add_bounds(double x, double y);
  void add_curve(const OGRSimpleCurve* curve);
  // n points of `dims` little-endian doubles each (x, y first) as one ring.
  void add_wkb_ring(const uint8_t* p, uint32_t n, int dims);
  void end_ring() { layer_.ring_offsets.push_back(static_cast<uint32_t>(layer_.xy.size() / 2)); }
  void end_part(PartKind kind) {
    layer_.part_kinds.push_back(kind);
    layer_.part_offsets.push_back(static_cast<uint32_t>(layer_.ring_offsets.size() - 1));
  }

  // GEOS repair time per feature and per layer: a zigzag of a million vertices can
  // keep MakeValid busy for minutes; a few seconds is what a person waits.
  static constexpr double kRepairSeconds = 2.0;
  static constexpr double kLayerRepairSeconds = 10.0;

  VectorLayer& layer_;
  bool swap_;
  bool repairing_ = false;
  double repair_seconds_left_ = kLayerRepairSeconds;
};

}  // namespace geo::detail
