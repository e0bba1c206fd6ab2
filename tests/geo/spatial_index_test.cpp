#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "geo/spatial_index.hpp"
#include "support/layer_builder.hpp"

namespace {

using geo::PartKind;
using testdata::LayerBuilder;
using testdata::rect;
using testdata::Ring;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<uint32_t> ids(const std::vector<geo::Hit>& hits) {
  std::vector<uint32_t> out;
  for (const geo::Hit& h : hits) out.push_back(h.feature);
  return out;
}

// Identify over every feature, no index.
std::vector<geo::Hit> brute_identify(const geo::VectorLayer& l, double x, double y, double tol, double eps) {
  std::vector<geo::Hit> hits;
  for (size_t f = 0; f < l.feature_count(); ++f) {
    const double d = geo::feature_hit_distance(l, f, x, y, tol, eps);
    if (d >= 0) hits.push_back({static_cast<uint32_t>(f), d});
  }
  std::sort(hits.begin(), hits.end(), [](const geo::Hit& a, const geo::Hit& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.feature > b.feature;
  });
  return hits;
}

}  // namespace

TEST_CASE("identify finds the polygon under the point, not its hole", "[geo][index]") {
  LayerBuilder b;
  b.polygon({rect(0, 0, 10, 10), rect(4, 4, 6, 6)});
  const geo::SpatialIndex index = geo::SpatialIndex::build(b.layer);

  auto hits = index.identify(b.layer, 2, 2, 0);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].feature == 0);
  CHECK(hits[0].distance == 0);

  CHECK(index.identify(b.layer, 5, 5, 0).empty());    // in the hole
  CHECK(index.identify(b.layer, 5, 5, 0.5).empty());  // 1 from the hole's edge
  hits = index.identify(b.layer, 5, 5.8, 0.5);         // 0.2 from the hole's edge
  REQUIRE(hits.size() == 1);
  CHECK_THAT(hits[0].distance, Catch::WithinAbs(0.2, 1e-12));
  CHECK(index.identify(b.layer, 4, 5, 0).size() == 1);  // on the hole's edge
  CHECK(index.identify(b.layer, 11, 5, 0).empty());
  hits = index.identify(b.layer, 11, 5, 1.5);
  REQUIRE(hits.size() == 1);
  CHECK_THAT(hits[0].distance, Catch::WithinAbs(1.0, 1e-12));
}

TEST_CASE("a point on a shared edge hits both polygons, top one first", "[geo][index]") {
  // Map-sized coordinates and a slanted shared edge, so the click point is not
  // exactly representable on it.
  const double ox = 540000.123, oy = 3990000.456;
  LayerBuilder b;
  b.polygon({{ox, oy, ox + 10, oy, ox + 3, oy + 7, ox, oy}});            // left of the slant
  b.polygon({{ox + 10, oy, ox + 13, oy + 7, ox + 3, oy + 7, ox + 10, oy}});  // right of it
  b.polygon({rect(ox + 20, oy, ox + 30, oy + 10)});
  b.polygon({rect(ox + 30, oy, ox + 40, oy + 10)});
  const geo::SpatialIndex index = geo::SpatialIndex::build(b.layer);
  REQUIRE(index.edge_epsilon() > 0);

  for (double t : {0.1, 0.37, 0.5, 0.9}) {
    const double x = ox + 10 + t * (3 - 10), y = oy + t * 7;
    const auto hits = index.identify(b.layer, x, y, 0);
    CHECK(ids(hits) == std::vector<uint32_t>{1, 0});
    for (const auto& h : hits) CHECK(h.distance == 0);
  }
  CHECK(ids(index.identify(b.layer, ox + 30, oy + 5, 0)) == std::vector<uint32_t>{3, 2});
  CHECK(ids(index.identify(b.layer, ox + 30, oy + 10, 0)) == std::vector<uint32_t>{3, 2});  // corner
  CHECK(ids(index.identify(b.layer, ox + 29.99, oy + 5, 0)) == std::vector<uint32_t>{2});
}

