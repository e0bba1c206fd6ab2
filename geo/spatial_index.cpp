#include "geo/spatial_index.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace geo {

namespace {

// About this many features per cell on average, counted from the extent alone.
constexpr double kFeaturesPerCell = 4.0;
// The grid never exceeds this many cells per side (2048^2 offsets = 16 MiB).
constexpr int kMaxCellsPerSide = 2048;
// A feature whose bbox covers more cells than this is kept out of the grid.
constexpr uint64_t kLargeCells = 256;
// Cell entries allowed per indexed feature; past it the biggest features go to the
// large list instead (keeps the lists O(n) whatever the size mix).
constexpr uint64_t kEntriesPerFeature = 8;

bool finite2(double x, double y) { return std::isfinite(x) && std::isfinite(y); }

bool overlaps(const Bbox& a, const Bbox& q) {
  // Empty boxes hold +inf minima and -inf maxima, so they fail these tests.
  return a.min_x <= q.max_x && q.min_x <= a.max_x && a.min_y <= q.max_y && q.min_y <= a.max_y;
}

// Squared distance from the origin to segment a-b (coordinates already relative to
// the query point, which keeps their magnitude, and the rounding error, small).
double segment_dist2(double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double px = ax + t * dx, py = ay + t * dy;
  return px * px + py * py;
}

// Polygon part: toggles `inside` for each edge crossing the ray from the origin
// towards +x, and keeps the least squared distance to an edge. Non-finite vertices
// are dropped (the ring closes over them), as the tessellator does.
void polygon_ring(const double* xy, uint32_t v0, uint32_t v1, double x, double y, bool& inside,
                  double& best2) {
  bool have_first = false;
  double fx = 0, fy = 0, px = 0, py = 0;
  auto edge = [&](double ax, double ay, double bx, double by) {
    if ((ay > 0) != (by > 0)) {
      const double ix = ax - ay * (bx - ax) / (by - ay);
      if (ix > 0) inside = !inside;
    }
    best2 = std::min(best2, segment_dist2(ax, ay, bx, by));
  };
  for (uint32_t v = v0; v < v1; ++v) {
    const double cx = xy[2 * v] - x, cy = xy[2 * v + 1] - y;
    if (!finite2(cx, cy)) continue;
    if (have_first) {
      edge(px, py, cx, cy);
    } else {
      fx = cx;
      fy = cy;
      have_first = true;
    }
    px = cx;
    py = cy;
  }
  if (have_first) edge(px, py, fx, fy);  // zero-length when the ring is stored closed
}

}  // namespace

double feature_hit_distance(const VectorLayer& layer, size_t f, double x, double y, double tolerance,
                            double edge_eps) {
  if (!finite2(x, y) || f + 1 >= layer.feature_offsets.size()) return -1.0;
  const double tol = tolerance > 0 ? tolerance : 0.0;  // NaN -> 0
  const double eps = edge_eps > 0 ? edge_eps : 0.0;
  const double reach = std::max(tol, eps);
  const double* xy = layer.xy.data();
  double best2 = std::numeric_limits<double>::infinity();
  for (uint32_t p = layer.feature_offsets[f]; p < layer.feature_offsets[f + 1]; ++p) {
    const uint32_t r0 = layer.part_offsets[p], r1 = layer.part_offsets[p + 1];
    switch (layer.part_kinds[p]) {
      case PartKind::Point:
        for (uint32_t v = layer.ring_offsets[r0]; v < layer.ring_offsets[r1]; ++v) {
          const double dx = xy[2 * v] - x, dy = xy[2 * v + 1] - y;
          if (finite2(dx, dy)) best2 = std::min(best2, dx * dx + dy * dy);
        }
        break;
      case PartKind::Line:
        // A non-finite vertex breaks the line there, as the renderer draws it.
        for (uint32_t r = r0; r < r1; ++r) {
          for (uint32_t v = layer.ring_offsets[r]; v + 1 < layer.ring_offsets[r + 1]; ++v) {
            const double ax = xy[2 * v] - x, ay = xy[2 * v + 1] - y;
            const double bx = xy[2 * v + 2] - x, by = xy[2 * v + 3] - y;
            if (finite2(ax, ay) && finite2(bx, by)) best2 = std::min(best2, segment_dist2(ax, ay, bx, by));
          }
        }
        break;
      case PartKind::Polygon: {
        bool inside = false;
        for (uint32_t r = r0; r < r1; ++r)
          polygon_ring(xy, layer.ring_offsets[r], layer.ring_offsets[r + 1], x, y, inside, best2);
        if (inside) return 0.0;
        break;
      }
    }
  }
  if (best2 <= eps * eps) return 0.0;
  if (best2 <= reach * reach) return std::sqrt(best2);
  return -1.0;
}

