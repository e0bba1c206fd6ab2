#include "geo/mesh.hpp"


#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

#include "geo/even_odd.hpp"
#include "geo/huge_pages.hpp"
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

// Polygons with more vertices than this are thinned before tessellation.
constexpr uint32_t kDecimateAbove = 65536;

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
        const uint32_t first = layer.ring_offsets[r0], last = layer.ring_offsets[r1];
        const auto base = static_cast<uint32_t>(b.fill_vertices.size());
        const PolygonView whole{layer.xy.data(), layer.ring_offsets.data() + r0, r1 - r0};
        // Self-crossing and not repaired (geo/repair.hpp), or too hard for the
        // tessellator's work cap: the even-odd rule's trapezoids, new vertices of their own.
        // Vertices of a copy (thinned, or even-odd trapezoids) and their triangles.
        auto add_copy = [&](const std::vector<double>& xy) {
          for (size_t v = 0; v < xy.size() / 2; ++v)
            b.fill_vertices.push_back(
                {static_cast<float>(xy[2 * v] - b.origin_x), static_cast<float>(xy[2 * v + 1] - b.origin_y), f});
          for (uint32_t idx : tris) b.fill_indices.push_back(base + idx);
        };
        auto fill_by_even_odd = [&] {
          tris.clear();
          std::vector<double> xy;
          if (fill_even_odd(whole, xy, tris) == 0) ++degenerate;
          add_copy(xy);
        };
        if (std::binary_search(layer.even_odd_parts.begin(), layer.even_odd_parts.end(), p)) {
          fill_by_even_odd();
        } else if (last - first > kDecimateAbove) {
          // A very large polygon: fill a copy thinned to 1/16384 of its size (sub-pixel
          // at any zoom that shows it whole), so tessellation stays bounded in time; its
          // outline below keeps every vertex.
          std::vector<double> xy;
          std::vector<uint32_t> rings{0};
          const Bbox pb = layer.feature_bounds(f);
          const double step = std::hypot(pb.width(), pb.height()) / 16384.0;
          for (uint32_t r = r0; r < r1; ++r) {
            double lx = std::numeric_limits<double>::quiet_NaN(), ly = lx;
            for (uint32_t v = layer.ring_offsets[r]; v < layer.ring_offsets[r + 1]; ++v) {
              const double x = layer.xy[2 * v], y = layer.xy[2 * v + 1];
              if (!finite2(x, y)) continue;
              if (std::isfinite(lx) && std::hypot(x - lx, y - ly) < step) continue;
              xy.insert(xy.end(), {x, y});
              lx = x, ly = y;
            }
            rings.push_back(static_cast<uint32_t>(xy.size() / 2));
          }
          const PolygonView view{xy.data(), rings.data(), rings.size() - 1};
          const size_t made = tess.tessellate(view, tris);
          if (tess.cut_short()) {
            fill_by_even_odd();
          } else if (made == 0) {
            ++degenerate;
          } else {
            add_copy(xy);
          }
        } else {
          const size_t made = tess.tessellate(whole, tris);
          // Copy the polygon's vertices into the bucket and rebase the indices.
          if (tess.cut_short()) {
            fill_by_even_odd();
          } else if (made == 0) {
            ++degenerate;
          } else {
            for (uint32_t v = first; v < last; ++v)
              b.fill_vertices.push_back({static_cast<float>(layer.xy[2 * v] - b.origin_x),
                                         static_cast<float>(layer.xy[2 * v + 1] - b.origin_y), f});
            for (uint32_t idx : tris) b.fill_indices.push_back(base + (idx - first));
          }
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

// Cell of a position measured in cells: NaN and infinities (a feature at ±1e308 makes
// the centre overflow) land in the edge cells instead of an undefined conversion.
static int grid_cell(double v, int g) {
  if (!(v > 0)) return 0;
  if (v >= g) return g - 1;
  return static_cast<int>(v);
}

Mesh build_mesh_index(const VectorLayer& layer) {
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
  // Box of every feature (two threads over halves for large layers), then buckets.
  std::vector<Bbox> fboxes;
  reserve_huge(fboxes, n);  // tens of MB: faulted in 2 MiB pages
  fboxes.resize(n);
  const int threads = n >= 50000 && std::thread::hardware_concurrency() >= 2 ? 2 : 1;
  {
    auto boxes = [&](size_t begin, size_t end) {
      for (size_t f = begin; f < end; ++f) fboxes[f] = layer.feature_bounds(f);
    };
    std::thread helper;
    if (threads == 2) helper = std::thread(boxes, n / 2, n);
    boxes(0, threads == 2 ? n / 2 : n);
    if (helper.joinable()) helper.join();
  }
  for (size_t f = 0; f < n; ++f) {
    const Bbox& fb = fboxes[f];
    if (fb.empty()) continue;
    const int i = grid_cell((fb.center_x() - lb.min_x) / cw, g);
    const int j = grid_cell((fb.center_y() - lb.min_y) / ch, g);
    MeshBucket& b = mesh.buckets[static_cast<size_t>(j) * g + i];
    b.bounds.add(fb);
    b.features.push_back(static_cast<uint32_t>(f));
  }
  mesh.buckets.erase(std::remove_if(mesh.buckets.begin(), mesh.buckets.end(),
                                    [](const MeshBucket& b) { return b.bounds.empty(); }),
                     mesh.buckets.end());
  // A bucket spanning more than float32 can resolve to a metre (a stray feature at
  // 1e9, a typo in a coordinate) would blur every feature in it: small ones are split
  // into one bucket per feature, each with its own origin.
  {
    constexpr double kSpan = 4.0e6;
    std::vector<MeshBucket> split;
    for (MeshBucket& b : mesh.buckets) {
      if (std::max(b.bounds.width(), b.bounds.height()) <= kSpan || b.features.size() > 256) continue;
      for (uint32_t f : b.features) {
        MeshBucket one;
        one.bounds = fboxes[f];
        one.origin_x = fboxes[f].center_x();
        one.origin_y = fboxes[f].center_y();
        one.features = {f};
        split.push_back(std::move(one));
      }
      b.features.clear();
      b.bounds = Bbox{};
    }
    mesh.buckets.erase(std::remove_if(mesh.buckets.begin(), mesh.buckets.end(),
                                      [](const MeshBucket& b) { return b.bounds.empty(); }),
                       mesh.buckets.end());
    for (MeshBucket& b : split) mesh.buckets.push_back(std::move(b));
  }
  // Largest first within each bucket, with each feature's size and box; buckets are
  // independent, so alternate ones go to the two threads.
  auto order = [&](MeshBucket& b) {
    // Each size once, beside its feature: the sort compares neighbours in memory, not
    // boxes scattered over the layer. Ties keep the features' order.
    std::vector<std::pair<float, uint32_t>> sized;
    sized.reserve(b.features.size());
    for (uint32_t f : b.features) sized.emplace_back(static_cast<float>(std::max(fboxes[f].width(), fboxes[f].height())), f);
    std::sort(sized.begin(), sized.end(), [](const auto& a, const auto& c) {
      return a.first > c.first || (a.first == c.first && a.second < c.second);
    });
    for (size_t k = 0; k < sized.size(); ++k) b.features[k] = sized[k].second;
    auto size_of = [&](uint32_t f) { return static_cast<float>(std::max(fboxes[f].width(), fboxes[f].height())); };
    b.sizes.reserve(b.features.size());
    b.boxes.reserve(4 * b.features.size());
    b.point_only.reserve(b.features.size());
    for (uint32_t f : b.features) {
      b.sizes.push_back(size_of(f));
      const Bbox& fb = fboxes[f];
      b.boxes.insert(b.boxes.end(), {static_cast<float>(fb.min_x - b.origin_x), static_cast<float>(fb.min_y - b.origin_y),
                                     static_cast<float>(fb.max_x - b.origin_x), static_cast<float>(fb.max_y - b.origin_y)});
      const bool points = only_points(layer, f);
      b.point_only.push_back(points ? 1 : 0);
      b.has_points = b.has_points || points;
      for (uint32_t p = layer.feature_offsets[f]; !points && p < layer.feature_offsets[f + 1]; ++p)
        b.has_points = b.has_points || layer.part_kinds[p] == PartKind::Point;
    }
  };
  auto order_every = [&](size_t first) {
    for (size_t i = first; i < mesh.buckets.size(); i += static_cast<size_t>(threads)) order(mesh.buckets[i]);
  };
  std::thread helper;
  if (threads == 2) helper = std::thread(order_every, 1);
  order_every(0);
  if (helper.joinable()) helper.join();
  return mesh;
}

size_t build_bucket_geometry(const VectorLayer& layer, MeshBucket& b, Tessellator& tess, std::vector<uint32_t>& tris) {
  size_t degenerate = 0;
  b.fill_vertices.clear();
  b.fill_indices.clear();
  b.outlines.clear();
  b.lines.clear();
  b.points.clear();
  b.fill_ends.assign(1, 0);
  b.outline_ends.assign(1, 0);
  b.line_ends.assign(1, 0);
  for (uint32_t f : b.features) {
    emit_feature(layer, f, b, tess, tris, degenerate);
    b.fill_ends.push_back(static_cast<uint32_t>(b.fill_indices.size()));
    b.outline_ends.push_back(static_cast<uint32_t>(b.outlines.size()));
    b.line_ends.push_back(static_cast<uint32_t>(b.lines.size()));
  }
  b.has_geometry = true;
  return degenerate;
}

namespace {

// The geometry of the buckets `pick` accepts, on two threads for large layers (each
// with its own tessellator, taking alternate buckets), and the mesh's totals counted
// again. Returns the buckets built.
template <class Pick>
size_t build_buckets(const VectorLayer& layer, Mesh& mesh, Pick pick) {
  std::vector<size_t> todo;
  for (size_t i = 0; i < mesh.buckets.size(); ++i)
    if (!mesh.buckets[i].has_geometry && pick(mesh.buckets[i])) todo.push_back(i);
  size_t features = 0;
  for (size_t i : todo) features += mesh.buckets[i].features.size();
  const int threads = features >= 50000 && std::thread::hardware_concurrency() >= 2 ? 2 : 1;
  std::vector<size_t> degenerate(static_cast<size_t>(threads), 0);
  auto work = [&](int t) {
    Tessellator tess;
    std::vector<uint32_t> tris;
    for (size_t k = static_cast<size_t>(t); k < todo.size(); k += static_cast<size_t>(threads))
      degenerate[static_cast<size_t>(t)] += build_bucket_geometry(layer, mesh.buckets[todo[k]], tess, tris);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (size_t d : degenerate) mesh.degenerate_polygons += d;
  mesh.triangles = mesh.outline_segments = mesh.line_segments = mesh.points = 0;
  for (const MeshBucket& b : mesh.buckets) {
    mesh.triangles += b.fill_indices.size() / 3;
    mesh.outline_segments += b.outlines.size();
    mesh.line_segments += b.lines.size();
    mesh.points += b.points.size();
  }
  return todo.size();
}

}  // namespace

size_t build_view_geometry(const VectorLayer& layer, Mesh& mesh, const Bbox& view, double pixel) {
  if (view.empty() || !(pixel > 0)) return 0;
  return build_buckets(layer, mesh,
                       [&](const MeshBucket& b) { return b.bounds.intersects(view) && needs_geometry(b, pixel); });
}

Mesh build_mesh(const VectorLayer& layer) {
  Mesh mesh = build_mesh_index(layer);
  build_buckets(layer, mesh, [](const MeshBucket&) { return true; });
  return mesh;
}

}  // namespace geo