TEST_CASE("overlapping features are all listed, nearest then topmost", "[geo][index]") {
  LayerBuilder b;
  b.polygon({rect(0, 0, 10, 10)});
  b.polygon({rect(5, 5, 15, 15)});
  b.polygon({rect(6, 6, 8, 8)});
  const geo::SpatialIndex index = geo::SpatialIndex::build(b.layer);
  CHECK(ids(index.identify(b.layer, 7, 7, 0)) == std::vector<uint32_t>{2, 1, 0});
  CHECK(ids(index.identify(b.layer, 9, 9, 0)) == std::vector<uint32_t>{1, 0});
  // Outside all three: 0.5 from feature 0, 1.5 from feature 1.
  const auto hits = index.identify(b.layer, 10.5, 2, 2);
  REQUIRE(ids(hits) == std::vector<uint32_t>{0});
  const auto hits2 = index.identify(b.layer, 16, 10.5, 2);  // 1 from feature 1 only
  REQUIRE(ids(hits2) == std::vector<uint32_t>{1});
  const auto hits3 = index.identify(b.layer, 10.5, 4.3, 1);  // 0.5 from 0, 0.7 from 1
  REQUIRE(ids(hits3) == std::vector<uint32_t>{0, 1});
  CHECK_THAT(hits3[0].distance, Catch::WithinAbs(0.5, 1e-12));
  CHECK_THAT(hits3[1].distance, Catch::WithinAbs(0.7, 1e-12));
  // Equally near: the later (drawn on top) first.
  CHECK(ids(index.identify(b.layer, 10.5, 4.5, 1)) == std::vector<uint32_t>{1, 0});
}

TEST_CASE("lines and points are hit within the tolerance", "[geo][index]") {
  LayerBuilder b;
  b.line({0, 0, 10, 0, 10, 10});
  b.point(20, 20);
  const geo::SpatialIndex index = geo::SpatialIndex::build(b.layer);

  auto hits = index.identify(b.layer, 5, 0.4, 0.5);
  REQUIRE(ids(hits) == std::vector<uint32_t>{0});
  CHECK_THAT(hits[0].distance, Catch::WithinAbs(0.4, 1e-12));
  CHECK(index.identify(b.layer, 5, 0.6, 0.5).empty());
  CHECK(index.identify(b.layer, 5, 5, 0.5).empty());  // inside the bend: a line has no inside
  CHECK(ids(index.identify(b.layer, 5, 0, 0)) == std::vector<uint32_t>{0});  // exactly on it
  hits = index.identify(b.layer, 11, 11, 1.5);  // past the end: distance to the end vertex
  REQUIRE(ids(hits) == std::vector<uint32_t>{0});
  CHECK_THAT(hits[0].distance, Catch::WithinAbs(std::sqrt(2.0), 1e-12));

  hits = index.identify(b.layer, 20.3, 20.4, 0.6);
  REQUIRE(ids(hits) == std::vector<uint32_t>{1});
  CHECK_THAT(hits[0].distance, Catch::WithinAbs(0.5, 1e-12));
  CHECK(index.identify(b.layer, 20.3, 20.4, 0.4).empty());
  CHECK(ids(index.identify(b.layer, 20, 20, 0)) == std::vector<uint32_t>{1});
}