int SpatialIndex::cell_x(double x) const {
  // Monotone in x (NaN and -inf go to 0): a box's cells are then exactly the range
  // between the cells of its corners, which both build and queries rely on.
  const double v = (x - origin_x_) * inv_cell_w_;
  if (!(v > 0)) return 0;
  if (v >= nx_) return nx_ - 1;
  return static_cast<int>(v);
}

int SpatialIndex::cell_y(double y) const {
  const double v = (y - origin_y_) * inv_cell_h_;
  if (!(v > 0)) return 0;
  if (v >= ny_) return ny_ - 1;
  return static_cast<int>(v);
}

SpatialIndex SpatialIndex::build(const VectorLayer& layer) {
  SpatialIndex s;
  const size_t n = layer.feature_offsets.empty() ? 0 : layer.feature_offsets.size() - 1;
  s.bboxes_.resize(n);

  // Per-feature bboxes of finite vertices, the extent, and each feature's larger side.
  Bbox extent;
  std::vector<float> sizes;
  sizes.reserve(n);
  const double* xy = layer.xy.data();
  for (size_t f = 0; f < n; ++f) {
    const uint32_t p0 = layer.feature_offsets[f], p1 = layer.feature_offsets[f + 1];
    if (p0 == p1) continue;
    const uint32_t v0 = layer.ring_offsets[layer.part_offsets[p0]];
    const uint32_t v1 = layer.ring_offsets[layer.part_offsets[p1]];
    Bbox b;
    for (uint32_t v = v0; v < v1; ++v) {
      const double x = xy[2 * v], y = xy[2 * v + 1];
      if (!finite2(x, y)) continue;
      b.min_x = std::min(b.min_x, x);
      b.max_x = std::max(b.max_x, x);
      b.min_y = std::min(b.min_y, y);
      b.max_y = std::max(b.max_y, y);
    }
    if (b.empty()) continue;
    s.bboxes_[f] = b;
    extent.add(b);
    sizes.push_back(static_cast<float>(std::max(b.width(), b.height())));
  }
  const size_t indexed = sizes.size();

  // Grid: ~kFeaturesPerCell features per cell over the extent, but cells no smaller
  // than the median feature, so that typical features land in 1-4 cells.
  s.nx_ = s.ny_ = 1;
  if (indexed > 0) {
    s.origin_x_ = extent.min_x;
    s.origin_y_ = extent.min_y;
    const double w = extent.width(), h = extent.height();
    const double target = std::max(1.0, static_cast<double>(indexed) / kFeaturesPerCell);
    double cell = 0;
    if (w > 0 && h > 0) {
      cell = std::sqrt(w * h / target);
    } else if (w > 0 || h > 0) {
      cell = std::max(w, h) / target;
    }
    auto mid = sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2);
    std::nth_element(sizes.begin(), mid, sizes.end());
    cell = std::max(cell, static_cast<double>(*mid));
    auto side = [&](double len) {
      const double n = std::ceil(len / cell);  // NaN when both are infinite
      if (!(n > 1)) return 1;
      return n >= kMaxCellsPerSide ? kMaxCellsPerSide : static_cast<int>(n);
    };
    s.nx_ = side(w);
    s.ny_ = side(h);
    s.inv_cell_w_ = w > 0 ? s.nx_ / w : 0.0;
    s.inv_cell_h_ = h > 0 ? s.ny_ / h : 0.0;
    const double big = std::max({std::fabs(extent.min_x), std::fabs(extent.max_x),
                                 std::fabs(extent.min_y), std::fabs(extent.max_y)});
    s.edge_eps_ = 1e-9 * big;
  }
  std::vector<float>().swap(sizes);

  // How many cells each feature covers; pick the threshold past which it goes to the
  // large list (kLargeCells, lowered if the entries would pass the budget).
  auto cell_count = [&](const Bbox& b) -> uint64_t {
    return uint64_t(s.cell_x(b.max_x) - s.cell_x(b.min_x) + 1) *
           uint64_t(s.cell_y(b.max_y) - s.cell_y(b.min_y) + 1);
  };
  std::vector<uint64_t> histogram(kLargeCells + 1, 0);
  for (const Bbox& b : s.bboxes_) {
    if (b.empty()) continue;
    const uint64_t c = cell_count(b);
    if (c <= kLargeCells) histogram[c] += c;
  }
  const uint64_t budget = std::min<uint64_t>(kEntriesPerFeature * indexed + 4096,
                                              std::numeric_limits<uint32_t>::max());
  uint64_t total = 0;
  for (uint64_t c = 1; c <= kLargeCells; ++c) total += histogram[c];
  uint64_t threshold = kLargeCells;
  while (total > budget && threshold > 1) total -= histogram[threshold--];

  // CSR fill: count per cell, prefix sums, then place ids in ascending order.
  const size_t cells = size_t(s.nx_) * size_t(s.ny_);
  s.cell_start_.assign(cells + 1, 0);
  auto for_cells = [&](const Bbox& b, auto&& fn) {
    const int x0 = s.cell_x(b.min_x), x1 = s.cell_x(b.max_x);
    const int y0 = s.cell_y(b.min_y), y1 = s.cell_y(b.max_y);
    for (int cy = y0; cy <= y1; ++cy)
      for (int cx = x0; cx <= x1; ++cx) fn(size_t(cy) * size_t(s.nx_) + size_t(cx));
  };
  for (size_t f = 0; f < n; ++f) {
    const Bbox& b = s.bboxes_[f];
    if (b.empty()) continue;
    if (cell_count(b) > threshold) {
      s.large_.push_back(static_cast<uint32_t>(f));
      continue;
    }
    for_cells(b, [&](size_t c) { ++s.cell_start_[c + 1]; });
  }
  for (size_t c = 0; c < cells; ++c) s.cell_start_[c + 1] += s.cell_start_[c];
  s.cell_ids_.resize(s.cell_start_[cells]);
  // cell_start_[c] serves as the write cursor of cell c and ends as its end offset.
  for (size_t f = 0; f < n; ++f) {
    const Bbox& b = s.bboxes_[f];
    if (b.empty() || cell_count(b) > threshold) continue;
    for_cells(b, [&](size_t c) { s.cell_ids_[s.cell_start_[c]++] = static_cast<uint32_t>(f); });
  }
  for (size_t c = cells; c > 0; --c) s.cell_start_[c] = s.cell_start_[c - 1];
  s.cell_start_[0] = 0;
  return s;
}

