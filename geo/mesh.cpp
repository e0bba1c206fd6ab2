#include "geo/mesh.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "geo/tessellate.hpp"

namespace geo {

size_t Mesh::byte_size() const {
  size_t n = 0;
  for (const MeshBucket& b : buckets)
    n += b.fill_vertices.size() * sizeof(FillVertex) + b.fill_indices.size() * 4 +
         (b.outlines.size() + b.lines.size()) * sizeof(Segment) + b.points.size() * sizeof(PointInstance) +
         b.features.size() * (4 + 4 + 16 + 12);
  return n;
}

size_t MeshBucket::rank_below(double size) const {
  // sizes is descending: find the first element < size.
  return static_cast<size_t>(std::partition_point(sizes.begin(), sizes.end(), [&](float s) { return s >= size; }) -
                             sizes.begin());
}

namespace {

// Grid size: about 1k features per bucket (fine enough that a 4× zoom culls most of
// the data, coarse enough that draw calls stay few), at most 128×128 buckets.
int grid_size(size_t features) {
  return std::clamp(static_cast<int>(std::ceil(std::sqrt(features / 1024.0))), 1, 128);
}

bool finite2(double x, double y) { return std::isfinite(x) && std::isfinite(y); }

void add_segments(const VectorLayer& layer, uint32_t ring, uint32_t feature, const MeshBucket& b,
                  std::vector<Segment>& out) {
  const uint32_t v0 = layer.ring_offsets[ring], v1 = layer.ring_offsets[ring + 1];
  for (uint32_t v = v0; v + 1 < v1; ++v) {
    const double* a = &layer.xy[2 * v];
    const double* c = &layer.xy[2 * v + 2];
    if (!finite2(a[0], a[1]) || !finite2(c[0], c[1])) continue;
    if (a[0] == c[0] && a[1] == c[1]) continue;  // repeated point
    out.push_back({static_cast<float>(a[0] - b.origin_x), static_cast<float>(a[1] - b.origin_y),
                   static_cast<float>(c[0] - b.origin_x), static_cast<float>(c[1] - b.origin_y), feature});
  }
}

// Appends one feature's geometry to its bucket.
void emit_feature(const VectorLayer& layer, uint32_t f, MeshBucket& b, Tessellator& tess,
                  std::vector<uint32_t>& tris, size_t& degenerate) {
  for (uint32_t p = layer.feature_offsets[f]; p < layer.feature_offsets[f + 1]; ++p) {
    const uint32_t r0 = layer.part_offsets[p], r1 = layer.part_offsets[p + 1];
    switch (layer.part_kinds[p]) {
      case PartKind::Point: {
        const double* xy = &layer.xy[2 * layer.ring_offsets[r0]];
        if (finite2(xy[0], xy[1]))
          b.points.push_back({static_cast<float>(xy[0] - b.origin_x), static_cast<float>(xy[1] - b.origin_y), f});
        break;
      }
      case PartKind::Line:
        add_segments(layer, r0, f, b, b.lines);
        break;
      case PartKind::Polygon: {
        tris.clear();
        const PolygonView view{layer.xy.data(), layer.ring_offsets.data() + r0, r1 - r0};
        if (tess.tessellate(view, tris) == 0) ++degenerate;
        // Copy the polygon's vertices into the bucket and rebase the indices.
        const uint32_t first = layer.ring_offsets[r0], last = layer.ring_offsets[r1];
        const auto base = static_cast<uint32_t>(b.fill_vertices.size());
        if (!tris.empty()) {
          for (uint32_t v = first; v < last; ++v)
            b.fill_vertices.push_back({static_cast<float>(layer.xy[2 * v] - b.origin_x),
                                       static_cast<float>(layer.xy[2 * v + 1] - b.origin_y), f});
          for (uint32_t idx : tris) b.fill_indices.push_back(base + (idx - first));
        }
        for (uint32_t r = r0; r < r1; ++r) add_segments(layer, r, f, b, b.outlines);
        break;
      }
    }
  }
}

bool only_points(const VectorLayer& layer, uint32_t f) {
  for (uint32_t p = layer.feature_offsets[f]; p < layer.feature_offsets[f + 1]; ++p)
    if (layer.part_kinds[p] != PartKind::Point) return false;
  return true;
}

}  // namespace

Mesh build_mesh(const VectorLayer& layer) {
  Mesh mesh;
  const size_t n = layer.feature_count();
  const int g = grid_size(n);
  const Bbox& lb = layer.bounds;
  const double cw = lb.empty() ? 1.0 : std::max(lb.width() / g, 1e-9);
  const double ch = lb.empty() ? 1.0 : std::max(lb.height() / g, 1e-9);
  mesh.buckets.resize(static_cast<size_t>(g) * g);
  for (int j = 0; j < g; ++j)
    for (int i = 0; i < g; ++i) {
      MeshBucket& b = mesh.buckets[static_cast<size_t>(j) * g + i];
      b.origin_x = lb.empty() ? 0.0 : lb.min_x + (i + 0.5) * cw;
      b.origin_y = lb.empty() ? 0.0 : lb.min_y + (j + 0.5) * ch;
    }

  // Pass 1: bucket and size of every feature.
  std::vector<Bbox> fboxes(n);
  std::vector<uint32_t> bucket_of(n, UINT32_MAX);
  for (size_t f = 0; f < n; ++f) {
    const Bbox fb = layer.feature_bounds(f);
    if (fb.empty()) continue;
    fboxes[f] = fb;
    const int i = std::clamp(static_cast<int>((fb.center_x() - lb.min_x) / cw), 0, g - 1);
    const int j = std::clamp(static_cast<int>((fb.center_y() - lb.min_y) / ch), 0, g - 1);
    bucket_of[f] = static_cast<uint32_t>(j * g + i);
    MeshBucket& b = mesh.buckets[bucket_of[f]];
    b.bounds.add(fb);
    b.features.push_back(static_cast<uint32_t>(f));
  }

  // Pass 2: per bucket, largest first, then the geometry in that order.
  Tessellator tess;
  std::vector<uint32_t> tris;
  for (MeshBucket& b : mesh.buckets) {
    auto size_of = [&](uint32_t f) {
      return static_cast<float>(std::max(fboxes[f].width(), fboxes[f].height()));
    };
    std::stable_sort(b.features.begin(), b.features.end(),
                     [&](uint32_t a, uint32_t c) { return size_of(a) > size_of(c); });
    b.sizes.reserve(b.features.size());
    b.boxes.reserve(4 * b.features.size());
    for (uint32_t f : b.features) {
      b.sizes.push_back(size_of(f));
      const Bbox& fb = fboxes[f];
      if (only_points(layer, f)) {
        b.boxes.insert(b.boxes.end(), {1.0f, 1.0f, 0.0f, 0.0f});  // empty: never painted as pixels
      } else {
        b.boxes.insert(b.boxes.end(), {static_cast<float>(fb.min_x - b.origin_x), static_cast<float>(fb.min_y - b.origin_y),
                                       static_cast<float>(fb.max_x - b.origin_x), static_cast<float>(fb.max_y - b.origin_y)});
      }
      emit_feature(layer, f, b, tess, tris, mesh.degenerate_polygons);
      b.fill_ends.push_back(static_cast<uint32_t>(b.fill_indices.size()));
      b.outline_ends.push_back(static_cast<uint32_t>(b.outlines.size()));
      b.line_ends.push_back(static_cast<uint32_t>(b.lines.size()));
    }
  }
  mesh.buckets.erase(std::remove_if(mesh.buckets.begin(), mesh.buckets.end(),
                                    [](const MeshBucket& b) { return b.bounds.empty(); }),
                     mesh.buckets.end());
  for (const MeshBucket& b : mesh.buckets) {
    mesh.triangles += b.fill_indices.size() / 3;
    mesh.outline_segments += b.outlines.size();
    mesh.line_segments += b.lines.size();
    mesh.points += b.points.size();
  }
  return mesh;
}

}  // namespace geo