TEST_CASE("a multipolygon is hit through any of its parts", "[geo][index]") {
  LayerBuilder b;
  b.part(PartKind::Polygon, {rect(0, 0, 1, 1)});
  b.part(PartKind::Polygon, {rect(5, 5, 6, 6), rect(5.2, 5.2, 5.8, 5.8)});
  b.part(PartKind::Line, {{10, 0, 10, 10}});
  b.end_feature();
  b.polygon({rect(2, 2, 3, 3)});
  const geo::SpatialIndex index = geo::SpatialIndex::build(b.layer);
  CHECK(ids(index.identify(b.layer, 0.5, 0.5, 0)) == std::vector<uint32_t>{0});
  CHECK(ids(index.identify(b.layer, 5.1, 5.5, 0)) == std::vector<uint32_t>{0});
  CHECK(index.identify(b.layer, 5.5, 5.5, 0).empty());  // hole of the second part
  CHECK(index.identify(b.layer, 4, 4, 0).empty());      // between the parts
  CHECK(ids(index.identify(b.layer, 2.5, 2.5, 0)) == std::vector<uint32_t>{1});
  CHECK(ids(index.identify(b.layer, 10.1, 5, 0.2)) == std::vector<uint32_t>{0});
  CHECK(index.query_box({3.5, 3.5, 4.5, 4.5}) == std::vector<uint32_t>{0});  // bbox only
}

TEST_CASE("an empty layer gives an empty index", "[geo][index]") {
  const geo::VectorLayer empty;
  const geo::SpatialIndex index = geo::SpatialIndex::build(empty);
  CHECK(index.feature_count() == 0);
  CHECK(index.identify(empty, 0, 0, 1).empty());
  CHECK(index.query_box({-1e9, -1e9, 1e9, 1e9}).empty());

  // Features with no parts at all.
  LayerBuilder b;
  b.end_feature();
  b.end_feature();
  const geo::SpatialIndex index2 = geo::SpatialIndex::build(b.layer);
  CHECK(index2.feature_count() == 2);
  CHECK(index2.identify(b.layer, 0, 0, 1e9).empty());
  CHECK(index2.query_box({-1e9, -1e9, 1e9, 1e9}).empty());
}

TEST_CASE("NaN coordinates are ignored", "[geo][index]") {
  LayerBuilder b;
  // A square with a NaN vertex: dropped, the ring closes over it.
  b.polygon({{0, 0, 10, 0, kNaN, kNaN, 10, 10, 0, 10, 0, 0}});
  b.polygon({{kNaN, kNaN, kNaN, 1, 1, kNaN, kNaN, kNaN}});  // nothing finite
  b.line({20, 0, 30, 0, kNaN, 5, 30, 10, 40, 10});           // broken in two
  b.point(kNaN, kNaN);
  const geo::SpatialIndex index = geo::SpatialIndex::build(b.layer);

  CHECK(ids(index.identify(b.layer, 5, 5, 0)) == std::vector<uint32_t>{0});
  CHECK(ids(index.identify(b.layer, 25, 0.1, 0.2)) == std::vector<uint32_t>{2});
  CHECK(ids(index.identify(b.layer, 35, 10, 0)) == std::vector<uint32_t>{2});
  CHECK(index.identify(b.layer, 30, 5, 0.5).empty());  // no segment across the NaN
  CHECK(index.identify(b.layer, kNaN, 5, 1).empty());
  CHECK(index.identify(b.layer, 5, kNaN, 1).empty());
  CHECK(ids(index.identify(b.layer, 5, 5, kNaN)) == std::vector<uint32_t>{0});
  CHECK(index.identify(b.layer, 11, 5, kNaN).empty());
  CHECK(index.query_box({kNaN, kNaN, kNaN, kNaN}).empty());
  CHECK(index.query_box({-1e300, -1e300, 1e300, 1e300}) == std::vector<uint32_t>{0, 2});
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(index.query_box({-inf, -inf, inf, inf}) == std::vector<uint32_t>{0, 2});
  CHECK(ids(index.identify(b.layer, 1000, 1000, inf)) == std::vector<uint32_t>{2, 0});
}

