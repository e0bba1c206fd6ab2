#include "geo/mesh.hpp"

#include <algorithm>
#include <cmath>

#include "geo/tessellate.hpp"

namespace geo {

size_t Mesh::byte_size() const {
  size_t n = 0;
  for (const MeshBucket& b : buckets)
    n += b.fill_vertices.size() * sizeof(FillVertex) + b.fill_indices.size() * 4 +
         (b.outlines.size() + b.lines.size()) * sizeof(Segment) + b.points.size() * sizeof(PointInstance);
  return n;
}

namespace {

// Grid size: about 4k features per bucket, at most 64×64 buckets.
int grid_size(size_t features) {
  return std::clamp(static_cast<int>(std::ceil(std::sqrt(features / 4096.0))), 1, 64);
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

  Tessellator tess;
  std::vector<uint32_t> tris;
  for (size_t f = 0; f < n; ++f) {
    const Bbox fb = layer.feature_bounds(f);
    if (fb.empty()) continue;
    const int i = std::clamp(static_cast<int>((fb.center_x() - lb.min_x) / cw), 0, g - 1);
    const int j = std::clamp(static_cast<int>((fb.center_y() - lb.min_y) / ch), 0, g - 1);
    MeshBucket& b = mesh.buckets[static_cast<size_t>(j) * g + i];
    b.bounds.add(fb);
    const auto fid = static_cast<uint32_t>(f);
    for (uint32_t p = layer.feature_offsets[f]; p < layer.feature_offsets[f + 1]; ++p) {
      const uint32_t r0 = layer.part_offsets[p], r1 = layer.part_offsets[p + 1];
      switch (layer.part_kinds[p]) {
        case PartKind::Point: {
          const double* xy = &layer.xy[2 * layer.ring_offsets[r0]];
          if (finite2(xy[0], xy[1]))
            b.points.push_back({static_cast<float>(xy[0] - b.origin_x),
                                static_cast<float>(xy[1] - b.origin_y), fid});
          break;
        }
        case PartKind::Line:
          add_segments(layer, r0, fid, b, b.lines);
          break;
        case PartKind::Polygon: {
          tris.clear();
          const PolygonView view{layer.xy.data(), layer.ring_offsets.data() + r0, r1 - r0};
          if (tess.tessellate(view, tris) == 0) ++mesh.degenerate_polygons;
          // Copy the polygon's vertices into the bucket and rebase the indices.
          const uint32_t first = layer.ring_offsets[r0], last = layer.ring_offsets[r1];
          const auto base = static_cast<uint32_t>(b.fill_vertices.size());
          if (!tris.empty()) {
            for (uint32_t v = first; v < last; ++v)
              b.fill_vertices.push_back({static_cast<float>(layer.xy[2 * v] - b.origin_x),
                                         static_cast<float>(layer.xy[2 * v + 1] - b.origin_y), fid});
            for (uint32_t idx : tris) b.fill_indices.push_back(base + (idx - first));
          }
          for (uint32_t r = r0; r < r1; ++r) add_segments(layer, r, fid, b, b.outlines);
          break;
        }
      }
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
