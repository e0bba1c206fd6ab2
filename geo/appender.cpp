#include "geo/appender.hpp"

#include <ogr_geometry.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>

#include "geo/repair.hpp"

namespace geo::detail {

struct GeometryAppender::Mark {
  size_t xy, rings, parts, even_odd, unrepaired;
  Bbox bounds;
  size_t nonfinite, far_away, unrepaired_count;
};

GeometryAppender::Mark GeometryAppender::mark() const {
  return {layer_.xy.size(), layer_.ring_offsets.size(), layer_.part_kinds.size(), layer_.even_odd_parts.size(),
          unrepaired.size(), layer_.bounds, nonfinite, far_away, unrepaired_count};
}

void GeometryAppender::undo(const Mark& m) {
  layer_.xy.resize(m.xy);
  layer_.ring_offsets.resize(m.rings);
  layer_.part_kinds.resize(m.parts);
  layer_.part_offsets.resize(m.parts + 1);
  layer_.even_odd_parts.resize(m.even_odd);
  unrepaired.resize(m.unrepaired);
  layer_.bounds = m.bounds;
  nonfinite = m.nonfinite, far_away = m.far_away, unrepaired_count = m.unrepaired_count;
}

void GeometryAppender::append(const OGRGeometry* g, int depth) {
  if (!g || g->IsEmpty() || depth > 32) return;  // depth bound: nested collections
  const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
  switch (type) {
    case wkbPoint: {
      const auto* p = g->toPoint();
      add_vertex(p->getX(), p->getY());
      end_ring();
      end_part(PartKind::Point);
      return;
    }
    case wkbLineString:
    case wkbLinearRing:
      add_curve(g->toSimpleCurve());
      end_part(PartKind::Line);
      return;
    case wkbPolygon: {
      const auto* poly = g->toPolygon();
      const OGRLinearRing* shell = poly->getExteriorRing();
      if (!shell || shell->IsEmpty()) return;
      const size_t xy_before = layer_.xy.size(), rings_before = layer_.ring_offsets.size();
      add_curve(shell);
      // A shell with (almost) no signed area over a real extent is self-crossing (a
      // bow-tie): repair it with GEOS (MakeValid) so it fills as drawn. The test runs
      // on the coordinates just copied, so valid data pays one pass over its shells.
      // Repair is bounded (kRepairSeconds a feature, kLayerRepairSeconds a layer); a
      // polygon it cannot finish is filled by the even-odd rule instead, and named.
      bool even_odd = false;
      if (!repairing_ && self_crossing_suspect(xy_before)) {
        std::unique_ptr<OGRGeometry> fixed;
        const double limit = std::min(kRepairSeconds, repair_seconds_left_);
        const auto t0 = std::chrono::steady_clock::now();
        const RepairOutcome r = limit > 0 ? repair_within(*g, limit, fixed) : RepairOutcome::OutOfTime;
        repair_seconds_left_ -= std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (r == RepairOutcome::Repaired) {
          layer_.xy.resize(xy_before);
          layer_.ring_offsets.resize(rings_before);
          ++repaired;
          repairing_ = true;
          append(fixed.get(), depth + 1);
          repairing_ = false;
          return;
        }
        even_odd = r != RepairOutcome::NotNeeded;
      }
      for (int i = 0; i < poly->getNumInteriorRings(); ++i) {
        const OGRLinearRing* hole = poly->getInteriorRing(i);
        if (hole && !hole->IsEmpty()) add_curve(hole);
      }
      if (even_odd) {
        layer_.even_odd_parts.push_back(static_cast<uint32_t>(layer_.part_kinds.size()));
        if (unrepaired.size() < 5) unrepaired.push_back(layer_.feature_count());
        ++unrepaired_count;
      }
      end_part(PartKind::Polygon);
      return;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
      const auto* c = g->toGeometryCollection();
      for (int i = 0; i < c->getNumGeometries(); ++i) append(c->getGeometryRef(i), depth + 1);
      return;
    }
    case wkbPolyhedralSurface:
    case wkbTIN:
    case wkbTriangle: {
      std::unique_ptr<OGRGeometry> mp(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
      if (mp && wkbFlatten(mp->getGeometryType()) == wkbMultiPolygon) append(mp.get(), depth + 1);
      return;
    }
    default:
      if (g->hasCurveGeometry()) {  // circular strings, compound curves, curve polygons …
        std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
        if (linear && !linear->hasCurveGeometry()) append(linear.get(), depth + 1);
      }
      return;
  }
}

namespace {

uint32_t read_u32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
double read_f64(const uint8_t* p) {
  double v;
  std::memcpy(&v, p, 8);
  return v;
}

// A WKB geometry header: ISO codes (1000s for Z, 2000s for M, 3000s for ZM) and
// the older 0x80000000 (Z) / 0x40000000 (M) flags. EWKB's SRID flag is not parsed.
struct WkbType {
  uint32_t base = 0;
  int dims = 2;
  bool ok = false;
};
WkbType wkb_type(uint32_t code) {
  WkbType t;
  if (code & 0x20000000u) return t;  // EWKB with an SRID
  const bool z_flag = (code & 0x80000000u) != 0, m_flag = (code & 0x40000000u) != 0;
  code &= 0x0FFFFFFFu;
  const uint32_t iso = code / 1000;
  if (iso > 3) return t;
  t.base = code % 1000;
  const bool z = z_flag || iso == 1 || iso == 3, m = m_flag || iso == 2 || iso == 3;
  t.dims = 2 + (z ? 1 : 0) + (m ? 1 : 0);
  t.ok = true;
  return t;
}

}  // namespace

void GeometryAppender::append_wkb(const uint8_t* data, size_t size) {
  if (!data || size == 0) return;
  const Mark before = mark();
  const uint8_t* p = data;
  if (parse_wkb(p, data + size, 0)) return;
  undo(before);
  append_ogr_wkb(data, size, 0);
}

void GeometryAppender::append_ogr_wkb(const uint8_t* data, size_t size, int depth) {
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkb(data, nullptr, &g, size, wkbVariantIso) != OGRERR_NONE) {
    delete g;
    return;  // unreadable: the feature gets no part from it, as GDAL would give none
  }
  std::unique_ptr<OGRGeometry> owned(g);
  append(owned.get(), depth);
}

// Parses one geometry at p (advancing it) straight into the arrays. False (arrays
// possibly half-written) when it needs OGR's parser: big-endian, curves, malformed.
bool GeometryAppender::parse_wkb(const uint8_t*& p, const uint8_t* end, int depth) {
  if (depth > 32) return false;
  if (end - p < 5 || p[0] != 1) return false;  // little-endian only here
  const WkbType t = wkb_type(read_u32(p + 1));
  p += 5;
  if (!t.ok) return false;
  const size_t stride = 8u * static_cast<size_t>(t.dims);
  auto count = [&](uint32_t& n, size_t item_min) {
    if (end - p < 4) return false;
    n = read_u32(p);
    p += 4;
    return static_cast<size_t>(end - p) / item_min >= n;
  };
  switch (t.base) {
    case 1: {  // Point (NaN coordinates: POINT EMPTY)
      if (static_cast<size_t>(end - p) < stride) return false;
      const double x = read_f64(p), y = read_f64(p + 8);
      p += stride;
      if (std::isnan(x) && std::isnan(y)) return true;
      add_vertex(x, y);
      end_ring();
      end_part(PartKind::Point);
      return true;
    }
    case 2: {  // LineString
      uint32_t n = 0;
      if (!count(n, stride)) return false;
      if (n > 0) {
        add_wkb_ring(p, n, t.dims);
        end_part(PartKind::Line);
      }
      p += n * stride;
      return true;
    }
    case 3: {  // Polygon: shell, then holes
      uint32_t rings = 0;
      if (!count(rings, 4)) return false;
      const size_t xy_before = layer_.xy.size();
      bool shell = false;
      for (uint32_t r = 0; r < rings; ++r) {
        uint32_t n = 0;
        if (!count(n, stride)) return false;
        if (r == 0 && n > 0) {
          add_wkb_ring(p, n, t.dims);
          shell = true;
          // A shell that may cross itself takes OGR's path, which repairs it.
          if (!repairing_ && self_crossing_suspect(xy_before)) return false;
        } else if (shell && n > 0) {
          add_wkb_ring(p, n, t.dims);
        }
        p += n * stride;
      }
      if (shell) end_part(PartKind::Polygon);
      return true;
    }
    case 4:
    case 5:
    case 6:
    case 7: {  // MultiPoint, MultiLineString, MultiPolygon, GeometryCollection
      uint32_t n = 0;
      if (!count(n, 5)) return false;
      for (uint32_t i = 0; i < n; ++i) {
        const Mark before = mark();
        const uint8_t* sub = p;
        if (parse_wkb(p, end, depth + 1)) continue;
        // This member needs OGR: find its end with OGR's parser, then append it.
        undo(before);
        OGRGeometry* g = nullptr;
        size_t consumed = 0;
        if (OGRGeometryFactory::createFromWkb(sub, nullptr, &g, static_cast<size_t>(end - sub), wkbVariantIso,
                                              consumed) != OGRERR_NONE ||
            consumed == 0) {
          delete g;
          return false;
        }
        std::unique_ptr<OGRGeometry> owned(g);
        append(owned.get(), depth + 1);
        p = sub + consumed;
      }
      return true;
    }
    default:
      return false;
  }
}

void GeometryAppender::add_vertex(double x, double y) {
  if (swap_) std::swap(x, y);
  if (!std::isfinite(x) || !std::isfinite(y)) ++nonfinite;
  layer_.xy.push_back(x);
  layer_.xy.push_back(y);
  add_bounds(x, y);
}

void GeometryAppender::add_bounds(double x, double y) {
  if (std::abs(x) > 1e8 || std::abs(y) > 1e8) {
    if (std::isfinite(x) && std::isfinite(y)) ++far_away;
    return;
  }
  layer_.bounds.add(x, y);
}

// The shell appended from xy[begin]: signed area near zero against its box.
bool GeometryAppender::self_crossing_suspect(size_t begin) const {
  const double* p = layer_.xy.data() + begin;
  const size_t n = (layer_.xy.size() - begin) / 2;
  if (n < 4) return false;
  // Relative to the first vertex: at 4,000,000 m the products would cancel.
  const double ox = p[0], oy = p[1];
  double area = 0, x0 = p[0], x1 = p[0], y0 = p[1], y1 = p[1];
  for (size_t i = 0; i + 1 < n; ++i) {
    area += (p[2 * i] - ox) * (p[2 * i + 3] - oy) - (p[2 * i + 2] - ox) * (p[2 * i + 1] - oy);
    x0 = std::min(x0, p[2 * i + 2]), x1 = std::max(x1, p[2 * i + 2]);
    y0 = std::min(y0, p[2 * i + 3]), y1 = std::max(y1, p[2 * i + 3]);
  }
  const double box = (x1 - x0) * (y1 - y0);
  return box > 0 && std::abs(area) * 0.5 < 1e-6 * box;
}

void GeometryAppender::add_curve(const OGRSimpleCurve* curve) {
  const int n = curve->getNumPoints();
  const size_t base = layer_.xy.size();
  layer_.xy.resize(base + 2 * static_cast<size_t>(n));
  double* out = layer_.xy.data() + base;
  // Strided copy straight into the flat array: x into even, y into odd slots.
  curve->getPoints(out, 2 * sizeof(double), out + 1, 2 * sizeof(double));
  for (int i = 0; i < n; ++i) {
    if (swap_) std::swap(out[2 * i], out[2 * i + 1]);
    if (!std::isfinite(out[2 * i]) || !std::isfinite(out[2 * i + 1])) ++nonfinite;
    add_bounds(out[2 * i], out[2 * i + 1]);
  }
  end_ring();
}

void GeometryAppender::add_wkb_ring(const uint8_t* p, uint32_t n, int dims) {
  const size_t base = layer_.xy.size();
  layer_.xy.resize(base + 2 * static_cast<size_t>(n));
  double* out = layer_.xy.data() + base;
  const size_t stride = 8u * static_cast<size_t>(dims);
  for (uint32_t i = 0; i < n; ++i, p += stride) {
    double x = read_f64(p), y = read_f64(p + 8);
    if (swap_) std::swap(x, y);
    out[2 * i] = x, out[2 * i + 1] = y;
    if (!std::isfinite(x) || !std::isfinite(y)) ++nonfinite;
    add_bounds(x, y);
  }
  end_ring();
}

}  // namespace geo::detail