TEST_CASE("a feature spanning the extent goes in the large list and is still found", "[geo][index]") {
  LayerBuilder b;
  b.polygon({rect(-1, -1, 1001, 1001), rect(400, 400, 600, 600)});  // frame with a hole
  for (int i = 0; i < 100; ++i)
    for (int j = 0; j < 100; ++j) b.polygon({rect(i * 10.0, j * 10.0, i * 10.0 + 8, j * 10.0 + 8)});
  const uint32_t diagonal = b.line({0, 0, 1000, 1000});
  const geo::SpatialIndex index = geo::SpatialIndex::build(b.layer);
  CHECK(index.large_feature_count() >= 1);
  CHECK(index.grid_width() > 10);
  CHECK(index.cell_entry_count() < 4 * b.layer.feature_count());

  CHECK(ids(index.identify(b.layer, 4, 4, 0)) == std::vector<uint32_t>{diagonal, 1, 0});
  CHECK(ids(index.identify(b.layer, 9, 4, 0)) == std::vector<uint32_t>{0});
  CHECK(ids(index.identify(b.layer, 999, 4, 0)) == std::vector<uint32_t>{0});
  // In the frame's hole: only the small square there.
  CHECK(ids(index.identify(b.layer, 505, 502, 0)) == std::vector<uint32_t>{1 + 50 * 100 + 50});
  CHECK(index.query_box({1005, 1005, 2000, 2000}).empty());
  CHECK(index.query_box({1000.5, 1000.5, 2000, 2000}) == std::vector<uint32_t>{0});
  const auto all = index.query_box({-5, -5, 1005, 1005});
  CHECK(all.size() == b.layer.feature_count());
}

TEST_CASE("query_box matches a scan of every feature's bbox", "[geo][index]") {
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> u(0, 1);
  LayerBuilder b;
  const double ox = 500000, oy = 4000000, extent = 10000;
  for (int f = 0; f < 10000; ++f) {
    const double x = ox + u(rng) * extent, y = oy + u(rng) * extent;
    const double s = std::pow(10.0, -2 + 5 * u(rng) * u(rng));  // 0.01 .. 1000, mostly small
    const double r = u(rng);
    if (r < 0.6) {
      b.polygon({{x, y, x + s, y + 0.3 * s, x + 0.5 * s, y + s, x, y}});
    } else if (r < 0.8) {
      b.line({x, y, x + s, y - s * u(rng), x + 2 * s * u(rng), y + s});
    } else if (r < 0.95) {
      b.point(x, y);
    } else if (r < 0.99) {
      b.polygon({{x, y, kNaN, y, x, y + s, x, y}});
    } else if (r < 0.995) {
      b.polygon({{kNaN, kNaN, kNaN, kNaN}});
    } else {
      b.polygon({rect(ox - 1, oy - 1, ox + extent * u(rng), oy + extent + 1)});  // huge
    }
  }
  const geo::SpatialIndex index = geo::SpatialIndex::build(b.layer);
  INFO("grid " << index.grid_width() << "x" << index.grid_height() << ", large "
               << index.large_feature_count());
  CHECK(index.large_feature_count() > 0);
  std::vector<geo::Bbox> bounds;
  for (size_t f = 0; f < b.layer.feature_count(); ++f) bounds.push_back(b.layer.feature_bounds(f));

  for (int i = 0; i < 1000; ++i) {
    const double x = ox - 500 + u(rng) * (extent + 1000), y = oy - 500 + u(rng) * (extent + 1000);
    const double w = i % 10 == 0 ? u(rng) * extent : std::pow(10.0, -3 + 5 * u(rng));
    const double h = i % 7 == 0 ? 0.0 : w * (0.2 + u(rng));
    geo::Bbox q{x, y, x + w, y + h};
    if (i % 50 == 0) q = {x, y, x, y};  // a point
    std::vector<uint32_t> expected;
    for (size_t f = 0; f < bounds.size(); ++f)
      if (bounds[f].intersects(q)) expected.push_back(static_cast<uint32_t>(f));
    INFO("query " << i);
    REQUIRE(index.query_box(q) == expected);
  }
  // Exactly on a feature's bbox edge counts.
  for (uint32_t f = 0; f < 200; ++f) {
    const geo::Bbox& fb = bounds[f];
    if (fb.empty()) continue;
    const auto got = index.query_box({fb.max_x, fb.max_y, fb.max_x + 1, fb.max_y + 1});
    CHECK(std::binary_search(got.begin(), got.end(), f));
  }
}