template <class Visit>
void SpatialIndex::for_each_candidate(const Bbox& q, Visit&& visit) const {
  if (bboxes_.empty() || cell_start_.size() < 2) return;
  const int x0 = cell_x(q.min_x), x1 = cell_x(q.max_x);
  const int y0 = cell_y(q.min_y), y1 = cell_y(q.max_y);
  const size_t nx = size_t(nx_);
  // Cells of one row are contiguous in cell_ids_, so the work is cheap to count; when
  // the cells would cost more than a scan of every bbox, scan instead.
  size_t entries = large_.size();
  for (int cy = y0; cy <= y1; ++cy)
    entries += cell_start_[cy * nx + x1 + 1] - cell_start_[cy * nx + x0];
  if (entries >= bboxes_.size()) {
    for (size_t f = 0; f < bboxes_.size(); ++f)
      if (overlaps(bboxes_[f], q)) visit(static_cast<uint32_t>(f));
    return;
  }
  const bool one_cell = x0 == x1 && y0 == y1;
  for (int cy = y0; cy <= y1; ++cy) {
    for (int cx = x0; cx <= x1; ++cx) {
      const size_t c = cy * nx + cx;
      for (uint32_t i = cell_start_[c]; i < cell_start_[c + 1]; ++i) {
        const uint32_t f = cell_ids_[i];
        const Bbox& b = bboxes_[f];
        if (!overlaps(b, q)) continue;
        // A feature in several cells is reported only from the cell holding the lower
        // left corner of its intersection with q: one cell, and one both cover.
        if (!one_cell && (cell_x(std::max(q.min_x, b.min_x)) != cx ||
                          cell_y(std::max(q.min_y, b.min_y)) != cy))
          continue;
        visit(f);
      }
    }
  }
  for (uint32_t f : large_)
    if (overlaps(bboxes_[f], q)) visit(f);
}

std::vector<uint32_t> SpatialIndex::query_box(const Bbox& box) const {
  std::vector<uint32_t> out;
  if (box.empty()) return out;  // also NaN
  for_each_candidate(box, [&](uint32_t f) { out.push_back(f); });
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Hit> SpatialIndex::identify(const VectorLayer& layer, double x, double y,
                                        double tolerance) const {
  std::vector<Hit> hits;
  const size_t n = layer.feature_offsets.empty() ? 0 : layer.feature_offsets.size() - 1;
  assert(n == bboxes_.size() && "identify() needs the layer the index was built on");
  if (n != bboxes_.size() || !finite2(x, y)) return hits;
  const double tol = tolerance > 0 ? tolerance : 0.0;  // NaN -> 0
  const double reach = std::max(tol, edge_eps_);
  const Bbox q{x - reach, y - reach, x + reach, y + reach};
  for_each_candidate(q, [&](uint32_t f) {
    const double d = feature_hit_distance(layer, f, x, y, tol, edge_eps_);
    if (d >= 0) hits.push_back({f, d});
  });
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.feature > b.feature;
  });
  return hits;
}

size_t SpatialIndex::byte_size() const {
  return bboxes_.capacity() * sizeof(Bbox) + cell_start_.capacity() * sizeof(uint32_t) +
         cell_ids_.capacity() * sizeof(uint32_t) + large_.capacity() * sizeof(uint32_t);
}

}  // namespace geo
