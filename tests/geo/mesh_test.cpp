#include <catch2/catch.hpp>

#include "geo/mesh.hpp"
#include "geo/tessellate.hpp"

namespace {

// A feature: the square of side s with its lower left corner at x, y.
void add_square(geo::VectorLayer& l, double x, double y, double s) {
  const double ring[] = {x, y, x + s, y, x + s, y + s, x, y + s, x, y};
  l.xy.insert(l.xy.end(), std::begin(ring), std::end(ring));
  l.bounds.add(x, y);
  l.bounds.add(x + s, y + s);
  l.ring_offsets.push_back(static_cast<uint32_t>(l.xy.size() / 2));
  l.part_kinds.push_back(geo::PartKind::Polygon);
  l.part_offsets.push_back(static_cast<uint32_t>(l.ring_offsets.size() - 1));
  l.feature_offsets.push_back(static_cast<uint32_t>(l.part_kinds.size()));
}

// A layer of n squares of growing size along a row.
geo::VectorLayer squares(int n) {
  geo::VectorLayer l;
  l.crs = "EPSG:4549";
  for (int i = 0; i < n; ++i) add_square(l, 540000 + 100.0 * i * i, 3990000, 1.0 + i);
  return l;
}

}  // namespace

TEST_CASE("mesh keeps every polygon's area and tags vertices with their feature", "[geo][mesh]") {
  const geo::VectorLayer layer = squares(50);
  const geo::Mesh mesh = geo::build_mesh(layer);
  double area = 0;
  std::vector<int> seen(50, 0);
  for (const geo::MeshBucket& b : mesh.buckets) {
    for (size_t t = 0; t < b.fill_indices.size(); t += 3) {
      const auto& a = b.fill_vertices[b.fill_indices[t]];
      const auto& c = b.fill_vertices[b.fill_indices[t + 1]];
      const auto& d = b.fill_vertices[b.fill_indices[t + 2]];
      CHECK(a.feature == c.feature);
      CHECK(a.feature == d.feature);
      area += std::abs((c.x - a.x) * (d.y - a.y) - (c.y - a.y) * (d.x - a.x)) / 2.0;
      seen[a.feature] = 1;
    }
  }
  double expected = 0;
  for (int i = 0; i < 50; ++i) expected += (1.0 + i) * (1.0 + i);
  CHECK(area == Approx(expected).epsilon(1e-6));
  CHECK(std::count(seen.begin(), seen.end(), 1) == 50);
  CHECK(mesh.triangles == 100);
  CHECK(mesh.outline_segments == 200);
}

TEST_CASE("mesh buckets list features largest first, so LOD is a prefix", "[geo][mesh]") {
  const geo::VectorLayer layer = squares(200);
  const geo::Mesh mesh = geo::build_mesh(layer);
  size_t features = 0;
  for (const geo::MeshBucket& b : mesh.buckets) {
    features += b.features.size();
    REQUIRE(b.sizes.size() == b.features.size());
    REQUIRE(b.fill_ends.size() == b.features.size() + 1);
    CHECK(std::is_sorted(b.sizes.rbegin(), b.sizes.rend()));
    // The prefix up to rank_below(s) holds exactly the features at least s wide.
    const size_t k = b.rank_below(50.0);
    for (size_t r = 0; r < b.features.size(); ++r) CHECK((b.sizes[r] >= 50.0f) == (r < k));
    for (uint32_t i = 0; i < b.fill_ends[k]; ++i) {
      const uint32_t f = b.fill_vertices[b.fill_indices[i]].feature;
      CHECK(1.0 + f >= 50.0);
    }
    // Vertices are float offsets from the bucket's double origin: origin + offset
    // lands back inside the bucket (within float rounding).
    geo::Bbox grown = b.bounds;
    grown.min_x -= 1, grown.min_y -= 1, grown.max_x += 1, grown.max_y += 1;
    for (const auto& v : b.fill_vertices) CHECK(grown.contains(b.origin_x + v.x, b.origin_y + v.y));
  }
  CHECK(features == 200);
}

TEST_CASE("a view's geometry is built for the buckets it draws as geometry, and only those", "[geo][mesh]") {
  // 100 × 100 squares 100 units apart: 5 to 20 units wide in the west half, 40 to 60
  // in the east.
  geo::VectorLayer layer;
  layer.crs = "EPSG:4549";
  for (int j = 0; j < 100; ++j)
    for (int i = 0; i < 100; ++i)
      add_square(layer, 540000 + 100.0 * i, 3990000 + 100.0 * j, i < 50 ? 5 + (i + j) % 16 : 40 + (i * 7 + j) % 21);
  const geo::Mesh whole = geo::build_mesh(layer);
  geo::Mesh mesh = geo::build_mesh_index(layer);
  REQUIRE(mesh.buckets.size() == whole.buckets.size());
  REQUIRE(mesh.buckets.size() > 4);
  // A view across the middle, at 10 units a pixel: squares under 30 units are pixels.
  const double pixel = 10.0;
  geo::Bbox view;
  view.add(540000 + 100.0 * 20, 3990000 + 100.0 * 10);
  view.add(540000 + 100.0 * 80, 3990000 + 100.0 * 60);
  const size_t built = geo::build_view_geometry(layer, mesh, view, pixel);
  size_t expected = 0, outside = 0, small = 0;
  for (size_t i = 0; i < mesh.buckets.size(); ++i) {
    const geo::MeshBucket& b = mesh.buckets[i];
    const bool meets = b.bounds.intersects(view);
    const bool needs = b.sizes.front() >= geo::kGeometryPx * pixel;
    INFO("bucket " << i << ": largest " << b.sizes.front() << ", meets the view " << meets);
    CHECK(b.has_geometry == (meets && needs));
    outside += meets ? 0 : 1;
    small += meets && !needs ? 1 : 0;
    if (!b.has_geometry) {
      CHECK(b.fill_indices.empty());
      continue;
    }
    ++expected;
    // The same geometry as built for the whole layer at once.
    const geo::MeshBucket& w = whole.buckets[i];
    CHECK(b.features == w.features);
    CHECK(b.fill_indices == w.fill_indices);
    CHECK(b.fill_ends == w.fill_ends);
    CHECK(b.outlines.size() == w.outlines.size());
  }
  CHECK(built == expected);
  CHECK(expected > 0);
  CHECK(outside > 0);  // buckets off the view are left to be built when shown
  CHECK(small > 0);    // and those in it whose features are all pixels
  CHECK(mesh.triangles == 2 * [&] {
    size_t n = 0;
    for (const geo::MeshBucket& b : mesh.buckets) n += b.has_geometry ? b.features.size() : 0;
    return n;
  }());
  // Built again: nothing more to do.
  CHECK(geo::build_view_geometry(layer, mesh, view, pixel) == 0);
}