TEST_CASE("identify matches a brute-force identify over all features", "[geo][index]") {
  std::mt19937 rng(777);
  std::uniform_real_distribution<double> u(0, 1);
  LayerBuilder b;
  const double ox = 540000, oy = 3990000, extent = 2000;
  for (int f = 0; f < 3000; ++f) {
    const double x = ox + u(rng) * extent, y = oy + u(rng) * extent;
    const double s = std::pow(10.0, -1 + 3 * u(rng) * u(rng));  // 0.1 .. 100
    const double r = u(rng);
    if (r < 0.4) {  // 9-vertex parcel-like ring
      Ring ring;
      for (int k = 0; k < 8; ++k) {
        const double a = k * 0.785398, rad = s * (0.6 + 0.4 * u(rng));
        ring.push_back(x + rad * std::cos(a));
        ring.push_back(y + rad * std::sin(a));
      }
      ring.push_back(ring[0]);
      ring.push_back(ring[1]);
      b.polygon({ring});
    } else if (r < 0.55) {  // with a hole
      b.polygon({rect(x, y, x + s, y + s), rect(x + 0.25 * s, y + 0.25 * s, x + 0.75 * s, y + 0.75 * s)});
    } else if (r < 0.65) {  // multipolygon + line
      b.part(PartKind::Polygon, {rect(x, y, x + s, y + s)});
      b.part(PartKind::Polygon, {rect(x + 2 * s, y, x + 3 * s, y + s)});
      b.part(PartKind::Line, {{x, y - s, x + 3 * s, y - 2 * s}});
      b.end_feature();
    } else if (r < 0.8) {
      b.line({x, y, x + s, y + s * (u(rng) - 0.5), x + 2 * s, y, x + 2 * s, y + 3 * s});
    } else if (r < 0.92) {
      b.point(x, y);
    } else if (r < 0.97) {
      b.polygon({{x, y, x + s, y, kNaN, kNaN, x + s, y + s, x, y + s, x, y}});
    } else if (r < 0.995) {
      b.polygon({{kNaN, y, x, kNaN}});
    } else {  // huge frame with a big hole
      b.polygon({rect(ox - 10, oy - 10, ox + extent + 10, oy + extent + 10),
                 rect(ox + 100, oy + 100, ox + 100 + u(rng) * 1500, oy + 100 + u(rng) * 1500)});
    }
  }
  const geo::VectorLayer& l = b.layer;
  const geo::SpatialIndex index = geo::SpatialIndex::build(l);
  CHECK(index.large_feature_count() > 0);

  size_t total_hits = 0;
  for (int i = 0; i < 2000; ++i) {
    double x = ox - 50 + u(rng) * (extent + 100), y = oy - 50 + u(rng) * (extent + 100);
    if (i % 4 == 0) {  // exactly on a vertex or an edge midpoint of some feature
      const size_t v = static_cast<size_t>(u(rng) * (l.vertex_count() - 1));
      const double t = i % 8 == 0 ? 0.0 : 0.5;
      x = l.xy[2 * v] + t * (l.xy[2 * v + 2] - l.xy[2 * v]);
      y = l.xy[2 * v + 1] + t * (l.xy[2 * v + 3] - l.xy[2 * v + 1]);
      if (!std::isfinite(x) || !std::isfinite(y)) continue;
    }
    const double tol = i % 5 == 0 ? 0.0 : std::pow(10.0, -2 + 3 * u(rng));
    const auto got = index.identify(l, x, y, tol);
    const auto expected = brute_identify(l, x, y, tol, index.edge_epsilon());
    INFO("query " << i << " at " << x << "," << y << " tol " << tol);
    REQUIRE(ids(got) == ids(expected));
    for (size_t k = 0; k < got.size(); ++k) REQUIRE(got[k].distance == expected[k].distance);
    total_hits += got.size();
  }
  CHECK(total_hits > 1000);
}
